using Newtonsoft.Json.Linq;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Editor;

/// <summary>The language-server tests start processes and time them: they run on their own, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LanguageServerCollection
{
    public const string Name = "Language server";
}

/// <summary>A temporary folder of policy files, with LSP positions and edits computed from their text.</summary>
public sealed class LspWorkspace : IDisposable
{
    public LspWorkspace() => Root = Directory.CreateTempSubdirectory("pe-lsp-").FullName;

    public string Root { get; }

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public static string Uri(string path) => new Uri(path).AbsoluteUri;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The zero-based LSP position of the <paramref name="occurrence"/>-th <paramref name="marker"/> in the text, plus a character offset.</summary>
    public static object PositionOf(string text, string marker, int plus = 0, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
            index.ShouldBeGreaterThanOrEqualTo(0, $"'{marker}' is not in the text");
        }
        var position = new SourceText(text, "x").GetPosition(index + plus);
        return new { line = position.Line, character = position.Character };
    }

    public static (int Line, int Character) LineAndCharacter(JToken position) => ((int)position["line"]!, (int)position["character"]!);

    /// <summary>Applies LSP text edits (non-overlapping) to a text.</summary>
    public static string Apply(string text, JArray edits)
    {
        var source = new SourceText(text, "x");
        var resolved = edits.Select(e =>
        {
            var start = LineAndCharacter(e["range"]!["start"]!);
            var end = LineAndCharacter(e["range"]!["end"]!);
            return (Start: source.GetOffset(start.Line, start.Character), End: source.GetOffset(end.Line, end.Character), Text: (string)e["newText"]!);
        }).OrderByDescending(e => e.Start).ToList();
        foreach (var (start, end, replacement) in resolved) text = text[..start] + replacement + text[end..];
        return text;
    }

    public static object TextDocument(string uri) => new { uri };

    public static object Open(string uri, string text, int version = 1) =>
        new { textDocument = new { uri, languageId = "policy", version, text } };
}

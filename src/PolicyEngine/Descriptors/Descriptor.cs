using PolicyEngine.Runtime;
using PolicyEngine.Text;

namespace PolicyEngine.Descriptors;

/// <summary>A loaded model release descriptor: its facts laid out for compiled rules, where they came from,
/// and a hash for the provenance stamp.</summary>
public sealed class Descriptor
{
    internal Descriptor(string path, SourceText? text, Record root, IReadOnlyDictionary<string, string> sources, string sha256)
    {
        Path = path;
        Text = text;
        Root = root;
        Sources = sources;
        Sha256 = sha256;
    }

    /// <summary>The file as the user named it ("" for a descriptor built in memory).</summary>
    public string Path { get; }

    public SourceText? Text { get; }
    public Record Root { get; }

    /// <summary>Fact path (or prefix) → where it was published.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    public string Sha256 { get; }

    public string? ModelId => Root.Shape.Find("model.id") is { } f ? Root.Strings[f.Slot] : null;

    public string DisplayName => ModelId ?? (Path.Length > 0 ? System.IO.Path.GetFileNameWithoutExtension(Path) : "descriptor");

    /// <summary>The published source of a fact: the entry for its path or the longest prefix of it.</summary>
    public string? SourceOf(string path)
    {
        var probe = StripIndexes(path);
        while (true)
        {
            if (Sources.TryGetValue(probe, out var source)) return source;
            var dot = probe.LastIndexOf('.');
            if (dot < 0) return null;
            probe = probe[..dot];
        }
    }

    private static string StripIndexes(string path)
    {
        if (!path.Contains('[')) return path;
        var sb = new System.Text.StringBuilder(path.Length);
        var depth = 0;
        foreach (var ch in path)
        {
            if (ch == '[') depth++;
            else if (ch == ']') depth--;
            else if (depth == 0) sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>A copy whose facts can be changed (tests' <c>set</c>, what-if) without touching this one.</summary>
    public Descriptor WithRoot(Record root) => new(Path, Text, root, Sources, Sha256);
}

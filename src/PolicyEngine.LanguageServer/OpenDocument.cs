using PolicyEngine.LanguageServer.Protocol;
using PolicyEngine.Syntax;
using PolicyEngine.Text;
using Position = PolicyEngine.LanguageServer.Protocol.Position;
using TextSpan = PolicyEngine.Text.TextSpan;
using Token = Superpower.Model.Token<PolicyEngine.Syntax.PolicyToken>;

namespace PolicyEngine.LanguageServer;

/// <summary>
/// One version of a document the editor has open. Immutable: a change makes a new one, so analysis running on
/// another thread always sees a consistent text. The parse and tokens are made on first use.
/// </summary>
internal sealed class OpenDocument
{
    private readonly Lazy<SyntaxTree> _tree;
    private readonly Lazy<Token[]> _tokens;

    public OpenDocument(string uri, int version, string text)
    {
        Uri = uri;
        Version = version;
        IsFile = DocumentUris.TryGetFilePath(uri, out var path);
        // A document that is not a file (an untitled buffer) still needs a path for diagnostics; imports in it
        // resolve from the current folder.
        Path = IsFile ? path : System.IO.Path.GetFullPath(SafeName(uri));
        Source = new SourceText(text, Path);
        _tree = new(() => SyntaxTree.Parse(Source), LazyThreadSafetyMode.ExecutionAndPublication);
        _tokens = new(() => PolicyTokenizer.Instance.TokenizeAll(text), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Uri { get; }
    public int Version { get; }
    public bool IsFile { get; }

    /// <summary>The full path (for file: URIs), used for imports and to match diagnostics.</summary>
    public string Path { get; }

    public string Text => Source.Text;
    public SourceText Source { get; }
    public SyntaxTree Tree => _tree.Value;
    public Token[] Tokens => _tokens.Value;

    /// <summary>The pack the document is compiled with: its folder (as <c>policyengine lint &lt;folder&gt;</c> does).</summary>
    public string PackKey => IsFile ? System.IO.Path.GetDirectoryName(Path) ?? Path : "untitled:" + Uri;

    public int OffsetOf(Position position) =>
        Math.Clamp(Source.GetOffset(Math.Max(0, position.Line), Math.Max(0, position.Character)), 0, Text.Length);

    public Position PositionOf(int offset)
    {
        var p = Source.GetPosition(offset);
        return new Position(p.Line, p.Character);
    }

    public Protocol.Range RangeOf(TextSpan span) => new(PositionOf(span.Start), PositionOf(span.End));

    /// <summary>Applies the editor's changes in order; a change without a range replaces the whole text.</summary>
    public OpenDocument With(int version, IEnumerable<TextDocumentContentChangeEvent> changes)
    {
        var text = Text;
        var source = Source;
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                text = change.Text;
            }
            else
            {
                var start = Offset(source, change.Range.Start);
                var end = Math.Max(start, Offset(source, change.Range.End));
                text = string.Concat(text.AsSpan(0, start), change.Text, text.AsSpan(end));
            }
            source = new SourceText(text, Path);
        }
        return new OpenDocument(Uri, version, text);
    }

    private static int Offset(SourceText source, Position position)
    {
        if (position.Line >= source.LineCount) return source.Text.Length;
        var lineStart = source.GetOffset(position.Line, 0);
        var lineLength = source.GetLineText(position.Line).Length;
        return lineStart + Math.Clamp(position.Character, 0, lineLength);
    }

    private static string SafeName(string uri)
    {
        var name = new string(uri.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return name.EndsWith(".policy", StringComparison.Ordinal) ? name : name + ".policy";
    }
}

using Newtonsoft.Json.Linq;

namespace PolicyEngine.LanguageServer.Protocol;

// The few Language Server Protocol types the server uses (LSP 3.17), serialized with camelCase names and
// without null members. Positions are zero-based lines and UTF-16 code units, as .NET strings index them.

public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextEdit(Range Range, string NewText);

public static class MarkupKind
{
    public const string Markdown = "markdown";
    public const string PlainText = "plaintext";
}

public sealed record MarkupContent(string Kind, string Value);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

// ---- Lifecycle --------------------------------------------------------------------------------

public sealed record InitializeParams(int? ProcessId, string? RootUri, JToken? Capabilities, JToken? InitializationOptions);

public sealed record ServerInfo(string Name, string Version);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public static class TextDocumentSyncKind
{
    public const int None = 0;
    public const int Full = 1;
    public const int Incremental = 2;
}

public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, bool Save);

public sealed record CompletionOptions(IReadOnlyList<string> TriggerCharacters, bool ResolveProvider);

public sealed record ServerCapabilities(
    string PositionEncoding,
    TextDocumentSyncOptions TextDocumentSync,
    CompletionOptions CompletionProvider,
    bool HoverProvider,
    bool DefinitionProvider,
    bool DocumentFormattingProvider);

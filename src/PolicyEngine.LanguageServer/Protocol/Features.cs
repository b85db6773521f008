namespace PolicyEngine.LanguageServer.Protocol;

public sealed record CompletionContext(int TriggerKind, string? TriggerCharacter);

public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, CompletionContext? Context)
    : TextDocumentPositionParams(TextDocument, Position);

public enum CompletionItemKind
{
    Text = 1,
    Method = 2,
    Function = 3,
    Field = 5,
    Variable = 6,
    Class = 7,
    Module = 9,
    Property = 10,
    Value = 12,
    Keyword = 14,
    File = 17,
    Reference = 18,
    EnumMember = 20,
    Constant = 21,
    Struct = 22,
}

public sealed record CompletionItem(string Label, CompletionItemKind Kind)
{
    public string? Detail { get; init; }
    public MarkupContent? Documentation { get; init; }
    public string? SortText { get; init; }
    public string? FilterText { get; init; }
    public TextEdit? TextEdit { get; init; }
}

public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);

public sealed record Hover(MarkupContent Contents, Range? Range);

public sealed record FormattingOptions(int TabSize, bool InsertSpaces);

public sealed record DocumentFormattingParams(TextDocumentIdentifier TextDocument, FormattingOptions? Options);

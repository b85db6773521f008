using PolicyEngine.Syntax;

namespace PolicyEngine.LanguageServer;

public sealed record LanguageServerOptions
{
    /// <summary>
    /// How long to wait after a change before checking the document, so a burst of keystrokes is checked once.
    /// Small, so diagnostics arrive well within 200 ms of a change on a 1,000-line file.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(15);

    /// <summary>
    /// The formatter (the code <c>policyengine fmt</c> uses): a parsed file to its formatted text. Without one,
    /// formatting requests return no edits.
    /// </summary>
    public Func<SyntaxTree, string>? Formatter { get; init; }
}

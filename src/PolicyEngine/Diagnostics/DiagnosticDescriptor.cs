using System.Globalization;

namespace PolicyEngine.Diagnostics;

/// <summary>A kind of problem: stable ID, title, message format, category, default severity and help link.</summary>
public sealed class DiagnosticDescriptor
{
    public DiagnosticDescriptor(string id, string title, string messageFormat, string category, DiagnosticSeverity defaultSeverity)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Category = category;
        DefaultSeverity = defaultSeverity;
    }

    public string Id { get; }
    public string Title { get; }
    public string MessageFormat { get; }
    public string Category { get; }
    public DiagnosticSeverity DefaultSeverity { get; }

    /// <summary>Where the ID is documented, relative to the repository root.</summary>
    public string HelpLink => $"docs/diagnostics.md#{Id.ToLowerInvariant()}";

    /// <summary>The message with its arguments. A diagnostic prints on one line, so control characters in an argument
    /// (a string literal with a newline, a file name with a tab) are shown escaped.</summary>
    public string FormatMessage(object?[] args) => string.Format(CultureInfo.InvariantCulture, MessageFormat, args.Select(OneLine).ToArray());

    private static object? OneLine(object? argument) => argument is string text ? DiagnosticFormatter.OneLine(text) : argument;

    public override string ToString() => Id;
}

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

    public string FormatMessage(object?[] args) => string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

    public override string ToString() => Id;
}

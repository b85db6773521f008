namespace PolicyEngine.Diagnostics;

/// <summary>Prints diagnostics the way compilers do: <c>path(line,col): error PE0123: message</c>.</summary>
public static class DiagnosticFormatter
{
    public static string SeverityText(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };

    public static string Format(Diagnostic diagnostic)
    {
        var where = diagnostic.Location.Source is null ? "policyengine" : diagnostic.Location.ToString();
        return $"{where}: {SeverityText(diagnostic.Severity)} {diagnostic.Id}: {diagnostic.Message}";
    }

    /// <summary>Deterministic order: by file, then position, then ID.</summary>
    public static IReadOnlyList<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Span.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
}

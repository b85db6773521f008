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
        // A diagnostic about something without a name (an empty path on the command line) is the command line's.
        var where = diagnostic.Location.Source is not { Path.Length: > 0 } ? "policyengine" : OneLine(diagnostic.Location.ToString());
        return $"{where}: {SeverityText(diagnostic.Severity)} {diagnostic.Id}: {diagnostic.Message}";
    }

    /// <summary>The text with control characters escaped (\n, \t, \u0000), so that it prints on one line.</summary>
    public static string OneLine(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case var _ when char.IsControl(c): sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
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

using System.Text.RegularExpressions;
using System.Xml;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;

namespace PolicyEngine.Fuzz.Targets;

/// <summary>What behaving means: every diagnostic has a catalogued ID, a message on one line and a location inside
/// its file; a failure never passes; output in a machine format parses.</summary>
public static partial class Oracle
{
    private static readonly HashSet<string> Ids = DiagnosticDescriptors.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

    public static string? Check(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            if (!Ids.Contains(d.Id)) return $"diagnostic with an uncatalogued ID {d.Id}: {d}";
            if (string.IsNullOrWhiteSpace(d.Message)) return $"diagnostic {d.Id} without a message";
            if (d.Message.IndexOfAny(['\n', '\r']) >= 0) return $"diagnostic {d.Id} with a message over several lines: {d}";
            if (d.Location.Source is not { } source) return $"diagnostic without a location: {d}";
            if (d.Location.Path.Length == 0) return $"diagnostic without a file: {d}";
            if (d.Location.Span.Start < 0 || d.Location.Span.End > source.Text.Length + 1) return $"diagnostic {d.Id} outside its file ({d.Location.Span} in {source.Text.Length} characters): {d}";
        }
        return null;
    }

    /// <summary>Fail-closed: an error outcome blocks under every --fail-on, a pass has no failing error rule.</summary>
    public static string? Check(Verdict verdict)
    {
        foreach (var finding in verdict.Findings)
        {
            if (finding.Outcome == RuleOutcome.Error)
            {
                if (finding.Error is null || finding.ErrorDiagnostic is null) return $"rule {finding.Rule.Id} is an error without saying why";
                if (Check([finding.ErrorDiagnostic]) is { } problem) return problem;
                if (verdict.Kind != VerdictKind.Block) return $"rule {finding.Rule.Id} errored but the verdict is {verdict.Kind}";
                if (Enum.GetValues<FailOn>().Any(f => !verdict.IsBlocking(f))) return $"rule {finding.Rule.Id} errored but does not block under every --fail-on";
            }
            if (finding.Outcome == RuleOutcome.Fail && finding.Severity == DiagnosticSeverity.Error && verdict.Kind != VerdictKind.Block)
                return $"error rule {finding.Rule.Id} failed but the verdict is {verdict.Kind}";
        }
        return null;
    }

    [GeneratedRegex(@"^(.+\(\d+,\d+\)|policyengine): (error|warning|info) PE\d{4}: \S.*$")]
    private static partial Regex DiagnosticLine();

    /// <summary>The command line's standard error: diagnostics, one per line, and the usage hint.</summary>
    public static string? CheckStderr(string stderr, int exitCode)
    {
        foreach (var raw in stderr.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line == "Run 'policyengine --help' for usage.") continue;
            if (!DiagnosticLine().IsMatch(line)) return $"standard error has a line that is not a diagnostic: {Shorten(line)}";
            if (exitCode == 0 && line.Contains(": error PE", StringComparison.Ordinal)) return $"exit 0 with an error: {Shorten(line)}";
        }
        return null;
    }

    /// <summary>Every report format of a run: JSON and SARIF parse as JSON, JUnit as XML, Markdown is written.</summary>
    public static string? CheckReports(EvaluationRun run)
    {
        var json = new StringWriter();
        new JsonWriter().Write(run, json);
        if (CheckJson(json.ToString(), "the JSON report") is { } badJson) return badJson;
        var sarif = new StringWriter();
        new SarifWriter().Write(run, sarif);
        if (CheckJson(sarif.ToString(), "the SARIF report") is { } badSarif) return badSarif;
        var junit = new StringWriter();
        new JUnitWriter().Write(run, junit);
        if (CheckXml(junit.ToString(), "the JUnit report") is { } badXml) return badXml;
        new MarkdownWriter().Write(run, new StringWriter());
        return null;
    }

    public static string? CheckJson(string text, string what)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(text);
            return null;
        }
        catch (System.Text.Json.JsonException e)
        {
            return $"{what} is not valid JSON: {e.Message}";
        }
    }

    public static string? CheckXml(string text, string what)
    {
        try
        {
            var document = new XmlDocument { XmlResolver = null };
            document.LoadXml(text);
            return null;
        }
        catch (XmlException e)
        {
            return $"{what} is not valid XML: {e.Message}";
        }
    }

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

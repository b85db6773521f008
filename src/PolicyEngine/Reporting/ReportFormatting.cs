using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;

namespace PolicyEngine.Reporting;

/// <summary>Pieces the machine-readable writers share: counts, the deciding line of a finding, the proof as text,
/// and JSON text that is byte-identical on every machine ("\n" newlines, invariant numbers).</summary>
internal static class ReportFormatting
{
    /// <summary>Findings that a report lists: everything except pass and not-applicable.</summary>
    public static bool IsReported(Finding finding) =>
        finding.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown or RuleOutcome.Error or RuleOutcome.Waived;

    public static string Severity(DiagnosticSeverity severity) => DiagnosticFormatter.SeverityText(severity);

    public static string FailOnText(FailOn failOn) => failOn switch
    {
        FailOn.Unknown => "unknown",
        FailOn.Warning => "warning",
        _ => "error",
    };

    /// <summary>Failing error-severity findings and runtime errors: what the text format calls "errors".</summary>
    public static int Errors(Verdict verdict) =>
        verdict.Findings.Count(f => f.Outcome == RuleOutcome.Error || f.Outcome == RuleOutcome.Fail && f.Severity == DiagnosticSeverity.Error);

    public static int Warnings(Verdict verdict) =>
        verdict.Findings.Count(f => f.Outcome == RuleOutcome.Fail && f.Severity == DiagnosticSeverity.Warning);

    /// <summary>"1 error, 0 warnings, 2 unknown; 5 passed, 3 not applicable" (plus waived and runtime errors when there are any).</summary>
    public static string Summary(Verdict verdict)
    {
        var sb = new StringBuilder();
        sb.Append(Plural(Errors(verdict), "error")).Append(", ").Append(Plural(Warnings(verdict), "warning")).Append(", ")
            .Append(verdict.Count(RuleOutcome.Unknown).ToString(CultureInfo.InvariantCulture)).Append(" unknown; ")
            .Append(verdict.Count(RuleOutcome.Pass).ToString(CultureInfo.InvariantCulture)).Append(" passed, ")
            .Append(verdict.Count(RuleOutcome.NotApplicable).ToString(CultureInfo.InvariantCulture)).Append(" not applicable");
        var waived = verdict.Count(RuleOutcome.Waived);
        if (waived > 0) sb.Append(", ").Append(waived.ToString(CultureInfo.InvariantCulture)).Append(" waived");
        var faults = verdict.Count(RuleOutcome.Error);
        if (faults > 0) sb.Append(", ").Append(Plural(faults, "runtime error"));
        return sb.ToString();
    }

    public static string Plural(int n, string word) =>
        n == 1 ? "1 " + word : n.ToString(CultureInfo.InvariantCulture) + " " + word + "s";

    /// <summary>The waiver as one line: "justification (owner, until 2025-12-31)".</summary>
    public static string Waiver(Finding finding)
    {
        var details = new List<string>();
        if (finding.WaiverOwner is not null) details.Add(finding.WaiverOwner);
        if (finding.WaiverExpires is { } expires) details.Add("until " + expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var text = finding.WaiverJustification ?? "no justification given";
        return details.Count == 0 ? text : $"{text} ({string.Join(", ", details)})";
    }

    /// <summary>
    /// The descriptor line a finding is best shown at: the first fact with a line in the clauses that decided the
    /// outcome (the require clause of a failing rule, the clauses that were unknown for an unknown one); for an
    /// unknown finding, the nearest enclosing object of a missing fact that the descriptor has (where the fact
    /// belongs); then the first fact with a line anywhere in the proof; else null (the report uses line 1).
    /// </summary>
    public static int? DecidingLine(Finding finding, Descriptor descriptor)
    {
        var outcome = finding.Outcome == RuleOutcome.Waived ? finding.WaivedOutcome ?? RuleOutcome.Fail : finding.Outcome;
        var deciding = finding.Explanation.Where(n => outcome switch
        {
            RuleOutcome.Fail => n.Role == "require",
            RuleOutcome.Unknown => n.Value == "unknown",
            _ => false,
        });
        foreach (var node in deciding)
        {
            if (FirstLine(node) is { } line) return line;
        }
        foreach (var missing in finding.MissingFacts)
        {
            if (EnclosingLine(descriptor, missing) is { } line) return line;
        }
        foreach (var node in finding.Explanation)
        {
            if (FirstLine(node) is { } line) return line;
        }
        return null;
    }

    /// <summary>The line of the fact, or of the nearest object around it that the descriptor has.</summary>
    private static int? EnclosingLine(Descriptor descriptor, string path)
    {
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        var probe = bracket < 0 ? path : path[..bracket];
        while (probe.Length > 0)
        {
            if (descriptor.Root.Shape.Find(probe) is { } field && field.Ordinal < descriptor.Root.Lines.Length && descriptor.Root.Lines[field.Ordinal] > 0)
                return descriptor.Root.Lines[field.Ordinal];
            var dot = probe.LastIndexOf('.');
            if (dot < 0) break;
            probe = probe[..dot];
        }
        return null;
    }

    private static int? FirstLine(ExplanationNode node)
    {
        foreach (var fact in node.Facts)
        {
            if (fact.Line > 0) return fact.Line;
        }
        foreach (var part in node.Parts)
        {
            if (FirstLine(part) is { } line) return line;
        }
        return null;
    }

    /// <summary>The proof as indented lines, as the text format prints it (without colour).</summary>
    public static IReadOnlyList<string> ExplanationLines(IEnumerable<ExplanationNode> nodes)
    {
        var lines = new List<string>();
        foreach (var node in nodes) AddNode(lines, node, 0);
        return lines;
    }

    private static void AddNode(List<string> lines, ExplanationNode node, int indent)
    {
        var label = node.Role.Length > 0 ? node.Role.PadRight(8) : "  ";
        lines.Add($"{new string(' ', indent)}{label}{node.Expression}  = {node.Value}");
        var inner = indent + (node.Role.Length > 0 ? 4 : 2);
        foreach (var fact in node.Facts)
        {
            var sb = new StringBuilder().Append(' ', inner + 2).Append(fact.Path).Append(" = ").Append(fact.Value);
            if (fact.Line > 0) sb.Append(" (line ").Append(fact.Line.ToString(CultureInfo.InvariantCulture)).Append(')');
            if (fact.Source is not null) sb.Append(" [").Append(fact.Source).Append(']');
            lines.Add(sb.ToString());
        }
        foreach (var part in node.Parts) AddNode(lines, part, inner);
    }

    /// <summary>
    /// Everything known about one finding as plain text lines: message, missing facts, runtime error, waiver,
    /// the proof, and the rule's because and remedy.
    /// </summary>
    public static IReadOnlyList<string> FindingDetails(Finding finding, bool proof = true)
    {
        var lines = new List<string>();
        if (finding.Message is not null) lines.Add("message " + finding.Message);
        if (finding.MissingFacts.Count > 0) lines.Add("missing " + string.Join(", ", finding.MissingFacts));
        if (finding.Error is not null) lines.Add("error   " + finding.Error);
        if (finding.Outcome == RuleOutcome.Waived) lines.Add("waived  " + Waiver(finding));
        if (proof) lines.AddRange(ExplanationLines(finding.Explanation));
        if (finding.Rule.Because is not null) lines.Add("because " + finding.Rule.Because);
        if (finding.Rule.Remedy is not null && finding.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown) lines.Add("remedy  " + finding.Rule.Remedy);
        return lines;
    }

    /// <summary>Indented JSON with "\n" newlines whatever the platform, and a final newline.</summary>
    public static string Json(JToken token)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var json = new Newtonsoft.Json.JsonTextWriter(writer) { Formatting = Newtonsoft.Json.Formatting.Indented, Indentation = 2, IndentChar = ' ', CloseOutput = false })
        {
            json.Culture = CultureInfo.InvariantCulture;
            token.WriteTo(json);
        }
        writer.Write('\n');
        return writer.ToString();
    }

    /// <summary>A JSON value that is null when the text is.</summary>
    public static JToken Value(string? text) => text is null ? JValue.CreateNull() : new JValue(text);

    public static JArray Strings(IEnumerable<string> values) => new(values.Select(v => new JValue(v)));
}

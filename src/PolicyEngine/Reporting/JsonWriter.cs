using System.Globalization;
using Newtonsoft.Json.Linq;
using PolicyEngine.Binding;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Text;
using static PolicyEngine.Reporting.ReportFormatting;

namespace PolicyEngine.Reporting;

/// <summary>
/// The JSON formats <c>policyengine-eval</c> and <c>policyengine-lint</c>, version 1, documented field by field in
/// docs/output-formats.md. Every field is always present (null or empty when there is nothing to say), keys come in
/// a fixed order, and the output is byte-identical for the same inputs.
/// </summary>
public sealed class JsonWriter : IEvaluationWriter, ILintWriter
{
    public const string EvalFormat = "policyengine-eval";
    public const string LintFormat = "policyengine-lint";

    /// <summary>Bumped only for changes that can break a reader (a field removed, renamed or retyped); new fields keep the version.</summary>
    public const int Version = 1;

    public void Write(EvaluationRun run, TextWriter output) => output.Write(Json(Document(run)));

    public void Write(LintRun run, TextWriter output) => output.Write(Json(Document(run)));

    public static JObject Document(EvaluationRun run) => new()
    {
        ["format"] = EvalFormat,
        ["version"] = Version,
        ["engine"] = Engine(),
        ["fail_on"] = FailOnText(run.FailOn),
        ["explain"] = run.Explain,
        ["blocked"] = run.IsBlocked,
        ["verdicts"] = new JArray(run.Entries.Select(e => VerdictJson(e, run.FailOn))),
        ["diagnostics"] = new JArray(DiagnosticFormatter.Sort(run.Diagnostics).Select(DiagnosticJson)),
    };

    public static JObject Document(LintRun run)
    {
        var all = run.Diagnostics.ToList();
        return new JObject
        {
            ["format"] = LintFormat,
            ["version"] = Version,
            ["engine"] = Engine(),
            ["success"] = !run.HasErrors,
            ["counts"] = SeverityCounts(all),
            ["packs"] = new JArray(run.Packs.Select(p => new JObject
            {
                ["name"] = p.Name,
                ["success"] = p.Success,
                ["files"] = Strings(p.Trees.Select(t => t.Source.Path)),
                ["counts"] = SeverityCounts(p.Diagnostics),
                ["diagnostics"] = new JArray(DiagnosticFormatter.Sort(p.Diagnostics).Select(DiagnosticJson)),
            })),
        };
    }

    private static JObject Engine() => new()
    {
        ["name"] = "policyengine",
        ["version"] = CompiledPack.EngineVersion,
    };

    private static JObject SeverityCounts(IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.ToList();
        return new JObject
        {
            ["error"] = list.Count(d => d.Severity == DiagnosticSeverity.Error),
            ["warning"] = list.Count(d => d.Severity == DiagnosticSeverity.Warning),
            ["info"] = list.Count(d => d.Severity == DiagnosticSeverity.Info),
        };
    }

    public static JObject VerdictJson(EvaluationEntry entry, FailOn failOn)
    {
        var verdict = entry.Verdict;
        return new JObject
        {
            ["descriptor"] = verdict.DescriptorPath,
            ["model"] = verdict.Model,
            ["pack"] = entry.PackPath,
            ["pack_name"] = verdict.Pack,
            ["pack_status"] = Value(entry.Pack.Bound.Metadata.GetValueOrDefault("status")),
            ["verdict"] = verdict.Kind.Text(),
            ["blocking"] = verdict.IsBlocking(failOn),
            ["counts"] = new JObject
            {
                ["rules"] = verdict.Findings.Count,
                ["pass"] = verdict.Count(RuleOutcome.Pass),
                ["fail"] = verdict.Count(RuleOutcome.Fail),
                ["unknown"] = verdict.Count(RuleOutcome.Unknown),
                ["not_applicable"] = verdict.Count(RuleOutcome.NotApplicable),
                ["waived"] = verdict.Count(RuleOutcome.Waived),
                ["error"] = verdict.Count(RuleOutcome.Error),
                ["blocking"] = verdict.Findings.Count(f => f.IsBlocking(failOn)),
            },
            ["findings"] = new JArray(verdict.Findings.Select(f => FindingJson(f, failOn))),
            ["classifications"] = new JArray(verdict.Classifications.Select(c => new JObject
            {
                ["name"] = c.Name,
                ["title"] = c.Title,
                ["label"] = Value(c.Label),
                ["missing"] = Strings(c.MissingFacts),
            })),
            ["scores"] = new JArray(verdict.Scores.Select(s => new JObject
            {
                ["name"] = s.Name,
                ["title"] = s.Title,
                ["value"] = s.Value is { } v ? new JValue(v) : JValue.CreateNull(),
                ["missing"] = Strings(s.MissingFacts),
            })),
            ["provenance"] = new JObject
            {
                ["pack_sha256"] = verdict.Provenance.PackSha256,
                ["descriptor_sha256"] = verdict.Provenance.DescriptorSha256,
                ["engine_version"] = verdict.Provenance.EngineVersion,
            },
        };
    }

    private static JObject FindingJson(Finding finding, FailOn failOn)
    {
        var rule = finding.Rule;
        return new JObject
        {
            ["rule"] = rule.Id,
            ["title"] = rule.Title,
            ["severity"] = Severity(finding.Severity),
            ["outcome"] = finding.Outcome.Text(),
            ["blocking"] = finding.IsBlocking(failOn),
            ["category"] = Value(rule.Category),
            ["tags"] = Strings(rule.Tags),
            ["cite"] = Value(rule.Cite),
            ["message"] = Value(finding.Message),
            ["missing"] = Strings(finding.MissingFacts),
            ["error"] = Value(finding.Error),
            ["waiver"] = finding.Outcome == RuleOutcome.Waived
                ? new JObject
                {
                    ["justification"] = Value(finding.WaiverJustification),
                    ["owner"] = Value(finding.WaiverOwner),
                    ["expires"] = Value(finding.WaiverExpires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    ["outcome"] = Value(finding.WaivedOutcome?.Text()),
                }
                : JValue.CreateNull(),
            ["because"] = Value(rule.Because),
            ["remedy"] = Value(rule.Remedy),
            ["location"] = Span(rule.Location),
            ["explanation"] = new JArray(finding.Explanation.Select(NodeJson)),
            ["fixes"] = new JArray(finding.Fixes.Select(fix => new JObject
            {
                ["changes"] = new JArray(fix.Changes.Select(c => new JObject { ["path"] = c.Path, ["value"] = c.Value, ["line"] = c.Line })),
            })),
        };
    }

    private static JObject NodeJson(ExplanationNode node) => new()
    {
        ["role"] = node.Role,
        ["expression"] = node.Expression,
        ["value"] = node.Value,
        ["facts"] = new JArray(node.Facts.Select(f => new JObject
        {
            ["path"] = f.Path,
            ["value"] = f.Value,
            ["missing"] = f.Missing,
            ["line"] = f.Line > 0 ? new JValue(f.Line) : JValue.CreateNull(),
            ["source"] = Value(f.Source),
        })),
        ["parts"] = new JArray(node.Parts.Select(NodeJson)),
    };

    /// <summary>A span as file and one-based line and column; the end column is the column just after the span.</summary>
    internal static JToken Span(Location location)
    {
        if (location.Source is null) return JValue.CreateNull();
        var start = location.StartPosition;
        var end = location.EndPosition;
        return new JObject
        {
            ["file"] = location.Path,
            ["line"] = start.Line + 1,
            ["column"] = start.Character + 1,
            ["end_line"] = end.Line + 1,
            ["end_column"] = end.Character + 1,
        };
    }

    private static JObject DiagnosticJson(Diagnostic diagnostic)
    {
        var located = diagnostic.Location.Source is not null;
        var start = diagnostic.Location.StartPosition;
        var end = diagnostic.Location.EndPosition;
        return new JObject
        {
            ["id"] = diagnostic.Id,
            ["severity"] = Severity(diagnostic.Severity),
            ["title"] = diagnostic.Descriptor.Title,
            ["category"] = diagnostic.Descriptor.Category,
            ["message"] = diagnostic.Message,
            ["file"] = located ? new JValue(diagnostic.Location.Path) : JValue.CreateNull(),
            ["line"] = located ? new JValue(start.Line + 1) : JValue.CreateNull(),
            ["column"] = located ? new JValue(start.Character + 1) : JValue.CreateNull(),
            ["end_line"] = located ? new JValue(end.Line + 1) : JValue.CreateNull(),
            ["end_column"] = located ? new JValue(end.Character + 1) : JValue.CreateNull(),
            ["help"] = diagnostic.Descriptor.HelpLink,
        };
    }
}

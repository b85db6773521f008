using Newtonsoft.Json.Linq;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
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

    /// <summary>One verdict as a JSON object: <see cref="VerdictJsonWriter"/> writes it, token by token, into a tree.</summary>
    public static JObject VerdictJson(EvaluationEntry entry, FailOn failOn)
    {
        using var tree = new JTokenWriter();
        VerdictJsonWriter.Write(tree, entry, failOn);
        return (JObject)tree.Token!;
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

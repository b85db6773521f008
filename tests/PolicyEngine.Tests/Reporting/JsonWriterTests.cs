using Newtonsoft.Json.Linq;
using PolicyEngine.Compilation;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;

namespace PolicyEngine.Tests.Reporting;

/// <summary>The JSON formats parse and have every field docs/output-formats.md documents.</summary>
public class JsonWriterTests
{
    private static readonly string[] TopLevel = ["format", "version", "engine", "fail_on", "explain", "blocked", "verdicts", "diagnostics"];

    private static readonly string[] VerdictFields =
        ["descriptor", "model", "pack", "pack_name", "pack_status", "verdict", "blocking", "counts", "findings", "classifications", "scores", "provenance"];

    private static readonly string[] FindingFields =
        ["rule", "title", "severity", "outcome", "blocking", "category", "tags", "cite", "message", "missing", "error", "waiver", "because", "remedy", "location", "explanation", "fixes"];

    private static readonly string[] DiagnosticFields =
        ["id", "severity", "title", "category", "message", "file", "line", "column", "end_line", "end_column", "help"];

    private static string[] Keys(JToken token) => ((JObject)token).Properties().Select(p => p.Name).ToArray();

    [Fact]
    public void EvaluationHasTheDocumentedShape()
    {
        var run = ReportRuns.Evaluation();
        var json = JObject.Parse(ReportRuns.Write(new JsonWriter(), run));

        Keys(json).ShouldBe(TopLevel);
        json["format"]!.Value<string>().ShouldBe("policyengine-eval");
        json["version"]!.Value<int>().ShouldBe(1);
        json["engine"]!["version"]!.Value<string>().ShouldBe(CompiledPack.EngineVersion);
        json["fail_on"]!.Value<string>().ShouldBe("error");
        json["blocked"]!.Value<bool>().ShouldBe(run.IsBlocked);

        var verdicts = json["verdicts"]!.ToList();
        verdicts.Count.ShouldBe(run.Entries.Count);
        for (var i = 0; i < verdicts.Count; i++)
        {
            var v = verdicts[i];
            var entry = run.Entries[i];
            Keys(v).ShouldBe(VerdictFields);
            v["descriptor"]!.Value<string>().ShouldBe(entry.Descriptor.Path);
            v["pack"]!.Value<string>().ShouldBe(entry.PackPath);
            v["verdict"]!.Value<string>().ShouldBe(entry.Verdict.Kind.Text());
            v["verdict"]!.Value<string>().ShouldBeOneOf("block", "warn", "pass", "inconclusive");
            v["counts"]!["rules"]!.Value<int>().ShouldBe(entry.Verdict.Findings.Count);
            v["counts"]!["unknown"]!.Value<int>().ShouldBe(entry.Verdict.Count(RuleOutcome.Unknown));
            v["provenance"]!["pack_sha256"]!.Value<string>().ShouldBe(entry.Pack.Sha256);
            v["provenance"]!["descriptor_sha256"]!.Value<string>().ShouldBe(entry.Descriptor.Sha256);
            v["provenance"]!["engine_version"]!.Value<string>().ShouldBe(CompiledPack.EngineVersion);
            v["findings"]!.Count().ShouldBe(entry.Verdict.Findings.Count);
            foreach (var f in v["findings"]!) Keys(f).ShouldBe(FindingFields);
            v["classifications"]!.Count().ShouldBe(entry.Verdict.Classifications.Count);
            v["scores"]!.Count().ShouldBe(entry.Verdict.Scores.Count);
        }

        var diagnostic = json["diagnostics"]!.First();
        Keys(diagnostic).ShouldBe(DiagnosticFields);
        diagnostic["file"]!.Value<string>().ShouldBe(ReportRuns.EdgePolicyPath);
    }

    [Fact]
    public void FindingsCarryFactsWithPathValueLineAndSource()
    {
        var json = JObject.Parse(ReportRuns.Write(new JsonWriter(), ReportRuns.Evaluation()));
        var facts = json["verdicts"]!.SelectMany(v => v["findings"]!).SelectMany(f => f["explanation"]!).SelectMany(Flatten).SelectMany(n => n["facts"]!).ToList();
        facts.ShouldNotBeEmpty();
        var located = facts.First(f => f["line"]!.Type == JTokenType.Integer && f["source"]!.Type == JTokenType.String);
        Keys(located).ShouldBe(["path", "value", "missing", "line", "source"]);
        located["line"]!.Value<int>().ShouldBeGreaterThan(0);
        facts.ShouldContain(f => f["missing"]!.Value<bool>() && f["line"]!.Type == JTokenType.Null);

        var unknown = json["verdicts"]!.SelectMany(v => v["findings"]!).First(f => f["outcome"]!.Value<string>() == "unknown");
        unknown["missing"]!.ShouldNotBeEmpty();

        static IEnumerable<JToken> Flatten(JToken node) => new[] { node }.Concat(node["parts"]!.SelectMany(Flatten));
    }

    [Fact]
    public void WaiversErrorsClassificationsAndScoresAreWritten()
    {
        var json = JObject.Parse(ReportRuns.Write(new JsonWriter(), ReportRuns.Evaluation()));
        var findings = json["verdicts"]!.SelectMany(v => v["findings"]!).ToList();

        var waived = findings.Single(f => f["rule"]!.Value<string>() == "EDGE-WAIVED");
        waived["outcome"]!.Value<string>().ShouldBe("waived");
        waived["waiver"]!["justification"]!.Value<string>().ShouldBe("Accepted | for <the> test & demo");
        waived["waiver"]!["owner"]!.Value<string>().ShouldBe("release-board");
        waived["waiver"]!["expires"]!.Value<string>().ShouldBe("2030-01-31");
        waived["waiver"]!["outcome"]!.Value<string>().ShouldBe("fail");
        findings.Single(f => f["rule"]!.Value<string>() == "EDGE-PASS")["waiver"]!.Type.ShouldBe(JTokenType.Null);

        var fault = findings.Single(f => f["rule"]!.Value<string>() == "EDGE-FAULT");
        fault["outcome"]!.Value<string>().ShouldBe("error");
        fault["error"]!.Value<string>()!.ShouldContain("log10");

        var location = findings.Single(f => f["rule"]!.Value<string>() == "EDGE-MARKUP")["location"]!;
        location["file"]!.Value<string>().ShouldBe(ReportRuns.EdgePolicyPath);
        location["line"]!.Value<int>().ShouldBe(10);
        location["column"]!.Value<int>().ShouldBe(3);

        var mof = json["verdicts"]!.First(v => v["pack"]!.Value<string>() == "rules/mof");
        mof["classifications"]!.ShouldNotBeEmpty();
        Keys(mof["classifications"]![0]!).ShouldBe(["name", "title", "label", "missing"]);
        var scores = json["verdicts"]!.SelectMany(v => v["scores"]!).ToList();
        scores.ShouldNotBeEmpty();
        scores.ShouldContain(s => s["value"]!.Type == JTokenType.Float || s["value"]!.Type == JTokenType.Integer);
    }

    [Fact]
    public void LintHasTheDocumentedShape()
    {
        var run = ReportRuns.Lint();
        var json = JObject.Parse(ReportRuns.Write(new JsonWriter(), run));
        Keys(json).ShouldBe(["format", "version", "engine", "success", "counts", "packs"]);
        json["format"]!.Value<string>().ShouldBe("policyengine-lint");
        json["version"]!.Value<int>().ShouldBe(1);
        json["success"]!.Value<bool>().ShouldBeFalse();
        json["counts"]!["error"]!.Value<int>().ShouldBe(4);

        var packs = json["packs"]!.ToList();
        packs.Select(p => p["name"]!.Value<string>()).ShouldBe(["broken", "eu-ai-act", "pack"]);
        packs.Select(p => p["success"]!.Value<bool>()).ShouldBe([false, true, false]);
        packs[1]["files"]!.Values<string>().ShouldBe(["rules/eu-ai-act/gpai.policy", "rules/eu-ai-act/systemic-risk.policy"]);

        var first = packs[0]["diagnostics"]![0]!;
        Keys(first).ShouldBe(DiagnosticFields);
        first["id"]!.Value<string>().ShouldBe("PE0100");
        first["file"]!.Value<string>().ShouldBe(ReportRuns.BrokenPolicyPath);
        first["line"]!.Value<int>().ShouldBe(4);
        first["column"]!.Value<int>().ShouldBe(19);
        first["end_line"]!.Value<int>().ShouldBe(4);
        first["end_column"]!.Value<int>().ShouldBeGreaterThan(19);
        first["help"]!.Value<string>().ShouldBe("docs/diagnostics.md#pe0100");
    }

    [Fact]
    public void TheDocumentationDescribesEveryField()
    {
        var doc = File.ReadAllText(TestPaths.InRepository("docs", "output-formats.md"));
        var fields = TopLevel.Concat(VerdictFields).Concat(FindingFields).Concat(DiagnosticFields)
            .Concat(["pack_sha256", "descriptor_sha256", "engine_version", "justification", "owner", "expires", "role", "expression", "facts", "parts", "path", "line", "source", "label", "not_applicable", "success", "files"])
            .Distinct();
        fields.Where(f => !doc.Contains($"`{f}`", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}

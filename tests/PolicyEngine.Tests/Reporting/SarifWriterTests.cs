using Newtonsoft.Json.Linq;
using NJsonSchema;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;

namespace PolicyEngine.Tests.Reporting;

/// <summary>SARIF output validates against the official OASIS schema and maps findings and diagnostics as documented.</summary>
public class SarifWriterTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(TestPaths.Shared, "schemas", "sarif-schema-2.1.0.json")).GetAwaiter().GetResult());

    internal static void ShouldBeValidSarif(string sarif)
    {
        var errors = Schema.Value.Validate(sarif);
        errors.ShouldBeEmpty(string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind} {e.Property}")));
    }

    [Fact]
    public void TheSchemaReallyRejectsABrokenDocument()
    {
        var sarif = JObject.Parse(ReportRuns.Write(new SarifWriter(), ReportRuns.Evaluation()));
        Schema.Value.Validate(sarif.ToString()).ShouldBeEmpty();

        var noVersion = (JObject)sarif.DeepClone();
        noVersion.Remove("version");
        Schema.Value.Validate(noVersion.ToString()).ShouldNotBeEmpty();

        var badLevel = (JObject)sarif.DeepClone();
        badLevel["runs"]![0]!["results"]![0]!["level"] = "fatal";
        Schema.Value.Validate(badLevel.ToString()).ShouldNotBeEmpty();

        var noMessage = (JObject)sarif.DeepClone();
        ((JObject)noMessage["runs"]![0]!["results"]![0]!).Remove("message");
        Schema.Value.Validate(noMessage.ToString()).ShouldNotBeEmpty();

        var badLine = (JObject)sarif.DeepClone();
        badLine["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["region"]!["startLine"] = 0;
        Schema.Value.Validate(badLine.ToString()).ShouldNotBeEmpty();
    }

    [Fact]
    public void EvaluationOutputIsValidSarif()
    {
        ShouldBeValidSarif(ReportRuns.Write(new SarifWriter(), ReportRuns.Evaluation()));
        ShouldBeValidSarif(ReportRuns.Write(new SarifWriter(), ReportRuns.Evaluation(explain: false, failOn: FailOn.Unknown)));
    }

    [Fact]
    public void LintOutputIsValidSarif() => ShouldBeValidSarif(ReportRuns.Write(new SarifWriter(), ReportRuns.Lint()));

    [Fact]
    public void OneResultPerFailUnknownErrorOrWaivedFinding()
    {
        var run = ReportRuns.Evaluation();
        var sarif = JObject.Parse(ReportRuns.Write(new SarifWriter(), run));
        sarif["$schema"]!.Value<string>().ShouldBe("https://json.schemastore.org/sarif-2.1.0.json");
        sarif["version"]!.Value<string>().ShouldBe("2.1.0");
        var sarifRun = (JObject)sarif["runs"]!.Single();
        var driver = sarifRun["tool"]!["driver"]!;
        driver["name"]!.Value<string>().ShouldBe("PolicyEngine");
        driver["informationUri"].ShouldBeNull();

        var expected = run.Entries.SelectMany(e => e.Verdict.Findings)
            .Where(f => f.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown or RuleOutcome.Error or RuleOutcome.Waived).ToList();
        var results = sarifRun["results"]!.Cast<JObject>().ToList();
        results.Count.ShouldBe(expected.Count);
        results.Select(r => r["properties"]!["outcome"]!.Value<string>()).ShouldBe(expected.Select(f => f.Outcome.Text()));

        // Every result's rule is described once, and its index points at it.
        var rules = driver["rules"]!.Cast<JObject>().ToList();
        rules.Select(r => r["id"]!.Value<string>()).ShouldBe(expected.Select(f => f.Rule.Id).Distinct().Order(StringComparer.Ordinal));
        foreach (var result in results) rules[result["ruleIndex"]!.Value<int>()]["id"]!.Value<string>().ShouldBe(result["ruleId"]!.Value<string>());

        sarifRun["originalUriBaseIds"]!["%SRCROOT%"].ShouldNotBeNull();
    }

    [Fact]
    public void FindingsAreLocatedInTheDescriptorAndRelatedToTheRuleSpan()
    {
        var run = ReportRuns.Evaluation();
        var results = JObject.Parse(ReportRuns.Write(new SarifWriter(), run))["runs"]![0]!["results"]!.Cast<JObject>().ToList();

        // The shipped descriptors fail MOF class requirements (info severity, so level "note").
        var failing = results.First(r => r["properties"]!["outcome"]!.Value<string>() == "fail" && r["properties"]!["pack"]!.Value<string>() == "rules/mof");
        var location = failing["locations"]![0]!["physicalLocation"]!;
        location["artifactLocation"]!["uriBaseId"]!.Value<string>().ShouldBe("%SRCROOT%");
        location["artifactLocation"]!["uri"]!.Value<string>().ShouldStartWith("examples/descriptors/");
        location["region"]!["startLine"]!.Value<int>().ShouldBeGreaterThan(1);

        var related = failing["relatedLocations"]![0]!["physicalLocation"]!;
        related["artifactLocation"]!["uri"]!.Value<string>().ShouldBe("rules/mof/mof.policy");
        var region = related["region"]!;
        var finding = run.Entries.SelectMany(e => e.Verdict.Findings).First(f => f.Rule.Id == failing["ruleId"]!.Value<string>());
        region["startLine"]!.Value<int>().ShouldBe(finding.Rule.Location.StartPosition.Line + 1);
        region["startColumn"]!.Value<int>().ShouldBe(finding.Rule.Location.StartPosition.Character + 1);
        region["endLine"]!.Value<int>().ShouldBe(finding.Rule.Location.EndPosition.Line + 1);
        failing["level"]!.Value<string>().ShouldBe("note");
        failing["kind"]!.Value<string>().ShouldBe("fail");
    }

    [Fact]
    public void UnknownIsReviewUnlessItBlocksAndWaiversAreSuppressions()
    {
        var lenient = JObject.Parse(ReportRuns.Write(new SarifWriter(), ReportRuns.Evaluation(failOn: FailOn.Error)))["runs"]![0]!["results"]!.Cast<JObject>().ToList();
        var unknown = lenient.First(r => r["properties"]!["outcome"]!.Value<string>() == "unknown");
        unknown["kind"]!.Value<string>().ShouldBe("review");
        unknown["level"]!.Value<string>().ShouldBe("none");
        unknown["message"]!["text"]!.Value<string>()!.ShouldContain("(missing: ");

        var strict = JObject.Parse(ReportRuns.Write(new SarifWriter(), ReportRuns.Evaluation(failOn: FailOn.Unknown)))["runs"]![0]!["results"]!.Cast<JObject>().ToList();
        var blocking = strict.First(r => r["properties"]!["outcome"]!.Value<string>() == "unknown" && r["properties"]!["severity"]!.Value<string>() == "error");
        blocking["kind"]!.Value<string>().ShouldBe("fail");
        blocking["level"]!.Value<string>().ShouldBe("error");

        var waived = lenient.Single(r => r["ruleId"]!.Value<string>() == "EDGE-WAIVED");
        var suppression = waived["suppressions"]!.Single();
        suppression["kind"]!.Value<string>().ShouldBe("external");
        suppression["status"]!.Value<string>().ShouldBe("accepted");
        suppression["justification"]!.Value<string>().ShouldBe("Accepted | for <the> test & demo (release-board, until 2030-01-31)");

        var fault = lenient.Single(r => r["ruleId"]!.Value<string>() == "EDGE-FAULT");
        fault["level"]!.Value<string>().ShouldBe("error");
        fault["message"]!["text"]!.Value<string>()!.ShouldContain("runtime error");
    }

    [Fact]
    public void RuleDescriptorsCarryTitleBecauseRemedyCitationAndAnAbsoluteHelpUri()
    {
        var rules = JObject.Parse(ReportRuns.Write(new SarifWriter(), ReportRuns.Evaluation()))["runs"]![0]!["tool"]!["driver"]!["rules"]!.Cast<JObject>().ToList();
        var markup = rules.Single(r => r["id"]!.Value<string>() == "EDGE-MARKUP");
        markup["shortDescription"]!["text"]!.Value<string>().ShouldStartWith("Pipes | <b>tags</b>");
        markup["fullDescription"]!["text"]!.Value<string>().ShouldStartWith("Because ```fences```");
        markup["help"]!["text"]!.Value<string>().ShouldBe("Fix | it");
        markup["helpUri"]!.Value<string>().ShouldBe("https://example.org/policies/edge?x=1&y=2");
        markup["properties"]!["cite"]!.Value<string>().ShouldBe("Art. 1 | 2 <3>");
        markup["properties"]!["tags"]!.Values<string>().ShouldBe(["a|b", "c&d"]);
        markup["properties"]!["pack"]!.Value<string>().ShouldBe(ReportRuns.EdgePolicyPath);
        markup["defaultConfiguration"]!["level"]!.Value<string>().ShouldBe("warning");

        // The MOF pack's source is a citation, not a URL: no helpUri then.
        foreach (var rule in rules.Where(r => r["helpUri"] is not null)) Uri.IsWellFormedUriString(rule["helpUri"]!.Value<string>(), UriKind.Absolute).ShouldBeTrue();
    }

    [Fact]
    public void LintHasOneResultPerDiagnosticAndOneRulePerId()
    {
        var run = ReportRuns.Lint();
        var sarifRun = JObject.Parse(ReportRuns.Write(new SarifWriter(), run))["runs"]![0]!;
        var results = sarifRun["results"]!.Cast<JObject>().ToList();
        var diagnostics = run.Diagnostics.ToList();
        results.Count.ShouldBe(diagnostics.Count);
        results.Select(r => r["ruleId"]!.Value<string>()).ShouldBe(["PE0100", "PE0003", "PE0102", "PE0400"]);

        var first = results[0];
        first["level"]!.Value<string>().ShouldBe("error");
        first["message"]!["text"]!.Value<string>().ShouldBe("'trainng' is not a property of model; did you mean 'training'?");
        var location = first["locations"]![0]!["physicalLocation"]!;
        location["artifactLocation"]!["uri"]!.Value<string>().ShouldBe(ReportRuns.BrokenPolicyPath);
        location["region"]!["startLine"]!.Value<int>().ShouldBe(4);
        location["region"]!["startColumn"]!.Value<int>().ShouldBe(19);

        var rules = sarifRun["tool"]!["driver"]!["rules"]!.Cast<JObject>().ToList();
        rules.Select(r => r["id"]!.Value<string>()).ShouldBe(["PE0003", "PE0100", "PE0102", "PE0400"]);
        foreach (var rule in rules)
        {
            rule["helpUri"].ShouldBeNull();
            rule["properties"]!["helpLink"]!.Value<string>().ShouldBe($"docs/diagnostics.md#{rule["id"]!.Value<string>()!.ToLowerInvariant()}");
        }
    }

    [Fact]
    public void RelativePathsArePercentEncodedAndAbsolutePathsAreFileUris()
    {
        SarifWriter.RelativeUri("examples/descriptors/a b#c.json").ShouldBe("examples/descriptors/a%20b%23c.json");
        SarifWriter.RelativeUri(@"..\rules\x.policy").ShouldBe("../rules/x.policy");

        var directory = Directory.CreateTempSubdirectory("pe-sarif-");
        try
        {
            var file = Path.Combine(directory.FullName, "with space.policy");
            File.WriteAllText(file, ReportRuns.BrokenPolicy);
            var sarif = ReportRuns.Write(new SarifWriter(), new LintRun([PolicyEngine.Compilation.PolicyCompiler.CompilePath(file)]));
            ShouldBeValidSarif(sarif);
            var run = JObject.Parse(sarif)["runs"]![0]!;
            var artifact = run["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;
            artifact["uri"]!.Value<string>().ShouldBe(new Uri(file).AbsoluteUri);
            artifact["uri"]!.Value<string>()!.ShouldEndWith("/with%20space.policy");
            artifact["uriBaseId"].ShouldBeNull();
            run["originalUriBaseIds"].ShouldBeNull();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

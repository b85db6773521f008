using Newtonsoft.Json.Linq;

namespace PolicyEngine.Tests.Cli;

/// <summary>compare, diff, whatif and counterfactual fixes, as a user runs them.</summary>
public class AnalysisCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-analysis-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private const string TwoConditionPolicy = """
        policy release-gate "Two conditions" {
          rule GATE-1 "Documented and tested" {
            severity error
            cite     "Internal checklist §1"
            require  documentation.technical_documentation and safety.adversarial_testing.performed
          }
        }
        """;

    [Fact]
    public void TheFixForRequireAAndBWithAFalseIsATrueAndWhatIfConfirmsIt()
    {
        var policy = Write("gate.policy", TwoConditionPolicy);
        var descriptor = Write("model.json", """
            { "descriptor_version": "0.1", "model": { "id": "example/m" },
              "documentation": { "technical_documentation": false },
              "safety": { "adversarial_testing": { "performed": true } } }
            """);

        var eval = CliRunner.Run("eval", descriptor, "--policy", policy, "--explain");
        eval.ExitCode.ShouldBe(1);
        eval.Stdout.ShouldContain("fix     set documentation.technical_documentation = true (line 2)");
        eval.Stdout.ShouldNotContain("fix     set safety.adversarial_testing.performed");

        var whatif = CliRunner.Run("whatif", descriptor, "--policy", policy, "--set", "documentation.technical_documentation=true");
        whatif.ExitCode.ShouldBe(0);
        whatif.Stdout.ShouldContain("verdict  BLOCK → PASS");
        whatif.Stdout.ShouldContain("GATE-1  Documented and tested: fail → pass");
    }

    [Fact]
    public void FixesBecomeSarifFixesAtTheFactsLineAndStillValidate()
    {
        var policy = Write("gate.policy", TwoConditionPolicy);
        var descriptor = Write("model.json", """
            { "descriptor_version": "0.1", "model": { "id": "example/m" },
              "documentation": { "technical_documentation": false },
              "safety": { "adversarial_testing": { "performed": true } } }
            """);
        var result = CliRunner.Run("eval", descriptor, "--policy", policy, "--explain", "--format", "sarif");
        Reporting.SarifWriterTests.ShouldBeValidSarif(result.Stdout);
        var replacement = JObject.Parse(result.Stdout).SelectToken("runs[0].results[0].fixes[0].artifactChanges[0].replacements[0]")!;
        ((int)replacement.SelectToken("deletedRegion.startLine")!).ShouldBe(2);
        ((string)replacement.SelectToken("insertedContent.text")!).ShouldBe("  \"documentation\": { \"technical_documentation\": true },");
    }

    [Fact]
    public void AnUnknownFindingIsFixedBySupplyingTheMissingFact()
    {
        var policy = Write("gate.policy", TwoConditionPolicy);
        var descriptor = Write("model.json", """
            { "descriptor_version": "0.1", "model": { "id": "example/m" },
              "documentation": { "technical_documentation": true } }
            """);
        var eval = CliRunner.Run("eval", descriptor, "--policy", policy, "--explain");
        eval.Stdout.ShouldContain("? GATE-1");
        eval.Stdout.ShouldContain("missing safety.adversarial_testing.performed");
        eval.Stdout.ShouldContain("fix     set safety.adversarial_testing.performed = true");
    }

    [Fact]
    public void AThresholdIsCrossedWithItsBoundaryValue()
    {
        var policy = Write("threshold.policy", """
            policy small "Small models only" {
              rule SMALL-1 "Below 1e25 FLOP" {
                cite    "x"
                require model.training.compute_flop < 1e25
              }
            }
            """);
        var eval = CliRunner.Run("eval", "examples/descriptors/llama-3.1-405b.json", "--policy", policy, "--explain");
        eval.Stdout.ShouldContain("fix     set model.training.compute_flop = 9.99999999e24");
    }

    [Fact]
    public void WhatIfRejectsAPathThatIsNotInTheSchema()
    {
        var result = CliRunner.Run("whatif", "examples/descriptors/gpt-4.json", "--policy", "rules/eu-ai-act", "--set", "model.trainig.compute_flop=1e26");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'trainig' is not a property of model; did you mean 'training'?");
    }

    [Fact]
    public void WhatIfShowsTheTierMovingWhenComputeIsSupplied()
    {
        var result = CliRunner.Run("whatif", "examples/descriptors/gpt-4.json", "--policy", "rules/eu-ai-act", "--set", "model.training.compute_flop=2e25");
        result.Stdout.ShouldContain("GPAI tier: unknown → GPAI model with systemic risk");
    }

    [Fact]
    public void DiffOfTheEuPackWithTheThresholdLoweredListsExactlyTheModelsInBetween()
    {
        var draft = Path.Combine(_directory, "eu-draft");
        Directory.CreateDirectory(draft);
        foreach (var file in Directory.GetFiles(TestPaths.InRepository("rules", "eu-ai-act"), "*.policy"))
        {
            var text = File.ReadAllText(file);
            File.WriteAllText(Path.Combine(draft, Path.GetFileName(file)), text.Replace("let systemic_risk_threshold = 1e25", "let systemic_risk_threshold = 1e24"));
        }
        var result = CliRunner.Run("diff", "--old", "rules/eu-ai-act", "--new", draft, "examples/descriptors", "--format", "json");
        result.ExitCode.ShouldBe(1, result.Stderr);
        var json = JObject.Parse(result.Stdout);
        json["definitions"]!.Values<string>().ShouldBe(["let systemic_risk_threshold: 1e25 → 1e24"]);

        // The models whose disclosed or estimated compute lies in [1e24, 1e25], computed from the descriptors themselves.
        var expected = Directory.GetFiles(TestPaths.InRepository("examples", "descriptors"), "*.json")
            .Select(f => JObject.Parse(File.ReadAllText(f)))
            .Where(d => d.SelectToken("model.training.compute_flop") is JValue { Value: not null } v && (double)v > 1e24 && (double)v <= 1e25)
            .Select(d => (string)d.SelectToken("model.id")!)
            .Order(StringComparer.Ordinal)
            .ToList();
        expected.Count.ShouldBeGreaterThan(0);
        var moved = json["models"]!.Select(m => (string)m["model"]!).Order(StringComparer.Ordinal).ToList();
        moved.ShouldBe(expected);
        foreach (var model in json["models"]!)
        {
            model["classifications"]!.Values<string>().ShouldContain("GPAI tier: GPAI model → GPAI model with systemic risk");
            model["outcomes"]!.ShouldAllBe(o => o["why"]!.Values<string>().Contains("let systemic_risk_threshold: 1e25 → 1e24"));
        }
    }

    [Fact]
    public void CompareBuildsTheMatrixAndNamesDisagreements()
    {
        var result = CliRunner.Run("compare", "examples/descriptors/pythia-12b.json", "examples/descriptors/llama-2-70b.json", "-p", "rules/osaid", "-p", "rules/us-eo-14110", "--format", "json");
        result.ExitCode.ShouldBe(0, result.Stderr);
        var json = JObject.Parse(result.Stdout);
        json["cells"]!.Count().ShouldBe(4);
        var llamaOsaid = json["cells"]!.Single(c => (string)c["model"]! == "meta-llama/Llama-2-70b-hf" && (string)c["pack"]! == "rules/osaid");
        ((string)llamaOsaid["verdict"]!).ShouldBe("block");
        llamaOsaid["deciding"]!.ShouldNotBeEmpty();
        json["disagreements"]!.Select(d => (string)d["sentence"]!)
            .ShouldContain(s => s.StartsWith("meta-llama/Llama-2-70b-hf passes rules/us-eo-14110 but is blocked by rules/osaid, because of OSAID-"));
    }

    [Fact]
    public void CompareWritesEveryFormat()
    {
        foreach (var format in new[] { "text", "json", "markdown", "html" })
        {
            var output = Path.Combine(_directory, $"compare.{format}");
            var result = CliRunner.Run("compare", "examples/descriptors", "-p", "rules/", "--format", format, "-o", output);
            result.ExitCode.ShouldBe(0, result.Stderr);
            var text = File.ReadAllText(output);
            text.ShouldContain("meta-llama/Llama-3.1-405B");
            text.ShouldContain("rules/eu-ai-act");
        }
    }

    [Fact]
    public void ImportTurnsAMofFileIntoADescriptorThatEvaluates()
    {
        var output = Path.Combine(_directory, "imported.json");
        var source = Directory.GetFiles(Path.Combine(TestPaths.Shared, "conformance", "mof", "test-data"), "Class1TestFile*.yml").Single();
        CliRunner.Run("import", source, "-o", output).ExitCode.ShouldBe(0);
        var eval = CliRunner.Run("eval", output, "--policy", "rules/mof");
        eval.Stdout.ShouldContain("MOF class: Class I - Open Science Model");
    }

    [Fact]
    public void SchemaPrintsTheDescriptorSchema()
    {
        var result = CliRunner.Run("schema");
        result.ExitCode.ShouldBe(0);
        var schema = JObject.Parse(result.Stdout);
        ((string)schema["$schema"]!).ShouldBe("https://json-schema.org/draft/2020-12/schema");
        schema["properties"]!["model"].ShouldNotBeNull();
    }

    [Fact]
    public void EveryVerbHasHelp()
    {
        foreach (var verb in new[] { "eval", "lint", "test", "schema", "rules", "compare", "diff", "whatif", "import" })
        {
            var result = CliRunner.Run(verb, "--help");
            result.ExitCode.ShouldBe(0, verb);
            result.Stdout.ShouldContain("Usage:", customMessage: verb);
        }
    }
}

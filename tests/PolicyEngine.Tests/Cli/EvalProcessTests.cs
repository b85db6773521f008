namespace PolicyEngine.Tests.Cli;

/// <summary>End to end: the built tool as a process — exit codes, inputs, atomic output, configuration and waivers.</summary>
public class EvalProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-eval-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Temp(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void ABlockedReleaseExitsOneAndExplainsTheFinding()
    {
        var result = ProcessRunner.Run("eval", "examples/descriptors/llama-3.1-405b.json", "--policy", "rules/publisher-checklist", "--explain");
        result.ExitCode.ShouldBe(1);
        result.Stdout.ShouldContain("examples/descriptors/llama-3.1-405b.json  ×  rules/publisher-checklist  →  BLOCK");
        result.Stdout.ShouldContain("✗ PUB-FRONTIER-2");
        result.Stdout.ShouldContain("model.training.compute_flop = 3.8e25 (line");
        result.Stderr.ShouldBeEmpty();
    }

    [Fact]
    public void AMissingFactIsUnknownAndNamed()
    {
        var result = ProcessRunner.Run("eval", "examples/descriptors/gpt-4.json", "--policy", "rules/eu-ai-act");
        result.Stdout.ShouldContain("missing model.training.compute_flop");
        result.Stdout.ShouldContain("GPAI tier: unknown");
    }

    [Fact]
    public void FailOnUnknownBlocksUndecidedRules()
    {
        ProcessRunner.Run("eval", "examples/descriptors/gpt-4.json", "--policy", "rules/us-eo-14110").ExitCode.ShouldBe(0);
        ProcessRunner.Run("eval", "examples/descriptors/gpt-4.json", "--policy", "rules/us-eo-14110", "--fail-on", "unknown").ExitCode.ShouldBe(1);
    }

    [Fact]
    public void ReadsADescriptorFromStandardInput()
    {
        var json = File.ReadAllText(TestPaths.InRepository("examples", "descriptors", "mistral-7b.json"));
        var result = ProcessRunner.RunWith(json, null, "eval", "-", "--policy", "rules/osaid");
        result.ExitCode.ShouldBeOneOf(0, 1);
        result.Stdout.ShouldStartWith("-  ×  rules/osaid  →  ");
    }

    [Fact]
    public void ExpandsGlobsAndFolders()
    {
        var glob = ProcessRunner.Run("eval", "examples/descriptors/llama-*.json", "--policy", "rules/us-eo-14110");
        glob.Stdout.Split('\n').Count(l => l.Contains("  ×  rules/us-eo-14110  →  ")).ShouldBe(3);
        var folder = ProcessRunner.Run("eval", "examples/descriptors", "--policy", "rules/us-eo-14110");
        folder.Stdout.Split('\n').Count(l => l.Contains("  ×  rules/us-eo-14110  →  ")).ShouldBe(Directory.GetFiles(TestPaths.InRepository("examples", "descriptors")).Length);
    }

    [Fact]
    public void EvaluatesEachLineOfAJsonLinesFile()
    {
        var one = File.ReadAllText(TestPaths.InRepository("examples", "descriptors", "gpt-4.json")).ReplaceLineEndings(" ");
        var two = File.ReadAllText(TestPaths.InRepository("examples", "descriptors", "olmo-7b.json")).ReplaceLineEndings(" ");
        var file = Temp("batch.jsonl", one + "\n" + two + "\n");
        var result = ProcessRunner.Run("eval", file, "--policy", "rules/us-eo-14110");
        result.Stdout.ShouldContain($"{file}:1  ×  rules/us-eo-14110");
        result.Stdout.ShouldContain($"{file}:2  ×  rules/us-eo-14110");
    }

    [Fact]
    public void ABatchStreamsVerdictsAsJsonLinesInInputOrder()
    {
        var names = new[] { "gpt-4", "olmo-7b", "mistral-7b", "gpt-4" };
        var lines = names.Select(n => File.ReadAllText(TestPaths.InRepository("examples", "descriptors", $"{n}.json")).ReplaceLineEndings(" "));
        var file = Temp("batch.jsonl", string.Join("\n", lines) + "\n");
        var result = ProcessRunner.Run("eval", file, "--policy", "rules/us-eo-14110", "--format", "jsonl");
        result.ExitCode.ShouldBe(0, result.Stderr);
        var verdicts = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Newtonsoft.Json.Linq.JObject.Parse).ToList();
        verdicts.Select(v => (string)v["descriptor"]!).ShouldBe(names.Select((_, i) => $"{file}:{i + 1}"));
        verdicts.Select(v => (string)v["model"]!).ShouldBe(["openai/gpt-4", "allenai/OLMo-7B", "mistralai/Mistral-7B-v0.1", "openai/gpt-4"]);
    }

    [Fact]
    public void ABrokenLineInABatchIsReportedWithItsLineAndTheOutputFileIsKept()
    {
        var good = File.ReadAllText(TestPaths.InRepository("examples", "descriptors", "gpt-4.json")).ReplaceLineEndings(" ");
        var file = Temp("batch.jsonl", good + "\n{\"descriptor_version\": \"0.1\", \"model\": [}\n" + good + "\n");
        var report = Temp("verdicts.jsonl", "previous\n");
        var result = ProcessRunner.Run("eval", file, "--policy", "rules/us-eo-14110", "--format", "jsonl", "-o", report);
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain($"{file}:2(1,");
        result.Stderr.ShouldContain("error PE0200");
        File.ReadAllText(report).ShouldBe("previous\n");
    }

    [Fact]
    public void MalformedJsonIsOneDiagnosticWithItsPosition()
    {
        var file = Temp("broken.json", "{\n  \"descriptor_version\": \"0.1\",\n  \"model\": { \"id\": \"x\" \n}\n");
        var result = ProcessRunner.Run("eval", file, "--policy", "rules/eu-ai-act");
        result.ExitCode.ShouldBe(2);
        result.Stderr.Trim().ShouldBe($"{file}(5,1): error PE0200: The descriptor is not valid JSON: the object is not closed");
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public void YamlWithTabsNamesTheLineOfTheTab()
    {
        var file = Temp("tabs.yaml", "descriptor_version: \"0.1\"\nmodel:\n\tid: x\n");
        var result = ProcessRunner.Run("eval", file, "--policy", "rules/eu-ai-act");
        result.ExitCode.ShouldBe(2);
        result.Stderr.Trim().ShouldBe($"{file}(3,1): error PE0200: The descriptor is not valid YAML: a tab is used for indentation; YAML indents with spaces");
    }

    [Fact]
    public void ADescriptorOfTheWrongShapeIsADiagnostic()
    {
        var file = Temp("wrong.json", "[1, 2, 3]\n");
        var result = ProcessRunner.Run("eval", file, "--policy", "rules/eu-ai-act");
        result.ExitCode.ShouldBe(2);
        result.Stderr.Trim().ShouldBe($"{file}(1,1): error PE0206: A descriptor must be a JSON or YAML object, not a list");
    }

    [Fact]
    public void AMissingFileAndAnUnknownFlagAreUsageErrors()
    {
        var missing = ProcessRunner.Run("eval", "no-such.json", "--policy", "rules/eu-ai-act");
        missing.ExitCode.ShouldBe(2);
        missing.Stderr.ShouldContain("no-such.json(1,1): error PE0204: Cannot read descriptor 'no-such.json': file not found");

        var flag = ProcessRunner.Run("eval", "examples/descriptors/gpt-4.json", "--policy", "rules/eu-ai-act", "--frobnicate");
        flag.ExitCode.ShouldBe(2);
        flag.Stderr.ShouldContain("error PE0402: Unrecognized command or argument '--frobnicate'");
        flag.Stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public void AnUnwritableOutputPathFailsBeforeAnyWork()
    {
        var result = ProcessRunner.Run("eval", "examples/descriptors/gpt-4.json", "--policy", "rules/eu-ai-act", "-o", "/no/such/folder/report.txt");
        result.ExitCode.ShouldBe(2);
        result.Stderr.Trim().ShouldBe("policyengine: error PE0402: cannot write '/no/such/folder/report.txt': the folder '/no/such/folder' does not exist");
    }

    [Fact]
    public void AFailedRunLeavesThePreviousOutputFileIntact()
    {
        var report = Temp("report.txt", "previous report\n");
        var ok = ProcessRunner.Run("eval", "examples/descriptors/gpt-4.json", "--policy", "rules/us-eo-14110", "-o", report);
        ok.ExitCode.ShouldBe(0);
        File.ReadAllText(report).ShouldStartWith("examples/descriptors/gpt-4.json  ×  rules/us-eo-14110");

        File.WriteAllText(report, "previous report\n");
        var bad = ProcessRunner.Run("eval", Temp("bad.json", "{"), "--policy", "rules/us-eo-14110", "-o", report);
        bad.ExitCode.ShouldBe(2);
        File.ReadAllText(report).ShouldBe("previous report\n");
        Directory.GetFiles(_directory, "*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public void NoColourWhenRedirected()
    {
        var result = ProcessRunner.Run("eval", "examples/descriptors/gpt-4.json", "--policy", "rules/eu-ai-act");
        result.Stdout.ShouldNotContain("\u001b[");
    }

    [Fact]
    public void ConfigurationOverridesSeveritiesAndWaivesWithAJustification()
    {
        var descriptor = Temp("llama.json", File.ReadAllText(TestPaths.InRepository("examples", "descriptors", "llama-3.1-405b.json")));
        var blocked = ProcessRunner.Run("eval", descriptor, "--policy", "rules/publisher-checklist");
        blocked.ExitCode.ShouldBe(1);

        Temp("policyengine.json", """
            {
              "waivers": [
                { "rule": "PUB-FRONTIER-2", "descriptor": "meta-llama/*", "justification": "Staging plan approved by the release board",
                  "owner": "release-eng", "expires": "2027-03-01" },
                { "rule": "PUB-FRONTIER-1", "descriptor": "meta-llama/*", "justification": "Assessments in review",
                  "owner": "safety", "expires": "2026-12-10" }
              ],
              "severities": { "rules": { "PUB-DOC-2": "none" } }
            }
            """);
        var waived = ProcessRunner.Run("eval", descriptor, "--policy", "rules/publisher-checklist", "--as-of", "2026-11-24", "--all");
        waived.Stdout.ShouldContain("~ PUB-FRONTIER-2");
        waived.Stdout.ShouldContain("waived  Staging plan approved by the release board (release-eng, until 2027-03-01)");
        waived.Stdout.ShouldNotContain("PUB-DOC-2");
        waived.Stderr.ShouldContain("info PE0604: The waiver of PUB-FRONTIER-1 for 'meta-llama/Llama-3.1-405B' (owner safety) expires on 2026-12-10, in 16 days");

        var expired = ProcessRunner.Run("eval", descriptor, "--policy", "rules/publisher-checklist", "--as-of", "2027-03-02");
        expired.Stderr.ShouldContain("warning PE0603: The waiver of PUB-FRONTIER-2 for 'meta-llama/Llama-3.1-405B' (owner release-eng) expired on 2027-03-01 and no longer applies");
        expired.Stdout.ShouldContain("✗ PUB-FRONTIER-2");
        expired.ExitCode.ShouldBe(1);
    }
}

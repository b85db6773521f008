using Newtonsoft.Json.Linq;
using PolicyEngine.Tests.Cli;

namespace PolicyEngine.Tests.Benchmarks;

/// <summary>
/// The gating-20 workload from the command line: <c>eval --schema</c> compiles the pack and reads the shared corpus
/// (a .jsonl batch, streamed) against the benchmark's own schema, and the verdicts fold into RULES.md's checksums.
/// </summary>
public class Gating20CommandLineTests
{
    private static readonly string[] SchemaArguments = ["--schema", Gating20ChecksumTests.SchemaPath];

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void The_command_line_batch_reproduces_the_published_checksums(string threads)
    {
        var cli = CliRunner.Run(["eval", Gating20ChecksumTests.CorpusPath, "-p", Gating20ChecksumTests.PackPath, .. SchemaArguments, "-f", "jsonl", "--threads", threads]);
        cli.ExitCode.ShouldBe(1, cli.Stderr); // some descriptors fail a rule
        cli.Stderr.ShouldBeEmpty();
        var checksum = new Gating20ChecksumTests.Checksum();
        var line = 0;
        foreach (var json in cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            line++;
            var verdict = JObject.Parse(json);
            // In input order: the n-th output line is the corpus's n-th line.
            ((string)verdict["descriptor"]!).ShouldEndWith($"corpus.jsonl:{line}");
            var findings = (JArray)verdict["findings"]!;
            findings.Count.ShouldBe(20);
            var mask = 0u;
            for (var i = 0; i < findings.Count; i++)
            {
                ((string)findings[i]["rule"]!).ShouldBe($"R{i + 1:00}");
                var outcome = (string)findings[i]["outcome"]!;
                outcome.ShouldBeOneOf("pass", "fail");
                if (outcome == "pass") mask |= 1u << i;
            }
            checksum.Add(mask);
        }
        checksum.ShouldMatchRulesMd();
    }

    [Fact]
    public void Without_the_schema_the_pack_does_not_compile_against_the_built_in_one()
    {
        var cli = CliRunner.Run("lint", Gating20ChecksumTests.PackPath);
        cli.ExitCode.ShouldBe(2);
        cli.Stdout.ShouldContain("error PE0100: 'training_compute_flop' is not a property of model");
        var with = CliRunner.Run(["lint", Gating20ChecksumTests.PackPath, .. SchemaArguments]);
        with.ExitCode.ShouldBe(0, with.Stdout + with.Stderr);
    }

    [Fact]
    public void A_schema_that_is_missing_or_not_json_is_a_located_usage_error()
    {
        var directory = Directory.CreateTempSubdirectory("pe-schema-").FullName;
        try
        {
            var missing = Path.Combine(directory, "missing.json");
            var cli = CliRunner.Run("eval", "examples/descriptors/llama-3.1-405b.json", "-p", "rules/eu-ai-act", "--schema", missing);
            cli.ExitCode.ShouldBe(2);
            cli.Stderr.Trim().ShouldBe($"{missing}(1,1): error PE0402: --schema '{missing}': file not found");

            var broken = Path.Combine(directory, "broken.json");
            File.WriteAllText(broken, "{\n  \"properties\": {\n    \"model\": [1,\n}\n");
            cli = CliRunner.Run("lint", "rules/eu-ai-act", "--schema", broken);
            cli.ExitCode.ShouldBe(2);
            cli.Stderr.ShouldStartWith($"{broken}(4,1): error PE0402: --schema '{broken}': not valid JSON: ");
            cli.Stdout.ShouldBeEmpty();

            var empty = Path.Combine(directory, "empty.json");
            File.WriteAllText(empty, "{}");
            cli = CliRunner.Run("test", "rules/eu-ai-act", "--schema", empty);
            cli.ExitCode.ShouldBe(2);
            cli.Stderr.Trim().ShouldBe($"{empty}(1,1): error PE0402: --schema '{empty}': the schema declares no properties");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

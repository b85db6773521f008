using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Tests.Cli;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Robustness;

/// <summary>Every limit: an input that crosses it gets the limit's own diagnostic at the place it is crossed — through
/// the library with the limit set in code, and through the command line with <c>--limit name=value</c>.</summary>
public class LimitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-limits-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Temp(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Model => File.ReadAllText(CaseFile.Path("model.json"));

    private static PackCompilation Compile(string text, Limits limits) =>
        PolicyCompiler.Compile("limits", [new SourceText(text, "limits.policy")], new CompilationOptions { Limits = limits });

    private static string At(Diagnostic d) => $"{d.Id} {d.Location.Path}({d.Location.StartPosition})";

    private static string Rules(int count) =>
        "policy many \"Many rules\" {\n" + string.Concat(Enumerable.Range(1, count).Select(i => $"  rule R{i} \"Rule {i}\" {{\n    cite \"c\"\n    require model.general_purpose\n  }}\n")) + "}\n";

    [Fact]
    public void EveryLimitHasADefaultACeilingAndANameOnTheCommandLine()
    {
        Limits.Settings.Select(s => s.Name).ShouldBe(["max-file-bytes", "max-nesting-depth", "max-expression-depth", "max-descriptor-depth", "max-rules", "max-list-items", "max-expanded-nodes", "regex-timeout-ms"]);
        foreach (var setting in Limits.Settings)
        {
            setting.Get(Limits.Default).ShouldBe(setting.Default);
            setting.Ceiling.ShouldBeGreaterThanOrEqualTo(setting.Default);
            var (changed, error) = Limits.Default.With($"{setting.Name}=7");
            error.ShouldBeNull();
            setting.Get(changed!).ShouldBe(7);
        }
        Limits.Default.With("max-rules=0").Error.ShouldBe("--limit 'max-rules=0': max-rules must be a whole number from 1 to 1000000");
        Limits.Default.With("max-rules=1000001").Error.ShouldNotBeNull();
        Limits.Default.With("max-rules=ten").Error.ShouldNotBeNull();
        Limits.Default.With("max-rules=-1").Error.ShouldNotBeNull();
        Limits.Default.With("max-rules").Error.ShouldStartWith("--limit 'max-rules': write name=value");
        Limits.Default.With("max-ruls=3").Error.ShouldStartWith("--limit 'max-ruls=3': there is no limit 'max-ruls'");
        Limits.Default.With("max-list-items=1_000").Limits!.MaxListItems.ShouldBe(1000);
    }

    [Fact]
    public void AnInvalidLimitOnTheCommandLineIsAUsageError()
    {
        var result = CliRunner.Run("lint", "rules/osaid", "--limit", "max-rules=0");
        result.ExitCode.ShouldBe(2);
        result.Stderr.Trim().ShouldBe("policyengine: error PE0402: --limit 'max-rules=0': max-rules must be a whole number from 1 to 1000000");
        CliRunner.Run("eval", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "--limit", "nope=1").ExitCode.ShouldBe(2);
    }

    // ---- PE0004: nesting depth and expression depth -------------------------------------------

    [Fact]
    public void BracketsNestedDeeperThanTheLimitArePE0004AtTheBracketThatCrossesIt()
    {
        var text = "policy p \"P\" {\n  let x = ((((1))))\n}\n";
        Compile(text, Limits.Default).Diagnostics.ShouldBeEmpty();
        var result = Compile(text, Limits.Default with { MaxNestingDepth = 3 });
        result.Success.ShouldBeFalse();
        result.Diagnostics.Select(At).ShouldBe(["PE0004 limits.policy(2,14)"]);
        result.Diagnostics[0].Message.ShouldBe("Expression nesting is deeper than the limit of 3 levels");

        var file = Temp("nested.policy", text);
        var cli = CliRunner.Run("lint", file, "--limit", "max-nesting-depth=3");
        cli.ExitCode.ShouldBe(2);
        cli.Stdout.Trim().ShouldBe($"{file}(2,14): error PE0004: Expression nesting is deeper than the limit of 3 levels");
    }

    [Fact]
    public void AnExpressionTreeDeeperThanTheLimitIsPE0004()
    {
        var text = "policy p \"P\" {\n  let x = true and true and true and true and true\n}\n";
        Compile(text, Limits.Default).Diagnostics.ShouldBeEmpty();
        var result = Compile(text, Limits.Default with { MaxExpressionDepth = 3 });
        result.Success.ShouldBeFalse();
        result.Diagnostics.Select(d => d.Id).Distinct().ShouldBe(["PE0004"]);
        result.Diagnostics[0].Location.StartPosition.Line.ShouldBe(1);

        var file = Temp("chain.policy", text);
        var cli = CliRunner.Run("lint", file, "--limit", "max-expression-depth=3");
        cli.ExitCode.ShouldBe(2);
        cli.Stdout.ShouldContain($"{file}(2,");
        cli.Stdout.ShouldContain("error PE0004: Expression nesting is deeper than the limit of 3 levels");
    }

    [Fact]
    public async Task AtTheCeilingADeepLetChainCompilesAndEvaluatesWithoutOverflowingTheStack()
    {
        // max-expression-depth may be raised to 5,000; a chain that deep must still evaluate and explain (on a thread-pool thread).
        const int n = 4_999;
        var text = "policy p \"P\" {\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"let v{i + 1} = v{i} and true\n")) +
                   $"let v0 = model.general_purpose\nrule R {{ cite \"c\" require v{n} }}\n}}\n";
        var ceiling = Limits.Default with { MaxExpressionDepth = 5_000 };
        var result = Compile(text, ceiling);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics.Take(3)));
        var verdict = await Task.Run(() => result.Pack!.Evaluate(Harness.TestModel, new EvaluationOptions { Explain = true, ExplainAll = true }));
        verdict.Findings.Single().Outcome.ShouldBe(RuleOutcome.Pass);
    }

    [Fact]
    public async Task AtTheCeilingDeeplyNestedQuantifiersCompileAndEvaluateWithoutOverflowingTheStack()
    {
        // max-nesting-depth may be raised to 500: quantifiers that deep compile to lambdas nested that deep.
        const int n = 499;
        var body = string.Concat(Enumerable.Range(0, n).Select(i => $"any c{i} in release.components: known(c{i}.name) and ")) + "true";
        var text = $"policy p \"P\" {{\n  rule R {{ cite \"c\" require {body} }}\n}}\n";
        var ceiling = Limits.Default with { MaxNestingDepth = 500, MaxExpressionDepth = 5_000 };
        var result = Compile(text, ceiling);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics.Take(3)));
        var verdict = await Task.Run(() => result.Pack!.Evaluate(Harness.TestModel, new EvaluationOptions { Explain = true, ExplainAll = true }));
        verdict.Findings.Single().Outcome.ShouldBe(RuleOutcome.Pass);
    }

    // ---- PE0403: file size --------------------------------------------------------------------

    [Fact]
    public void APolicyFileOverTheSizeLimitIsPE0403()
    {
        var file = Temp("big.policy", Rules(3));
        var length = new FileInfo(file).Length;
        var result = PolicyCompiler.CompilePath(file, new CompilationOptions { Limits = Limits.Default with { MaxFileBytes = length - 1 } });
        result.Success.ShouldBeFalse();
        result.Diagnostics.Select(At).ShouldBe([$"PE0403 {file}(1,1)"]);
        result.Diagnostics[0].Message.ShouldBe($"'{file}' is {length} bytes, over the limit of {length - 1}");
        PolicyCompiler.CompilePath(file, new CompilationOptions { Limits = Limits.Default with { MaxFileBytes = length } }).Success.ShouldBeTrue();

        var cli = CliRunner.Run("lint", file, "--limit", $"max-file-bytes={length - 1}");
        cli.ExitCode.ShouldBe(2);
        cli.Stdout.Trim().ShouldBe($"{file}(1,1): error PE0403: '{file}' is {length} bytes, over the limit of {length - 1}");
    }

    [Fact]
    public void ADescriptorOverTheSizeLimitIsPE0403WhetherItIsAFileAJsonLinesFileOrStandardInput()
    {
        var text = Model;
        var file = Temp("model.json", text);
        var length = new FileInfo(file).Length;
        var limits = Limits.Default with { MaxFileBytes = length - 1 };
        DescriptorLoader.LoadFile(file, limits: limits).Diagnostics.Select(At).ShouldBe([$"PE0403 {file}(1,1)"]);
        DescriptorLoader.Load(text, "in-memory.json", limits: limits).Diagnostics.Select(At).ShouldBe(["PE0403 in-memory.json(1,1)"]);
        DescriptorLoader.LoadFile(file, limits: Limits.Default with { MaxFileBytes = length }).Succeeded.ShouldBeTrue();

        var tiny = Temp("tiny.policy", Rules(1));
        var cli = CliRunner.Run("eval", file, "-p", tiny, "--limit", $"max-file-bytes={length - 1}");
        cli.ExitCode.ShouldBe(2);
        cli.Stderr.Trim().ShouldBe($"{file}(1,1): error PE0403: '{file}' is {length} bytes, over the limit of {length - 1}");

        // A batch is streamed: the limit applies to each line, which is one descriptor, not to the whole file.
        var line = text.ReplaceLineEndings(" ");
        var lines = Temp("batch.jsonl", line + "\n" + line + " \n");
        var jsonl = CliRunner.Run("eval", lines, "-p", tiny, "--limit", $"max-file-bytes={line.Length}");
        jsonl.ExitCode.ShouldBe(2);
        jsonl.Stderr.Trim().ShouldBe($"{lines}:2(1,1): error PE0403: '{lines}:2' is {line.Length + 1} bytes, over the limit of {line.Length}");
        CliRunner.Run("eval", lines, "-p", tiny, "--limit", $"max-file-bytes={line.Length + 1}").ExitCode.ShouldBe(0);

        var stdin = CliRunner.RunWithInput(text, "eval", "-", "-p", tiny, "--limit", "max-file-bytes=1000");
        stdin.ExitCode.ShouldBe(2);
        stdin.Stderr.Trim().ShouldBe("-(1,1): error PE0403: '-' is more than 1000 bytes, over the limit of 1000");
        var within = CliRunner.RunWithInput(text, "eval", "-", "-p", tiny, "--limit", $"max-file-bytes={length}");
        within.ExitCode.ShouldBe(0, within.All);
    }

    // ---- PE0800: rules in a pack --------------------------------------------------------------

    [Fact]
    public void APackWithMoreRulesThanTheLimitIsPE0800AtTheFirstRuleOverIt()
    {
        var text = Rules(3);
        Compile(text, Limits.Default with { MaxRules = 3 }).Success.ShouldBeTrue();
        var result = Compile(text, Limits.Default with { MaxRules = 2 });
        result.Success.ShouldBeFalse();
        result.Diagnostics.Select(At).ShouldBe(["PE0800 limits.policy(10,8)"]);
        result.Diagnostics[0].Message.ShouldBe("The pack has more rules than the limit of 2");

        var file = Temp("many.policy", text);
        var cli = CliRunner.Run("eval", "examples/descriptors/gpt-4.json", "-p", file, "--limit", "max-rules=2");
        cli.ExitCode.ShouldBe(2);
        cli.Stderr.Trim().ShouldBe($"{file}(10,8): error PE0800: The pack has more rules than the limit of 2");
        cli.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void TheDefaultRuleLimitIsCrossedByOneRuleMore()
    {
        var result = Compile(Rules(Limits.Default.MaxRules + 1), Limits.Default);
        result.Diagnostics.Select(d => d.Id).ShouldBe(["PE0800"]);
        result.Diagnostics[0].Location.StartPosition.Line.ShouldBe(1 + 4 * Limits.Default.MaxRules);
    }

    // ---- PE0801: list sizes -------------------------------------------------------------------

    [Fact]
    public void ADescriptorListLongerThanTheLimitIsPE0801AtTheFirstItemOverIt()
    {
        var text = Model;
        var limits = Limits.Default with { MaxListItems = 2 };
        var json = DescriptorLoader.Load(text, "model.json", limits: limits);
        json.Succeeded.ShouldBeFalse();
        // release.components has three items; the third (line 26) is the first over the limit.
        json.Diagnostics.Select(At).ShouldBe(["PE0801 model.json(26,7)"]);
        json.Diagnostics[0].Message.ShouldBe("The list has more items than the limit of 2");

        var yaml = DescriptorLoader.Load("descriptor_version: \"0.1\"\nmodel:\n  id: x\nrelease:\n  hosted_partners:\n    - a\n    - b\n    - c\n", "model.yaml", limits: limits);
        yaml.Diagnostics.Select(At).ShouldBe(["PE0801 model.yaml(8,7)"]);

        var flow = DescriptorLoader.Load("{\"release\": {\"hosted_partners\": [\"a\", \"b\", \"c\"]}}", "flow.json", limits: limits);
        flow.Diagnostics.Select(At).ShouldBe(["PE0801 flow.json(1,44)"]);

        var file = Temp("model.json", text);
        var cli = CliRunner.Run("eval", file, "-p", "rules/us-eo-14110", "--limit", "max-list-items=2");
        cli.ExitCode.ShouldBe(2);
        cli.Stderr.Trim().ShouldBe($"{file}(26,7): error PE0801: The list has more items than the limit of 2");
    }

    [Fact]
    public void ADescriptorListOfTheDefaultLimitPlusOneIsPE0801()
    {
        var items = string.Join(",", Enumerable.Repeat("\"x\"", Limits.Default.MaxListItems + 1));
        var result = DescriptorLoader.Load("{\"release\": {\"hosted_partners\": [" + items + "]}}", "long.json");
        result.Diagnostics.Select(d => d.Id).ShouldBe(["PE0801"]);
    }

    [Fact]
    public void APolicyListLiteralLongerThanTheLimitIsPE0801AtTheFirstItemOverIt()
    {
        var text = "policy p \"P\" {\n  let xs = [1, 2, 3]\n}\n";
        Compile(text, Limits.Default with { MaxListItems = 3 }).Diagnostics.ShouldBeEmpty();
        var result = Compile(text, Limits.Default with { MaxListItems = 2 });
        result.Diagnostics.Select(At).ShouldBe(["PE0801 limits.policy(2,19)"]);

        var file = Temp("list.policy", text);
        var cli = CliRunner.Run("lint", file, "--limit", "max-list-items=2");
        cli.ExitCode.ShouldBe(2);
        cli.Stdout.Trim().ShouldBe($"{file}(2,19): error PE0801: The list has more items than the limit of 2");
    }

    [Fact]
    public void ATableLongerThanTheListLimitCannotBeLoaded()
    {
        Temp("table.json", "[{\"id\": \"a\"}, {\"id\": \"b\"}, {\"id\": \"c\"}]");
        var policy = Temp("table.policy", "policy p \"P\" {\n  table ids from \"table.json\" key id\n}\n");
        var result = PolicyCompiler.CompilePath(policy, new CompilationOptions { Limits = Limits.Default with { MaxListItems = 2 } });
        result.Diagnostics.Select(d => d.Id).ShouldBe(["PE0114"]);
        result.Diagnostics[0].Message.ShouldContain("a list has more items than the limit of 2");
    }

    // ---- PE0802: descriptor nesting -----------------------------------------------------------

    [Fact]
    public void ADescriptorNestedDeeperThanTheLimitIsPE0802AtTheFirstValueOverIt()
    {
        var text = Model;
        var limits = Limits.Default with { MaxDescriptorDepth = 2 };
        var json = DescriptorLoader.Load(text, "model.json", limits: limits);
        // model.modalities (line 7) is the first object at depth 2.
        json.Diagnostics.Select(At).ShouldBe(["PE0802 model.json(7,19)"]);
        json.Diagnostics[0].Message.ShouldBe("The JSON nests deeper than the limit of 2 levels");

        var yaml = DescriptorLoader.Load("model:\n  architecture:\n    moe: false\n", "deep.yaml", limits: limits);
        // architecture's value, the mapping that starts at 'moe', is the first value at depth 2.
        yaml.Diagnostics.Select(At).ShouldBe(["PE0802 deep.yaml(3,5)"]);
        yaml.Diagnostics[0].Message.ShouldBe("The YAML nests deeper than the limit of 2 levels");

        var file = Temp("model.json", text);
        var cli = CliRunner.Run("eval", file, "-p", "rules/us-eo-14110", "--limit", "max-descriptor-depth=2");
        cli.ExitCode.ShouldBe(2);
        cli.Stderr.Trim().ShouldBe($"{file}(7,19): error PE0802: The JSON nests deeper than the limit of 2 levels");
    }

    [Theory]
    [InlineData("json", 100_000)]
    [InlineData("yaml", 100_000)]
    [InlineData("json-objects", 100_000)]
    [InlineData("yaml-block", 2_000)]
    public void AHundredThousandLevelsOfNestingArePE0802QuicklyAtTheDefaultLimit(string kind, int depth)
    {
        var (text, path) = kind switch
        {
            "json" => (new string('[', depth) + new string(']', depth), "deep.json"),
            "yaml" => (new string('[', depth) + new string(']', depth), "deep.yaml"),
            "json-objects" => (string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth), "deep.json"),
            _ => (string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', i) + "a:\n")), "deep.yaml"),
        };
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var result = DescriptorLoader.Load(text, path);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        result.Diagnostics.Select(d => d.Id).ShouldBe(["PE0802"]);
        result.Diagnostics[0].Message.ShouldEndWith($"nests deeper than the limit of {Limits.Default.MaxDescriptorDepth} levels");
    }

    [Fact]
    public async Task AtTheCeilingADeepDescriptorIsReadOnAThreadPoolThread()
    {
        const int depth = 999;
        var text = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var ceiling = Limits.Default with { MaxDescriptorDepth = 1_000 };
        var result = await Task.Run(() => DescriptorLoader.Load(text, "deep.json", limits: ceiling));
        result.Diagnostics.Select(d => d.Id).Distinct().ShouldBe(["PE0201", "PE0207"]);
        var yaml = await Task.Run(() => DescriptorLoader.Load(new string('[', depth) + new string(']', depth), "deep.yaml", limits: ceiling));
        yaml.Diagnostics.Select(d => d.Id).ShouldBe(["PE0206"]);
    }

    // ---- PE0804: function expansion ----------------------------------------------------------

    private static string DoublingFunctions(int links) =>
        "policy p \"P\" {\n  fn f0(x: bool) = x\n" + string.Concat(Enumerable.Range(0, links).Select(i => $"  fn f{i + 1}(x: bool) = f{i}(x) and f{i}(x)\n")) +
        $"  rule R {{ cite \"c\" require f{links}(model.general_purpose) }}\n}}\n";

    [Fact]
    public void FunctionsThatExpandPastTheLimitArePE0804AtTheOutermostCall()
    {
        // Each function calls the previous one twice: 2^40 nodes if expanded. Without the limit this never finishes.
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var result = Compile(DoublingFunctions(40), Limits.Default);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        result.Success.ShouldBeFalse();
        result.Diagnostics.Select(At).ShouldBe(["PE0804 limits.policy(17,21)"]);
        result.Diagnostics[0].Message.ShouldBe("Expanding 'f14' here makes the pack larger than the limit of 200000 expression nodes; compute the repeated part once with a let");

        var small = DoublingFunctions(4);
        Compile(small, Limits.Default).Success.ShouldBeTrue();
        var limited = Compile(small, Limits.Default with { MaxExpandedNodes = 10 });
        limited.Diagnostics.Select(d => d.Id).ShouldBe(["PE0804"]);

        var file = Temp("functions.policy", small);
        var cli = CliRunner.Run("lint", file, "--limit", "max-expanded-nodes=10");
        cli.ExitCode.ShouldBe(2);
        cli.Stdout.ShouldContain("error PE0804: Expanding 'f");
    }

    [Fact]
    public void TheShippedPacksExpandWellWithinTheDefault()
    {
        var result = CliRunner.Run("lint", "rules", "--limit", $"max-expanded-nodes={Limits.Default.MaxExpandedNodes / 10}");
        result.ExitCode.ShouldBe(0, result.All);
    }

    // ---- PE0803: regular-expression time ------------------------------------------------------

    private const string SlowPattern = """
        policy rx "Regex" {
          rule RX-1 "Name is well formed" {
            cite "c"
            require model.name matches "^(a|aa)+(?<=a)$"
          }
        }
        """;

    private string SlowDescriptor()
    {
        var text = Model.Replace("\"Test Model 70B\"", "\"" + new string('a', 64) + "!\"", StringComparison.Ordinal);
        return Temp("slow.json", text);
    }

    [Fact]
    public void AMatchOverTheTimeLimitIsAnErrorOutcomeAndPE0803AtTheMatch()
    {
        var descriptor = DescriptorLoader.LoadFile(SlowDescriptor());
        var pack = Compile(SlowPattern, Limits.Default with { RegexTimeout = TimeSpan.FromMilliseconds(5) }).Pack!;
        var verdict = pack.Evaluate(descriptor.Descriptor!);
        var finding = verdict.Findings.Single();
        finding.Outcome.ShouldBe(RuleOutcome.Error);
        verdict.Kind.ShouldBe(VerdictKind.Block);
        finding.Error.ShouldBe("the regular expression /^(a|aa)+(?<=a)$/ took longer than the limit of 5 ms");
        At(finding.ErrorDiagnostic!).ShouldBe("PE0803 limits.policy(4,13)");

        var policy = Temp("rx.policy", SlowPattern);
        var path = Path.Combine(_directory, "slow.json");
        var cli = CliRunner.Run("eval", path, "-p", policy, "--limit", "regex-timeout-ms=5");
        cli.ExitCode.ShouldBe(1);
        cli.Stdout.ShouldContain("! RX-1");
        cli.Stderr.Trim().ShouldBe($"{policy}(4,13): error PE0803: Rule 'RX-1' on '{path}': matching /^(a|aa)+(?<=a)$/ took longer than the limit of 5 ms");
    }
}

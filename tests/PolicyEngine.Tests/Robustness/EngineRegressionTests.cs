using System.Diagnostics;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Robustness;

/// <summary>Inputs that hung or crashed the engine before the robustness work; each now finishes quickly.</summary>
public class EngineRegressionTests
{
    // What these guard against took minutes or overflowed the stack; a 4,000-link chain compiled and traced takes
    // 3–9 s here, and 13 s was seen on a machine busy with a fuzzing run.
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(30);

    private static CompiledPack Compile(string text, Limits? limits = null)
    {
        var result = PolicyCompiler.Compile("regression", [new SourceText(text, "regression.policy")], new CompilationOptions { Limits = limits ?? Limits.Default });
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics.Take(3)));
        return result.Pack!;
    }

    /// <summary>Explains on a thread-pool thread (the way eval runs), within the time bound.</summary>
    private static async Task<Verdict> ExplainAsync(CompiledPack pack)
    {
        var stopwatch = Stopwatch.StartNew();
        var verdict = await Task.Run(() => pack.Evaluate(Harness.TestModel, new EvaluationOptions { Explain = true, Fixes = true }));
        stopwatch.Elapsed.ShouldBeLessThan(Quickly);
        return verdict;
    }

    [Fact]
    public async Task AFailingRuleOverAChainOfLetsIsExplainedInLinearTime()
    {
        // Collecting the facts under a let walked its value twice, so each let of the chain doubled the walk: 2^40.
        var text = "policy p \"P\" {\n  let v0 = not model.general_purpose\n" +
                   string.Concat(Enumerable.Range(0, 40).Select(i => $"  let v{i + 1} = v{i} and true\n")) +
                   "  rule R { cite \"c\" require v40 }\n}\n";
        var verdict = await ExplainAsync(Compile(text));
        var finding = verdict.Findings.Single();
        finding.Outcome.ShouldBe(RuleOutcome.Fail);
        AllFacts(finding.Explanation).Distinct().ShouldBe(["model.general_purpose"]);

        static IEnumerable<string> AllFacts(IEnumerable<ExplanationNode> nodes) => nodes.SelectMany(n => n.Facts.Select(f => f.Path).Concat(AllFacts(n.Parts)));
    }

    [Fact]
    public async Task LetsThatUseTheLetBeforeThemTwiceAreExplainedInLinearTime()
    {
        // The bound expressions share let values: a graph with 2^40 paths, which every walk must visit once per node.
        var text = "policy p \"P\" {\n  let v0 = not model.general_purpose\n" +
                   string.Concat(Enumerable.Range(0, 40).Select(i => $"  let v{i + 1} = v{i} and v{i}\n")) +
                   "  rule R { cite \"c\" require v40 }\n  test \"t\" { expect R is pass }\n}\n";
        var pack = Compile(text);
        var verdict = await ExplainAsync(pack);
        verdict.Findings.Single().Outcome.ShouldBe(RuleOutcome.Fail);
        var stopwatch = Stopwatch.StartNew();
        TestRunner.Run(pack).Failed.ShouldBe(1);
        stopwatch.Elapsed.ShouldBeLessThan(Quickly);
    }

    [Fact]
    public async Task AProofOfLetsUsingLetsManyTimesIsBoundedInSize()
    {
        // Six levels of lets, each the 'and' of a hundred uses of the one before: 100^6 steps if expanded in full.
        var text = "policy p \"P\" {\n  let b0 = " + string.Join(" and ", Enumerable.Repeat("model.general_purpose", 100)) + "\n" +
                   string.Concat(Enumerable.Range(0, 6).Select(i => $"  let b{i + 1} = " + string.Join(" and ", Enumerable.Repeat($"b{i}", 100)) + "\n")) +
                   "  rule R { cite \"c\" require not b6 }\n}\n";
        var verdict = await ExplainAsync(Compile(text));
        var finding = verdict.Findings.Single();
        finding.Outcome.ShouldBe(RuleOutcome.Fail);
        // 2,000 steps, and the operands of the chain being explained when the budget ran out.
        Count(finding.Explanation).ShouldBeLessThanOrEqualTo(2_200);

        static int Count(IEnumerable<ExplanationNode> nodes) => nodes.Sum(n => 1 + Count(n.Parts));
    }

    [Theory]
    [InlineData("and", 999)]
    [InlineData("or", 900)]
    public async Task ALongChainInALetIsTracedWithoutOverflowingTheStack(string op, int operands)
    {
        // The traced copy computed each value as the last argument of the tracer's call; nested 999 deep the JIT spilled
        // the stack at every branch: 49 s to compile, then a stack overflow on a thread-pool thread.
        var operand = op == "and" ? "model.general_purpose" : "not model.general_purpose";
        var text = "policy p \"P\" {\n  let a = " + string.Join($" {op} ", Enumerable.Repeat(operand, operands)) + "\n" +
                   $"  rule R {{ cite \"c\" require {(op == "and" ? "not a" : "a")} }}\n}}\n";
        var verdict = await ExplainAsync(Compile(text));
        verdict.Findings.Single().Outcome.ShouldBe(RuleOutcome.Fail);
    }

    [Fact]
    public async Task AtTheCeilingAChainOfFourThousandIsTraced()
    {
        var text = "policy p \"P\" {\n  let a = " + string.Join(" and ", Enumerable.Repeat("model.general_purpose", 4_000)) + "\n" +
                   "  rule R { cite \"c\" require not a }\n}\n";
        var verdict = await ExplainAsync(Compile(text, Limits.Default with { MaxExpressionDepth = 5_000 }));
        verdict.Findings.Single().Outcome.ShouldBe(RuleOutcome.Fail);
    }

    // ---- found by the fuzzer ------------------------------------------------------------------

    [Fact]
    public void PathsWithANulCharacterNameNoFileAndDoNotThrow()
    {
        // A table, an import and a test descriptor whose path holds a NUL made Path.GetFullPath throw.
        var text = "policy p \"P\" {\n  table t from \"a\\u0000b.json\" key id\n  import \"x\u0000.policy\"\n" +
                   "  rule R { cite \"c\" require true }\n  test \"t\" { given \"m\u0000.json\"\n expect R is pass }\n}\n";
        var result = PolicyCompiler.Compile("nul", [new SourceText(text, Path.Combine(Path.GetTempPath(), "nul.policy"))]);
        result.Diagnostics.Select(d => d.Id).ShouldContain("PE0105");
        result.Diagnostics.Select(d => d.Id).ShouldContain("PE0118");
        PolicyCompiler.CompilePath("a\0b.policy").Diagnostics.Single().Id.ShouldBe("PE0400");
        DescriptorLoader.LoadFile("a\0b.json").Diagnostics.Single().Message.ShouldBe("Cannot read descriptor 'a\\u0000b.json': the path is not a valid file name");
    }

    [Fact]
    public void AHundredThousandImplicationsAreRejectedBeforeTheParserRecursesIntoThem()
    {
        // 'implies' is right-associative: the parser recursed once per link, and at 100,000 links overflowed even the
        // 256 MB stack it parses on (and took ten seconds when it did not).
        var text = "policy p \"P\" {\n  rule R { cite \"c\" require true" + string.Concat(Enumerable.Repeat(" implies true", 100_000)) + " }\n}\n";
        var stopwatch = Stopwatch.StartNew();
        var result = PolicyCompiler.Compile("implies", [new SourceText(text, "implies.policy")]);
        stopwatch.Elapsed.ShouldBeLessThan(Quickly);
        result.Diagnostics.Select(d => d.Id).ShouldBe(["PE0004"]);
        var location = result.Diagnostics[0].Location;
        location.Source![location.Span].ShouldBe("implies");
        // At the link that crosses the limit of 1,000.
        text[..location.Span.Start].Split(" implies ").Length.ShouldBe(1_001);
        // Within the limit a chain still compiles.
        Compile("policy p \"P\" {\n  rule R { cite \"c\" require true" + string.Concat(Enumerable.Repeat(" implies model.general_purpose", 900)) + " }\n}\n");
    }

    [Fact]
    public async Task ANineHundredLinkImplicationChainCompilesAndEvaluatesQuickly()
    {
        // The right side of each link was the last argument of a call, so every link left one more value on the
        // evaluation stack; the JIT spilled them all at each branch and took seconds (quadratic) on 900 links.
        var text = "policy p \"P\" {\n  rule R { cite \"c\" require model.general_purpose" + string.Concat(Enumerable.Repeat(" implies model.general_purpose", 900)) + " }\n}\n";
        var stopwatch = Stopwatch.StartNew();
        var pack = Compile(text);
        var verdict = await ExplainAsync(pack);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3)); // about 0.3 s; it was 6 s
        verdict.Findings.Single().Outcome.ShouldBe(RuleOutcome.Pass);
    }

    [Fact]
    public async Task AVeryLongStringLookedUpInATableDoesNotSlowTheFixSearch()
    {
        // The fuzzer's descriptor had a 146 KB licence among 52 components: the MOF pack looks each licence up in its
        // licence table, and the counterfactual search re-evaluates the pack thousands of times, hashing the string
        // each time (6 s). A key longer than every key of the table is now answered without hashing.
        string[] names = ["Model architecture", "Model parameters (Final)", "Model card", "Data card", "Technical report", "Evaluation results",
            "Training code", "Inference code", "Evaluation code", "Datasets", "Research paper", "Model metadata", "Supporting libraries and tools"];
        var components = Enumerable.Range(0, 52).Select(i =>
            $$"""{"name": "{{names[i % names.Length]}}", "released": true, "licence": "{{new string('x', 20_000)}}{{i}}"}""");
        var json = "{\"descriptor_version\": \"0.1\", \"model\": {\"id\": \"long/licence\"}, \"release\": {\"components\": [" + string.Join(", ", components) + "]}}";
        var loaded = DescriptorLoader.Load(json, "long.json");
        loaded.Succeeded.ShouldBeTrue(string.Join("\n", loaded.Diagnostics));
        var compilation = PolicyCompiler.CompilePath(TestPaths.InRepository("rules", "mof"));
        var pack = compilation.Pack!;
        pack.Evaluate(loaded.Descriptor!); // compiled and warm

        var stopwatch = Stopwatch.StartNew();
        var verdict = await Task.Run(() => pack.Evaluate(loaded.Descriptor!, new EvaluationOptions { Explain = true, Fixes = true }));
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3)); // over 3 s before, hashing every long licence
        verdict.Findings.ShouldContain(f => f.Outcome == RuleOutcome.Fail);
    }

    [Fact]
    public async Task ADateComparedWithTheLastDayOfTheCalendarGetsFixesWithoutThrowing()
    {
        // The counterfactual search tried the day after 9999-12-31, which cannot be printed.
        var pack = Compile("policy p \"P\" {\n  rule R { cite \"c\" require release.date > 9999-12-31 or release.date < 0001-01-01 }\n}\n");
        var verdict = await ExplainAsync(pack);
        verdict.Findings.Single().Outcome.ShouldBe(RuleOutcome.Fail);
    }

    [Theory]
    [InlineData("9223372036854775809")]
    [InlineData("-9223372036854775809")]
    [InlineData("123456789012345678901234567890")]
    public void AnIntegerBeyondSixtyFourBitsIsANumber(string integer)
    {
        // Newtonsoft reads it as a BigInteger, which Convert.ToDouble cannot convert.
        var result = DescriptorLoader.Load("{\"descriptor_version\": \"0.1\", \"model\": {\"id\": \"x\", \"training\": {\"tokens\": " + integer + "}}}", "big.json");
        result.Succeeded.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        result.Descriptor!.Root.GetValue(PolicyEngine.Schema.DescriptorSchema.Default.Root.Find("model.training.tokens")!).ShouldBe(double.Parse(integer, System.Globalization.CultureInfo.InvariantCulture));
        var huge = DescriptorLoader.Load("{\"descriptor_version\": \"0.1\", \"model\": {\"id\": \"x\", \"training\": {\"tokens\": 1" + new string('0', 400) + "}}}", "huge.json");
        // Past a double's range the JSON reader itself refuses the number: a diagnostic, not a crash.
        huge.Diagnostics.Select(d => d.Id).ShouldBe(["PE0200"]);
    }

    [Fact]
    public void ADiagnosticPrintsOnOneLineWhateverItsArguments()
    {
        // A string literal with a newline, quoted in a message, split the diagnostic over two lines.
        var result = PolicyCompiler.Compile("nl", [new SourceText("policy p \"P\" {\n  rule R { cite \"c\" require weights.availability == \"open\\nx\" }\n}\n", "nl.policy")]);
        var diagnostic = result.Diagnostics.Single(d => d.Id == "PE0112");
        diagnostic.Message.ShouldStartWith("'open\\nx' is not an allowed value");
        DiagnosticFormatter.Format(diagnostic).ShouldNotContain("\n");
        DiagnosticFormatter.OneLine("a\tb\r\n\u0001").ShouldBe("a\\tb\\r\\n\\u0001");
    }
}

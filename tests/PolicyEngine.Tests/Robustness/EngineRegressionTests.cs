using System.Diagnostics;
using PolicyEngine.Compilation;
using PolicyEngine.Evaluation;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Robustness;

/// <summary>Inputs that hung or crashed the engine before the robustness work; each now finishes quickly.</summary>
public class EngineRegressionTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

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
}

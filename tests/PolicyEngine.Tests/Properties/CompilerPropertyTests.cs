using System.Diagnostics;
using PolicyEngine.Compilation;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Properties;

/// <summary>
/// Property: whatever text it is given, the compiler answers with diagnostics — no exception escapes, no input
/// takes more than a few seconds, and deep nesting is a diagnostic, never a stack overflow.
/// </summary>
public class CompilerPropertyTests
{
    // Generous: a shipped pack compiles in well under 100 ms, but a machine busy with other test classes (or a fuzz
    // run) has stretched one compile to 1.4 s; the pathological inputs this guards against took minutes.
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(3);

    private static void CompilesWithoutCrashing(string text)
    {
        var stopwatch = Stopwatch.StartNew();
        PackCompilation result;
        try
        {
            result = PolicyCompiler.Compile("fuzz", [new SourceText(text, "fuzz.policy")]);
        }
        catch (Exception e)
        {
            throw new ShouldAssertException($"The compiler threw {e.GetType().Name} on:\n{text}\n{e}");
        }
        stopwatch.Elapsed.ShouldBeLessThan(PerInputLimit, $"compiling took {stopwatch.Elapsed} on:\n{text}");
        // Every diagnostic has a location in the file and a message.
        foreach (var diagnostic in result.Diagnostics)
        {
            diagnostic.Message.ShouldNotBeNullOrWhiteSpace();
            diagnostic.Location.Path.ShouldBe("fuzz.policy");
            diagnostic.Location.Span.End.ShouldBeLessThanOrEqualTo(text.Length + 1);
        }
        if (result.Success) result.Diagnostics.ShouldAllBe(d => d.Severity != Diagnostics.DiagnosticSeverity.Error);
    }

    [Fact]
    public void TenThousandGeneratedAndMutatedTextsGetOnlyDiagnostics()
    {
        var generator = new PolicyTextGenerator(seed: 20261124);
        var shipped = Directory.GetFiles(TestPaths.InRepository("rules"), "*.policy", SearchOption.AllDirectories)
            .Select(File.ReadAllText).ToList();
        var inputs = 0;
        var compiled = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var text = (i % 3) switch
            {
                0 => generator.Policy(),
                1 => generator.Mutate(generator.Policy()),
                _ => generator.Mutate(shipped[i % shipped.Count]),
            };
            CompilesWithoutCrashing(text);
            inputs++;
            if (i % 3 == 0) compiled++;
        }
        inputs.ShouldBe(10_000);
    }

    public static IEnumerable<object[]> DeepInputs()
    {
        const int n = 100_000;
        yield return ["parentheses", "policy p { let x = " + new string('(', n) + "1" + new string(')', n) + " }"];
        yield return ["unclosed parentheses", "policy p { let x = " + new string('(', n) + " }"];
        yield return ["brackets", "policy p { let x = " + new string('[', n) + " }"];
        yield return ["not chain", "policy p { let x = " + string.Concat(Enumerable.Repeat("not ", n)) + "true }"];
        yield return ["minus chain", "policy p { let x = " + new string('-', n) + "1 }"];
        yield return ["and chain", "policy p { let x = true" + string.Concat(Enumerable.Repeat(" and true", n)) + " }"];
        yield return ["quantifiers", "policy p { let x = " + string.Concat(Enumerable.Repeat("any c in release.components: ", 5_000)) + "true }"];
        yield return ["braces", new string('{', n)];
        yield return ["implies chain", "policy p { let x = true" + string.Concat(Enumerable.Repeat(" implies true", 20_000)) + " }"];
        yield return ["let chain", "policy p {\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"let v{i + 1} = v{i} and true\n")) + "let v0 = true }"];
    }

    [Fact]
    public void NineHundredLetsDeepIsFineAndEvaluates()
    {
        var text = "policy p {\n" + string.Concat(Enumerable.Range(0, 900).Select(i => $"let v{i + 1} = v{i} and true\n")) +
                   "let v0 = model.general_purpose\nrule R { cite \"c\" require v900 }\n}";
        var result = PolicyCompiler.Compile("deep", [new SourceText(text, "deep.policy")]);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        var verdict = result.Pack!.Evaluate(Harness.TestModel, new EvaluationOptions { Explain = true });
        verdict.Findings.Single().Outcome.ShouldBe(PolicyEngine.Evaluation.RuleOutcome.Pass);
    }

    [Theory]
    [MemberData(nameof(DeepInputs))]
    public void DeepNestingIsADiagnosticNotAStackOverflow(string name, string text)
    {
        name.ShouldNotBeEmpty();
        var stopwatch = Stopwatch.StartNew();
        var result = PolicyCompiler.Compile("deep", [new SourceText(text, "deep.policy")]);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        result.Diagnostics.ShouldNotBeEmpty();
        result.Success.ShouldBeFalse();
    }
}

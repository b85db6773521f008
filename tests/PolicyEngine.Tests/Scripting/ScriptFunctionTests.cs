using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Scripting;
using PolicyEngine.Scripting.CSharp;

namespace PolicyEngine.Tests.Scripting;

/// <summary>Script functions: types in and out, unknown values, opt-in, signatures, compile errors at their place, faults.</summary>
public class ScriptFunctionTests
{
    private static string Policy(string definitions, string require) =>
        $"policy scripted {{\n{definitions}\n  rule R \"r\" {{\n    cite \"c\"\n    require {require}\n  }}\n}}\n";

    private static Finding Run(string definitions, string require, ScriptSettings? settings = null) =>
        ScriptTesting.Evaluate(ScriptTesting.Compile(Policy(definitions, require), settings));

    [Theory]
    [InlineData("fn f(x: number): number = csharp { return x * 2; }", "f(21) == 42")]
    [InlineData("fn f(s: string): string = csharp { return s.ToUpperInvariant() + \"!\"; }", "f(\"mit\") == \"MIT!\"")]
    [InlineData("fn f(b: bool): bool = csharp { return !b; }", "f(false)")]
    [InlineData("fn f(d: date): date = csharp { return d.AddDays(1); }", "f(2024-02-28) == 2024-02-29")]
    [InlineData("fn f(d: date): number = csharp { return d.Year; }", "f(release.date) == 2024")]
    [InlineData("fn f(d: duration): number = csharp { return d; }", "f(2 weeks) == 14")]
    [InlineData("fn f(xs: [number]): number = csharp { return xs.Sum(); }", "f([1, 2, 3.5]) == 6.5")]
    [InlineData("fn f(xs: [string]): [string] = csharp { return xs.Select(x => x.ToLowerInvariant()).Order().ToImmutableArray(); }", "length(f([\"B\", \"a\"])) == 2 and \"a\" in f([\"B\", \"a\"])")]
    [InlineData("fn f(s: string): [string] = csharp { return s.Split(\" OR \").Select(p => p.Trim('(', ')', ' ')).ToImmutableArray(); }", "\"MIT\" in f(\"(MIT OR Apache-2.0)\")")]
    [InlineData("fn f(x: number): bool = csharp { var seen = new HashSet<double>(); for (var i = 0; i < x; i++) seen.Add(i % 3); return seen.Count == 3; }", "f(10)")]
    [InlineData("fn f(x: number): number = csharp { double Fib(double n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2); return Fib(x); }", "f(20) == 6765")]
    [InlineData("fn f(s: string): number = csharp { var text = \"{ } \\\" /* } */\"; /* } */ // }\n return text.Length + s.Length; }", "f(\"ab\") == 15")]
    public void ValuesCrossInBothDirections(string definition, string require)
    {
        var finding = Run("  " + definition, require);
        finding.Outcome.ShouldBe(RuleOutcome.Pass, finding.Error);
    }

    [Fact]
    public void AnUnknownArgumentIsAnUnknownResultWithoutCallingTheScript()
    {
        // The script would throw if called; it is not, and the missing fact is named.
        var finding = Run("  fn f(x: number): number = csharp { throw new InvalidOperationException(\"called\"); }", "f(model.training.gpu_hours) > 1");
        finding.Outcome.ShouldBe(RuleOutcome.Unknown);
        finding.MissingFacts.ShouldBe(["model.training.gpu_hours"]);
    }

    [Fact]
    public void ANullResultIsUnknown()
    {
        var finding = Run("  fn f(x: number): number = csharp { return x > 0 ? null : 1; }", "f(5) > 1");
        finding.Outcome.ShouldBe(RuleOutcome.Unknown);
    }

    [Fact]
    public void AFaultIsAnErrorOutcomeWithTheReasonInTheExplanation()
    {
        var compilation = ScriptTesting.Compile(Policy("  fn f(x: number): number = csharp { throw new ArgumentException(\"bad licence expression\"); }", "f(1) > 0"));
        var verdict = compilation.Pack!.Evaluate(Harness.TestModel, new Compilation.EvaluationOptions { Explain = true });
        var finding = verdict.Findings.Single();
        finding.Outcome.ShouldBe(RuleOutcome.Error);
        finding.Error.ShouldBe("the script 'f' threw ArgumentException: bad licence expression");
        verdict.IsBlocking(FailOn.Error).ShouldBeTrue();
        var text = new PolicyEngine.Reporting.StringSink();
        PolicyEngine.Reporting.TextReporter.Write(text, verdict, "scripted", explain: true, showPassing: false);
        text.ToString().ShouldContain("bad licence expression");
    }

    [Fact]
    public void EachCallIsTimeLimitedAndTheLimitIsConfigurable()
    {
        ScriptSettings.Off.Timeout.ShouldBe(TimeSpan.FromMilliseconds(100));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var finding = Run("  fn f(x: number): number = csharp { while (x > 0) { x = x + 1; } return x; }", "f(1) > 0", ScriptTesting.Allowed(timeoutMs: 150));
        finding.Outcome.ShouldBe(RuleOutcome.Error);
        finding.Error.ShouldBe("the script 'f' ran over its time limit of 150 ms");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void WithoutOptInAScriptIsAnErrorAtItsSpanAndNothingIsCompiled()
    {
        var text = Policy("  fn f(x: number): number = csharp { return System.IO.File.ReadAllText(\"/etc/passwd\").Length; }", "f(1) > 0");
        var before = CSharpScriptHost.RoslynCompilations;
        var compilation = ScriptTesting.Compile(text, ScriptSettings.Off);
        CSharpScriptHost.RoslynCompilations.ShouldBe(before);
        compilation.Success.ShouldBeFalse();
        var diagnostic = compilation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("PE0700");
        var script = text.IndexOf("csharp", StringComparison.Ordinal);
        diagnostic.Location.Span.ShouldBe(Text.TextSpan.FromBounds(script, text.IndexOf("; }", StringComparison.Ordinal) + 3));
        diagnostic.Location.StartPosition.ToString().ShouldBe("2,29");
    }

    [Fact]
    public void ACompileErrorPointsAtItsLineAndColumnInThePolicyFile()
    {
        var text = "policy scripted {\n  fn licences(expression: string): [string] = csharp {\n    var parts = expression.Split(\" OR \");\n    return parts.Selekt(p => p.Trim()).ToImmutableArray();\n  }\n}\n";
        var compilation = ScriptTesting.Compile(text);
        var diagnostic = compilation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("PE0701");
        diagnostic.Message.ShouldStartWith("C# CS1061: 'string[]' does not contain a definition for 'Selekt'");
        diagnostic.Location.StartPosition.ToString().ShouldBe("4,18");
        DiagnosticFormatter.Format(diagnostic).ShouldStartWith("scripted.policy(4,18): error PE0701: C# CS1061:");
    }

    [Fact]
    public void ASyntaxErrorInTheScriptIsReportedWhereItIs()
    {
        var text = "policy scripted {\n  fn f(x: number): number = csharp {\n    return x +;\n  }\n}\n";
        var diagnostic = ScriptTesting.Compile(text).Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("PE0701");
        diagnostic.Message.ShouldContain("CS1525");
        diagnostic.Location.StartPosition.ToString().ShouldBe("3,15");
    }

    [Fact]
    public void MissingReturnIsReportedAtTheBlock()
    {
        var text = "policy scripted {\n  fn f(x: number): number = csharp { if (x > 0) return 1; }\n}\n";
        var diagnostic = ScriptTesting.Compile(text).Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("PE0701");
        diagnostic.Message.ShouldContain("CS0161");
        diagnostic.Location.StartPosition.ToString().ShouldBe("2,36");
    }

    [Theory]
    [InlineData("fn f(x): number = csharp { return 1; }", "PE0708", "Parameter 'x' of the script 'f' needs a type")]
    [InlineData("fn f(x: number) = csharp { return 1; }", "PE0708", "The script 'f' needs a result type")]
    [InlineData("fn f(x: number): money = csharp { return 1; }", "PE0102", "'money' is not a type")]
    [InlineData("fn f(x: number): number = csharp { { return 1;", "PE0707", "The C# block's '{' has no matching '}'")]
    [InlineData("fn f(x: number): number = csharp return 1", "PE0003", "Syntax error")]
    public void SignatureMistakesAreReported(string definition, string id, string message)
    {
        var text = $"policy scripted {{\n  {definition}\n}}\n";
        var diagnostics = ScriptTesting.Compile(text).Diagnostics;
        diagnostics.ShouldContain(d => d.Id == id && d.Message.Contains(message), string.Join("\n", diagnostics));
    }

    [Fact]
    public void ArgumentsAreTypeCheckedAtTheCall()
    {
        var text = Policy("  fn f(x: number): number = csharp { return x; }", "f(\"one\") > 0");
        var diagnostic = ScriptTesting.Compile(text).Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("PE0102");
        diagnostic.Message.ShouldContain("Argument 1 of 'f' (x) must be a number");
    }

    [Fact]
    public void AScriptIsNeverRunToFoldAConstantCondition()
    {
        // f(1) reads no fact, but calling the script at compile time would run it: no PE0107, and no call.
        var compilation = ScriptTesting.Compile(Policy("  fn f(x: number): number = csharp { while (true) { } }", "f(1) > 0"), ScriptTesting.Allowed(timeoutMs: 100));
        compilation.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void AnOrdinaryFunctionMayDeclareItsResultType()
    {
        ScriptTesting.Compile(Policy("  fn twice(x: number): number = x * 2", "twice(model.training.tokens) > 4")).Diagnostics.ShouldBeEmpty();
        var diagnostic = ScriptTesting.Compile(Policy("  fn twice(x: number): string = x * 2", "twice(model.training.tokens) == \"4\"")).Diagnostics.First();
        diagnostic.Id.ShouldBe("PE0102");
        diagnostic.Message.ShouldContain("The result of 'twice' must be a string");
    }
}

using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;

namespace PolicyEngine.Tests.Scripting;

/// <summary>
/// The attack suite (Cases/script-attacks.cases): each escape attempt is stopped by a diagnostic at the code at
/// fault, or gives the rule the outcome <c>error</c> with the reason; the test process survives every one of them.
/// </summary>
public class ScriptAttackTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static IEnumerable<object[]> Attacks() => CaseFile.Read("script-attacks.cases");

    [Fact]
    public void TheSuiteHasAtLeast25Attacks() => CaseFile.Count("script-attacks.cases").ShouldBeGreaterThanOrEqualTo(25);

    [Theory]
    [MemberData(nameof(Attacks))]
    public void EachAttackIsStopped(Case attack)
    {
        var (block, spans) = Markup.Parse(attack.Input.Replace("\\n", "\n"));
        var (text, blockStart) = ScriptTesting.Policy(block);
        var compilation = ScriptTesting.Compile(text, ScriptTesting.Allowed(timeoutMs: 500));

        if (attack.Expected.StartsWith("error:", StringComparison.Ordinal))
        {
            // Alternatives (a | b): which limit stops a script first can depend on the machine's speed.
            var reasons = attack.Expected["error:".Length..].Split(" | ", StringSplitOptions.TrimEntries);
            var abandoned = PolicyEngine.Scripting.CSharp.ScriptRunner.Abandoned;
            var finding = ScriptTesting.Evaluate(compilation);
            output.WriteLine($"{finding.Outcome}: {finding.Error}");
            // Stopped by the checks compiled into it, not given up on by the watchdog.
            PolicyEngine.Scripting.CSharp.ScriptRunner.Abandoned.ShouldBe(abandoned, attack.ToString());
            finding.Outcome.ShouldBe(RuleOutcome.Error, $"{attack}: {finding.Error}");
            finding.Error.ShouldNotBeNull();
            reasons.ShouldContain(r => finding.Error.Contains(r, StringComparison.Ordinal), $"{attack}: {finding.Error}");
            return;
        }

        compilation.Success.ShouldBeFalse(attack.ToString());
        var errors = compilation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var expected = spans.ShouldHaveSingleItem($"{attack}: mark the span the diagnostic must point at");
        var at = new Text.TextSpan(blockStart + expected.Start, expected.Length);
        foreach (var error in errors) output.WriteLine(error.ToString());
        errors.ShouldContain(d => d.Id == attack.Expected && d.Location.Span == at,
            $"{attack}: expected {attack.Expected} at {text.Substring(at.Start, at.Length)} {at}, got\n{string.Join("\n", errors.Select(e => $"{e} {e.Location.Span} '{text.Substring(e.Location.Span.Start, e.Location.Span.Length)}'"))}");
    }
}

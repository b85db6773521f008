using PolicyEngine.Evaluation;

namespace PolicyEngine.Tests.Evaluation;

public class OutcomeCaseTests
{
    public static IEnumerable<object[]> Cases => CaseFile.Read("outcomes.cases");

    /// <summary>The input is a rule body (its clauses on one line); the expected side is the outcome, and for
    /// unknown outcomes the missing facts in brackets, e.g. <c>unknown [model.training.tokens]</c>.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(Case c)
    {
        var compilation = Harness.Compile($"policy t \"T\" {{\n  rule R \"r\" {{\n    cite \"c\"\n    {c.Input}\n  }}\n}}\n");
        compilation.Success.ShouldBeTrue(string.Join("\n", compilation.Diagnostics));
        var finding = compilation.Pack!.Evaluate(Harness.TestModel).Findings.Single();
        var actual = finding.Outcome.Text();
        if (finding.Outcome == RuleOutcome.Unknown) actual += " [" + string.Join(", ", finding.MissingFacts) + "]";
        actual.ShouldBe(c.Expected);
    }
}

namespace PolicyEngine.Tests.Evaluation;

public class EvaluationCaseTests
{
    public static IEnumerable<object[]> Cases => CaseFile.Read("evaluation.cases");

    /// <summary>Each expression is evaluated against Cases/model.json; the expected side is the printed value.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates(Case c) => Harness.Evaluate(c.Input).ShouldBe(c.Expected);
}

using PolicyEngine.Evaluation;

namespace PolicyEngine.Tests.Evaluation;

/// <summary>Rules, classifications and scores that read each other: evaluated in dependency order, and an unknown
/// output passes its missing facts on to whatever reads it.</summary>
public class OutputReferenceTests
{
    private const string Pack = """
        policy p "Outputs reading outputs" {
          rule R "Big enough" {
            cite    "x"
            require size == "big"
          }

          classify size "Size" {
            "big" when half > 10
            otherwise "small"
          }

          score half "Half the parameters, in billions" = model.architecture.params_total / 2e9 + model.training.cost_usd * 0
        }
        """;

    [Fact]
    public void AnUnknownScoreMakesTheRuleUnknownNamingTheScoresMissingFacts()
    {
        var compilation = Harness.Compile(Pack);
        compilation.Success.ShouldBeTrue(string.Join("\n", compilation.Diagnostics));
        var verdict = compilation.Pack!.Evaluate(Harness.TestModel);
        var finding = verdict.Findings.Single();
        finding.Outcome.ShouldBe(RuleOutcome.Unknown);
        finding.MissingFacts.ShouldBe(["model.training.cost_usd"]);
        verdict.Classifications.Single().MissingFacts.ShouldBe(["model.training.cost_usd"]);
    }

    [Fact]
    public void AKnownScoreDecidesTheClassificationTheRuleReads()
    {
        var compilation = Harness.Compile(Pack.Replace(" + model.training.cost_usd * 0", ""));
        var verdict = compilation.Pack!.Evaluate(Harness.TestModel);
        verdict.Scores.Single().Value.ShouldBe(35);
        verdict.Classifications.Single().Label.ShouldBe("big");
        verdict.Findings.Single().Outcome.ShouldBe(RuleOutcome.Pass);
    }
}

using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Evaluation;
using PolicyEngine.Text;
using Shouldly;
using Xunit;

namespace PolicyEngine.Tests.Conformance;

/// <summary>
/// Outputs that read other outputs: <see cref="CompiledPack.Evaluate"/> must compute them in dependency order.
/// (It used to compute every rule, then classifications, then scores, so a classification or rule that read a
/// score saw 0, and one that read a later classification saw unknown. The MOF pack classifies by its scores.)
/// </summary>
public class EvaluationOrderTests
{
    private const string Policy = """
        policy order {
          rule R-SCORE "Reads a score" {
            severity info
            cite "test"
            require half == 50
          }
          rule R-CLASS "Reads a classification" {
            severity info
            cite "test"
            require kind == "half"
          }
          classify kind { "half" when half == 50 otherwise "other" }
          classify echo { "same" when kind == "half" otherwise "different" }
          score half = 100 / 2
          score doubled = half * 2
        }
        """;

    [Fact]
    public void Classifications_rules_and_scores_see_the_outputs_they_read()
    {
        var compilation = PolicyCompiler.Compile("order", [new SourceText(Policy, "order.policy")]);
        compilation.Diagnostics.ShouldBeEmpty();
        var descriptor = DescriptorLoader.Load("""{"descriptor_version": "0.1", "model": {}}""", "d.json").Descriptor!;

        var verdict = compilation.Pack!.Evaluate(descriptor);

        verdict.Classifications.Single(c => c.Name == "kind").Label.ShouldBe("half");
        verdict.Classifications.Single(c => c.Name == "echo").Label.ShouldBe("same");
        verdict.Scores.Single(s => s.Name == "doubled").Value.ShouldBe(100);
        verdict.Findings.Single(f => f.Rule.Id == "R-SCORE").Outcome.ShouldBe(RuleOutcome.Pass);
        verdict.Findings.Single(f => f.Rule.Id == "R-CLASS").Outcome.ShouldBe(RuleOutcome.Pass);
    }
}

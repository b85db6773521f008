using PolicyEngine.Tests.Cli;

namespace PolicyEngine.Tests.Docs;

public class RuleCatalogueTests
{
    [Fact]
    public void DocsRulesMdMatchesTheShippedPacks()
    {
        var result = CliRunner.Run("rules", "rules/");
        result.ExitCode.ShouldBe(0, result.Stderr);
        var committed = File.ReadAllText(TestPaths.InRepository("docs", "rules.md"));
        result.Stdout.ShouldBe(committed, "docs/rules.md is stale: run `dotnet run --project src/PolicyEngine.Cli -- rules rules/ -o docs/rules.md`");
    }

    [Fact]
    public void EveryShippedRuleIsListedWithItsCitation()
    {
        var doc = File.ReadAllText(TestPaths.InRepository("docs", "rules.md"));
        doc.ShouldContain("| EU-55-1a | Systemic-risk models undergo adversarial testing | error | Art. 55(1)(a) |");
        doc.ShouldContain("## rules/mof");
    }
}

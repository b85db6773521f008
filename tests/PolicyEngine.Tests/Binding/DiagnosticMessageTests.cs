using PolicyEngine.Diagnostics;

namespace PolicyEngine.Tests.Binding;

/// <summary>Messages read well: the suggestions and hints a user sees.</summary>
public class DiagnosticMessageTests
{
    private static Diagnostic Single(string text, string id) => Harness.Diagnostics(text).Single(d => d.Id == id);

    [Fact]
    public void UnknownPathSuggestsTheClosestProperty() =>
        Single(Harness.RulePrefix + "model.trainng.compute_flop > 1" + Harness.RuleSuffix, "PE0100").Message
            .ShouldBe("'trainng' is not a property of model; did you mean 'training'?");

    [Fact]
    public void BarePropertyNameSuggestsItsPath() =>
        Single(Harness.RulePrefix + "general_purpose" + Harness.RuleSuffix, "PE0101").Message
            .ShouldBe("The name 'general_purpose' is not defined; did you mean 'model.general_purpose'?");

    [Fact]
    public void UnterminatedInterpolationPrintsSingleBraces() =>
        Single("policy p {\n  rule R {\n    cite \"c\"\n    require true\n    message \"a {b\"\n  }\n}", "PE0014").Message
            .ShouldBe("Unterminated '{' in message; write '{{' for a literal brace");

    [Fact]
    public void CountUsedAsAFunctionSaysHowToWriteIt() =>
        Single(Harness.RulePrefix + "count(release.components) > 0" + Harness.RuleSuffix, "PE0110").Message
            .ShouldBe("There is no function 'count'; 'count' ranges over a list: write count(x in list: condition)");

    [Fact]
    public void EnumTypoListsTheAllowedValues() =>
        Single(Harness.RulePrefix + "weights.availability == \"open\"" + Harness.RuleSuffix, "PE0112").Message
            .ShouldBe("'open' is not an allowed value of this fact; allowed: not_released, api_only, gated_download, open_download");
}

namespace PolicyEngine.Tests.Binding;

public class DiagnosticCaseTests
{
    public static IEnumerable<object[]> ExpressionCases => CaseFile.Read("diagnostics.cases");
    public static IEnumerable<object[]> DeclarationCases => CaseFile.Read("declarations.cases");

    /// <summary>The input (an expression, placed as a rule's requirement) carries [|markers|] at the expected spans;
    /// the expected side lists the diagnostic IDs in the same order.</summary>
    [Theory]
    [MemberData(nameof(ExpressionCases))]
    public void ExpressionDiagnostics(Case c) =>
        Check(Harness.RulePrefix, c.Input, Harness.RuleSuffix, c.Expected);

    /// <summary>The input is a whole file, with \n for line breaks.</summary>
    [Theory]
    [MemberData(nameof(DeclarationCases))]
    public void DeclarationDiagnostics(Case c) =>
        Check("", c.Input.Replace("\\n", "\n"), "", c.Expected);

    private static void Check(string prefix, string marked, string suffix, string expected)
    {
        var (text, spans) = Markup.Parse(marked);
        var diagnostics = Harness.Diagnostics(prefix + text + suffix);
        var actual = diagnostics.Select(d => $"{d.Id}@{d.Location.Span.Start - prefix.Length}..{d.Location.Span.End - prefix.Length}").ToList();
        var ids = expected == "none" ? [] : expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        ids.Length.ShouldBe(spans.Count, "each expected ID needs a [|span|] in the input");
        var wanted = ids.Zip(spans, (id, span) => $"{id}@{span.Start}..{span.End}").ToList();
        actual.ShouldBe(wanted, string.Join("\n", diagnostics));
    }
}

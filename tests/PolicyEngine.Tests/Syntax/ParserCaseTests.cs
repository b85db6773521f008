using PolicyEngine.Syntax;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Syntax;

public class ParserCaseTests
{
    public static IEnumerable<object[]> Cases => CaseFile.Read("parse.cases");

    /// <summary>An expression parses without diagnostics, prints canonically, and the canonical text parses back to itself.
    /// Expected "=" means the input is already canonical.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void RoundTrips(Case c)
    {
        var (expression, diagnostics) = SyntaxTree.ParseExpression(new SourceText(c.Input, "case"));
        diagnostics.ShouldBeEmpty();
        var canonical = expression!.ToString();
        canonical.ShouldBe(c.Expected == "=" ? c.Input : c.Expected);

        var (again, _) = SyntaxTree.ParseExpression(new SourceText(canonical, "case"));
        again!.ToString().ShouldBe(canonical);
    }
}

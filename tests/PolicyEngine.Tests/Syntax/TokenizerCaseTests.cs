using PolicyEngine.Syntax;

namespace PolicyEngine.Tests.Syntax;

public class TokenizerCaseTests
{
    public static IEnumerable<object[]> Cases => CaseFile.Read("tokens.cases");

    /// <summary>Value tokens print as Kind(text), the others as their kind.</summary>
    internal static string Render(string input) =>
        string.Join(" ", PolicyTokenizer.Instance.TokenizeAll(input).Select(t => t.Kind switch
        {
            PolicyToken.Identifier or PolicyToken.HyphenatedName or PolicyToken.Number or PolicyToken.String or PolicyToken.Date
                or PolicyToken.Comment or PolicyToken.BadCharacter or PolicyToken.UnterminatedString or PolicyToken.UnterminatedComment
                or PolicyToken.ScriptBody or PolicyToken.UnterminatedScript
                => $"{t.Kind}({t.ToStringValue()})",
            _ => t.Kind.ToString(),
        }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tokenizes(Case c) => Render(c.Input).ShouldBe(c.Expected);
}

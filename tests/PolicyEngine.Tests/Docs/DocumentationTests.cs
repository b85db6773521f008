using System.Text.RegularExpressions;
using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Docs;

/// <summary>The documentation and the grammar stay in step with the code.</summary>
public partial class DocumentationTests
{
    [Fact]
    public void EveryDiagnosticIdIsDocumented()
    {
        var doc = File.ReadAllText(TestPaths.InRepository("docs", "diagnostics.md"));
        var headings = HeadingPattern().Matches(doc).Select(m => m.Groups[1].Value).ToHashSet();
        var missing = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !headings.Contains(id)).ToList();
        missing.ShouldBeEmpty("add a '## PEnnnn' section to docs/diagnostics.md for each");
    }

    [Fact]
    public void DocumentedIdsExistOrAreMarkedRetired()
    {
        var doc = File.ReadAllText(TestPaths.InRepository("docs", "diagnostics.md"));
        var known = DiagnosticDescriptors.All.Select(d => d.Id).ToHashSet();
        foreach (Match m in HeadingPattern().Matches(doc))
        {
            var id = m.Groups[1].Value;
            if (known.Contains(id)) continue;
            var section = doc[m.Index..];
            section[..Math.Min(section.Length, 300)].ShouldContain("Retired", customMessage: $"{id} is documented but not in the catalogue");
        }
    }

    [Fact]
    public void DiagnosticIdsAreUnique() =>
        DiagnosticDescriptors.All.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();

    [GeneratedRegex(@"^## (PE\d{4})\s*$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Terminal();

    private static string GrammarRules()
    {
        var grammar = File.ReadAllText(TestPaths.InRepository("grammar", "policy.ebnf"));
        grammar = Regex.Replace(grammar, @"\(\*.*?\*\)", "", RegexOptions.Singleline);
        // The lexical section spells tokens character by character; the rules above it use whole tokens.
        return grammar[..grammar.IndexOf("name            =", StringComparison.Ordinal)];
    }

    [Fact]
    public void EveryKeywordAndOperatorOfTheTokenizerIsInTheGrammar()
    {
        var terminals = Terminal().Matches(File.ReadAllText(TestPaths.InRepository("grammar", "policy.ebnf"))).Select(m => m.Groups[1].Value).ToHashSet();
        var spellings = Keywords.All.Keys.Concat(Keywords.Symbols.Keys).ToList();
        spellings.Count.ShouldBeGreaterThan(60);
        spellings.Where(s => !terminals.Contains(s)).ShouldBeEmpty();
    }

    [Fact]
    public void EveryTerminalOfTheGrammarIsATokenTheTokenizerKnows()
    {
        var known = Keywords.All.Keys.Concat(Keywords.Symbols.Keys).ToHashSet();
        // count and sum are ordinary names that the grammar gives a special form.
        var allowedNames = new HashSet<string> { "count", "sum" };
        var terminals = Terminal().Matches(GrammarRules()).Select(m => m.Groups[1].Value).ToList();
        terminals.Count.ShouldBeGreaterThan(60);
        terminals.Where(t => !known.Contains(t) && !allowedNames.Contains(t)).Distinct().ShouldBeEmpty();
        foreach (var name in allowedNames) Keywords.All.ShouldNotContainKey(name);
    }

    public static IEnumerable<object[]> PolicyExamples()
    {
        foreach (var file in new[] { "docs/language.md", "README.md", "docs/cli.md" })
        {
            var path = TestPaths.InRepository(file.Split('/'));
            if (!File.Exists(path)) continue;
            var text = File.ReadAllText(path);
            var index = 0;
            foreach (Match m in Regex.Matches(text, "```policy\\n(.*?)```", RegexOptions.Singleline))
            {
                var line = text[..m.Index].Count(c => c == '\n') + 1;
                yield return [$"{file}:{line}", m.Groups[1].Value];
                index++;
            }
        }
    }

    [Fact]
    public void TheLanguageReferenceHasExamples() => PolicyExamples().Count().ShouldBeGreaterThan(15);

    /// <summary>Every ```policy example parses: a whole file when it starts with policy/library, else one expression.</summary>
    [Theory]
    [MemberData(nameof(PolicyExamples))]
    public void EveryExampleParses(string where, string example)
    {
        var trimmed = example.TrimStart();
        var isFile = trimmed.StartsWith("policy ", StringComparison.Ordinal) || trimmed.StartsWith("library ", StringComparison.Ordinal) ||
                     trimmed.StartsWith("//", StringComparison.Ordinal) && Regex.IsMatch(trimmed, @"^\s*(policy|library)\s", RegexOptions.Multiline);
        IReadOnlyList<Diagnostic> diagnostics = isFile
            ? SyntaxTree.Parse(new SourceText(example, where)).Diagnostics
            : SyntaxTree.ParseExpression(new SourceText(example, where)).Diagnostics;
        diagnostics.ShouldBeEmpty($"{where}:\n{example}\n{string.Join("\n", diagnostics)}");
    }
}

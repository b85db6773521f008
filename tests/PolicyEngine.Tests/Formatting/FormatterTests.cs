using System.Text;
using PolicyEngine.Binding;
using PolicyEngine.Cli;
using PolicyEngine.Compilation;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Formatting;
using PolicyEngine.Tests.Properties;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Formatting;

/// <summary>
/// The canonical formatter (<c>policyengine fmt</c>): the shipped files are already formatted, formatting is
/// idempotent, keeps every comment and the meaning of every member, and the cases in format.cases.
/// The many generated and scrambled inputs take a while, so these run on their own (not beside the tests
/// that time the compiler).
/// </summary>
[Collection(nameof(FormatterTests))]
public class FormatterTests
{
    public static IEnumerable<object[]> ShippedFiles =>
        Directory.GetFiles(TestPaths.InRepository("rules"), "*.policy", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => new object[] { Path.GetRelativePath(TestPaths.RepositoryRoot, p) });

    public static IEnumerable<object[]> ShippedPacks =>
        PackDiscovery.Find(TestPaths.InRepository("rules")).Select(p => new object[] { Path.GetRelativePath(TestPaths.RepositoryRoot, p) });

    public static IEnumerable<object[]> Cases => CaseFile.Read("format.cases");

    private static string Read(string file) => File.ReadAllText(TestPaths.InRepository(file));

    private static SyntaxTree Parse(string text, string path = "test.policy") => SyntaxTree.Parse(new SourceText(text, path));

    private static string Format(string text, string path = "test.policy") =>
        PolicyFormatter.FormatText(text, path) ??
        throw new InvalidOperationException($"the text has syntax errors ({string.Join("; ", Parse(text, path).Diagnostics)}):\n{text}");

    private static List<string> Comments(string text) =>
        Parse(text).Comments.Select(c => c.ToStringValue().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd()).ToList();

    /// <summary>Every check that holds for any input: the output parses to the same members with the same
    /// comments, ends in one newline, has no trailing white space or CR, and formatting it again changes nothing.</summary>
    private static string CheckFormatting(string input, string path = "test.policy")
    {
        var formatted = Format(input, path);
        Format(formatted, path).ShouldBe(formatted, "formatting must be idempotent");
        SyntaxDump.Of(Parse(formatted, path)).ShouldBe(SyntaxDump.Of(Parse(input, path)));
        Comments(formatted).ShouldBe(Comments(input).Select(c => string.Join("\n", c.Split('\n').Select(l => l.TrimEnd()))).ToList());
        formatted.ShouldEndWith("\n");
        formatted.ShouldNotEndWith("\n\n");
        formatted.ShouldNotContain("\r");
        formatted.Split('\n').Where(l => l.Length > 0 && char.IsWhiteSpace(l[^1])).ShouldBeEmpty();
        return formatted;
    }

    // ---- Shipped policy files ----------------------------------------------------------------------

    /// <summary>`policyengine fmt --check rules` passes on a fresh clone.</summary>
    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void ShippedFileIsAlreadyFormatted(string file)
    {
        var text = Read(file);
        var formatted = Format(text, file);
        if (formatted != text)
        {
            var expected = formatted.Split('\n');
            var actual = text.Split('\n');
            var line = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i]);
            Assert.Fail($"{file} is not formatted; first difference at line {line + 1}:\n  is:        {actual.ElementAtOrDefault(line)}\n  formatted: {expected.ElementAtOrDefault(line)}");
        }
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void FormattingAShippedFileIsIdempotentAndKeepsItsMeaningAndComments(string file)
    {
        var text = Read(file);
        CheckFormatting(text, file);
        var comments = Comments(text);
        comments.ShouldNotBeEmpty();
        Comments(Format(text, file)).ShouldBe(comments);
    }

    /// <summary>The shipped files with their white space scrambled (indentation, spaces, blank lines, extra line
    /// breaks between tokens) still format idempotently to the same members and comments.</summary>
    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void AShippedFileWithScrambledLayoutFormatsStably(string file)
    {
        var text = Read(file);
        for (var seed = 0; seed < 8; seed++)
        {
            var scrambled = Scramble(text, new Random(seed * 7919 + file.Length));
            CheckFormatting(scrambled, file);
        }
    }

    /// <summary>Compiling the formatted files (of the original and of scrambled layouts) gives the same rules:
    /// the same IDs, clauses and canonical conditions, and the same classifications and scores.</summary>
    [Theory]
    [MemberData(nameof(ShippedPacks))]
    public void AFormattedPackCompilesToTheSameRules(string pack)
    {
        var files = PolicyCompiler.PackFiles(TestPaths.InRepository(pack));
        var original = PolicyCompiler.Compile("pack", files.Select(f => new SourceText(File.ReadAllText(f), f)).ToList());
        original.Diagnostics.ShouldBeEmpty();
        var expected = Summary(original.Bound!);
        expected.ShouldNotBeEmpty();

        foreach (var seed in new[] { -1, 1, 2 })
        {
            var sources = files.Select(f =>
            {
                var text = File.ReadAllText(f);
                if (seed >= 0) text = Scramble(text, new Random(seed));
                return new SourceText(Format(text, f), f);
            }).ToList();
            var formatted = PolicyCompiler.Compile("pack", sources);
            formatted.Diagnostics.ShouldBeEmpty();
            Summary(formatted.Bound!).ShouldBe(expected);
        }
    }

    private static List<string> Summary(BoundPack pack) =>
        pack.Rules.Select(r => string.Join(" | ", r.Id, r.Title, r.Severity, r.Category, string.Join(", ", r.Tags), r.Cite, r.Because, r.Remedy,
                r.When, r.Unless, r.Require, r.Message is null ? "" : string.Concat(r.Message.Parts)))
            .Concat(pack.Classifications.Select(c => $"{c.Name} | {c.Title} | {string.Join("; ", c.Arms.Select(a => $"{a.Label} when {a.Condition}"))}"))
            .Concat(pack.Scores.Select(s => $"{s.Name} | {s.Title} | {s.Value}"))
            .Concat(pack.Tests.Select(t => $"{t.Name} | {t.GivenPath} | {string.Join("; ", t.Changes.Select(c => $"{c.PathText}={c.Value}"))} | {string.Join("; ", t.Expectations.Select(e => e.Condition))}"))
            .ToList();

    // ---- Cases -------------------------------------------------------------------------------------

    /// <summary>format.cases: <c>input ⇶ expected</c>, both whole files written on one line with \n, \t, \r
    /// and \\ escapes; "=" when the input is already formatted.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void FormatsCase(Case c)
    {
        var input = Unescape(c.Input);
        var expected = c.Expected == "=" ? input : Unescape(c.Expected);
        var formatted = CheckFormatting(input);
        formatted.ShouldBe(expected, $"\n--- formatted:\n{formatted}--- expected:\n{expected}");
    }

    public static IEnumerable<object[]> ExpressionCases => CaseFile.Read("parse.cases");

    /// <summary>Inside an expression the formatter spaces tokens exactly as <see cref="Ast.Expr.ToString"/> prints
    /// them: every expression of parse.cases, formatted as a let, reads as its canonical form (comments aside).</summary>
    [Theory]
    [MemberData(nameof(ExpressionCases))]
    public void AnExpressionIsSpacedAsItsCanonicalForm(Case c)
    {
        var formatted = CheckFormatting($"policy p {{\n  let x = {c.Input}\n}}\n");
        var canonical = c.Expected == "=" ? c.Input : c.Expected;
        var comments = string.Concat(Comments(c.Input).Select(comment => " " + comment));
        if (c.Input.Contains("/*", StringComparison.Ordinal)) return;   // an inline comment stays between the tokens
        formatted.ShouldBe($"policy p {{\n  let x = {canonical}{comments}\n}}\n");
    }

    [Fact]
    public void TheCaseFileHasAtLeastThirtyCases() => CaseFile.Count("format.cases").ShouldBeGreaterThanOrEqualTo(30);

    private static string Unescape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is 'n' or 't' or 'r' or '\\')
            {
                sb.Append(text[++i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => '\\' });
                continue;
            }
            sb.Append(text[i]);
        }
        return sb.ToString();
    }

    // ---- Files that cannot be formatted ------------------------------------------------------------

    [Theory]
    [InlineData("policy p {\n  let x = \n}\n")]
    [InlineData("policy p {\n  rule R {\n    require a and\n  }\n}\n")]
    [InlineData("policy p {\n  let s = \"unterminated\n}\n")]
    [InlineData("policy p {\n  /* unterminated\n}\n")]
    [InlineData("policy p {\n  let x = a $ b\n}\n")]
    [InlineData("policy p {\n  let x = 1\n")]
    [InlineData("let x = 1\n")]
    [InlineData("")]
    public void AFileWithSyntaxErrorsIsNeverRewritten(string text)
    {
        PolicyFormatter.FormatText(text, "broken.policy").ShouldBeNull();
        Should.Throw<ArgumentException>(() => PolicyFormatter.Format(Parse(text)));
    }

    // ---- Generated texts ---------------------------------------------------------------------------

    /// <summary>Generated policies, and mutations of them that still parse, format idempotently to the same
    /// members and comments.</summary>
    [Fact]
    public void GeneratedAndMutatedPoliciesFormatStably()
    {
        var formatted = 0;
        for (var seed = 0; seed < 2000; seed++)
        {
            var generator = new PolicyTextGenerator(seed);
            var text = generator.Policy();
            if (seed % 2 == 1) text = generator.Mutate(text);
            if (seed % 3 == 2) text = Scramble(text, new Random(seed));
            if (!PolicyFormatter.CanFormat(Parse(text))) continue;
            try
            {
                CheckFormatting(text);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}:\n{text}", e);
            }
            formatted++;
        }
        formatted.ShouldBeGreaterThan(700);
    }

    /// <summary>Changes only the white space between tokens: indentation, spaces, blank lines, and extra line
    /// breaks, and now and then a comment. The tokens stay as they are, so the text means the same.</summary>
    private static string Scramble(string text, Random random)
    {
        var tokens = PolicyTokenizer.Instance.TokenizeAll(text);
        var sb = new StringBuilder(text.Length * 2);
        var end = 0;
        var afterLineComment = false;
        foreach (var token in tokens)
        {
            var start = token.Span.Position.Absolute;
            var gap = text[end..start];
            var newlines = gap.Count(c => c == '\n');
            if (end > 0 && random.Next(40) == 0)
            {
                // A comment of its own; after a line comment it must start on a new line.
                sb.Append(afterLineComment ? "\n" : " ").Append(random.Next(2) == 0 ? "/* block */ " : "// line\n");
            }
            if (end > 0 && random.Next(4) > 0)
            {
                if (newlines > 0)
                {
                    sb.Append('\n', random.Next(3) == 0 ? random.Next(1, 4) : newlines);
                    sb.Append(random.Next(5) == 0 ? "\t" : new string(' ', random.Next(0, 12)));
                }
                else if (random.Next(12) == 0)
                {
                    sb.Append('\n').Append(' ', random.Next(0, 20));
                }
                else
                {
                    sb.Append(' ', gap.Length == 0 && random.Next(2) == 0 ? 0 : random.Next(4) == 0 ? random.Next(4, 13) : random.Next(1, 4));
                }
            }
            else
            {
                sb.Append(gap);
            }
            sb.Append(text, start, token.Span.Length);
            end = start + token.Span.Length;
            afterLineComment = token.Kind == PolicyToken.Comment && token.ToStringValue().StartsWith("//", StringComparison.Ordinal);
        }
        return sb.Append(text[end..]).ToString();
    }
}

[CollectionDefinition(nameof(FormatterTests), DisableParallelization = true)]
public sealed class FormatterTestsCollection;

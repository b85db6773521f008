using System.Xml.Linq;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;

namespace PolicyEngine.Tests.Reporting;

public class JUnitWriterTests
{
    [Fact]
    public void OneSuitePerPackAndDescriptorAndOneCasePerRule()
    {
        var run = ReportRuns.Evaluation();
        var xml = ReportRuns.Write(new JUnitWriter(), run);
        xml.ShouldStartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites");
        xml.ShouldNotContain("\r");
        var doc = XDocument.Parse(xml);

        var suites = doc.Root!.Elements("testsuite").ToList();
        suites.Count.ShouldBe(run.Entries.Count);
        var cases = doc.Descendants("testcase").ToList();
        cases.Count.ShouldBe(run.Entries.Sum(e => e.Pack.Bound.Rules.Count));
        doc.Root.Attribute("tests")!.Value.ShouldBe(cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Rules × descriptors for each shipped pack.
        foreach (var pack in ReportRuns.PackPaths)
        {
            var rules = run.Entries.First(e => e.PackPath == pack).Pack.Bound.Rules.Count;
            suites.Where(s => s.Attribute("name")!.Value.StartsWith(pack + " × ", StringComparison.Ordinal))
                .Sum(s => s.Elements("testcase").Count()).ShouldBe(rules * ReportRuns.DescriptorPaths.Length);
        }

        for (var i = 0; i < suites.Count; i++)
        {
            var suite = suites[i];
            var findings = run.Entries[i].Verdict.Findings;
            suite.Attribute("tests")!.Value.ShouldBe(findings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            suite.Elements("testcase").Count(c => c.Element("failure") is not null).ToString(System.Globalization.CultureInfo.InvariantCulture)
                .ShouldBe(suite.Attribute("failures")!.Value);
            suite.Elements("testcase").Select(c => c.Attribute("name")!.Value).ShouldBe(findings.Select(f => $"{f.Rule.Id} {f.Rule.Title}"));
            var classname = suite.Elements("testcase").First().Attribute("classname")!.Value;
            classname.ShouldBe(run.Entries[i].Verdict.Pack + "." + Path.GetFileNameWithoutExtension(run.Entries[i].Descriptor.Path).Replace('.', '_'));
            suite.Element("properties")!.Elements("property").ShouldContain(p => p.Attribute("name")!.Value == "verdict" && p.Attribute("value")!.Value == run.Entries[i].Verdict.Kind.Text());
        }
    }

    [Fact]
    public void OutcomesMapToFailureErrorAndSkipped()
    {
        var lenient = XDocument.Parse(ReportRuns.Write(new JUnitWriter(), ReportRuns.Evaluation(failOn: FailOn.Error)));
        XElement Case(XDocument d, string id) => d.Descendants("testcase").First(c => c.Attribute("name")!.Value.StartsWith(id + " ", StringComparison.Ordinal));

        var fail = Case(lenient, "EDGE-MARKUP").Element("failure")!;
        fail.Attribute("type")!.Value.ShouldBe("fail");
        fail.Attribute("message")!.Value.ShouldContain("is not < 1 | `really`");
        fail.Value.ShouldContain("require model.training.compute_flop < 1");

        var error = Case(lenient, "EDGE-FAULT").Element("error")!;
        error.Attribute("message")!.Value.ShouldContain("log10");

        Case(lenient, "EDGE-WAIVED").Element("skipped")!.Attribute("message")!.Value.ShouldBe("waived: Accepted | for <the> test & demo (release-board, until 2030-01-31)");
        Case(lenient, "EDGE-PASS").HasElements.ShouldBeFalse();

        // An unknown error-severity rule: skipped unless the run fails on unknown.
        var unknownId = ReportRuns.Evaluation().Entries.SelectMany(e => e.Verdict.Findings)
            .First(f => f.Outcome == RuleOutcome.Unknown && f.Severity == Diagnostics.DiagnosticSeverity.Error).Rule.Id;
        var skipped = Case(lenient, unknownId).Element("skipped")!;
        skipped.Attribute("message")!.Value.ShouldStartWith("unknown: missing ");

        var strict = XDocument.Parse(ReportRuns.Write(new JUnitWriter(), ReportRuns.Evaluation(failOn: FailOn.Unknown)));
        var failure = Case(strict, unknownId).Element("failure")!;
        failure.Attribute("type")!.Value.ShouldBe("unknown");
        failure.Attribute("message")!.Value.ShouldStartWith("unknown: missing ");

        lenient.Descendants("skipped").ShouldContain(s => s.Attribute("message")!.Value == "not applicable");
    }
}

public class MarkdownWriterTests
{
    [Fact]
    public void AHeadlinePerVerdictAndATableRowPerFailingFinding()
    {
        var run = ReportRuns.Evaluation();
        var md = ReportRuns.Write(new MarkdownWriter(maxLength: 0), run);
        md.ShouldStartWith(MarkdownWriter.Marker + "\n## PolicyEngine: ");
        md.ShouldNotContain("\r");

        var sections = md.Split("\n### ").Skip(1).ToList();
        sections.Count.ShouldBe(run.Entries.Count + 1); // and the diagnostics
        for (var i = 0; i < run.Entries.Count; i++)
        {
            var entry = run.Entries[i];
            var verdict = entry.Verdict;
            sections[i].ShouldStartWith($"{VerdictIcon(verdict.Kind)} {verdict.Kind.Text().ToUpperInvariant()}: {MarkdownWriter.Escape(verdict.DescriptorPath)} × {MarkdownWriter.Escape(entry.PackPath)}\n");

            var shown = verdict.Findings.Where(f => f.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown or RuleOutcome.Error).ToList();
            var rows = sections[i].Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Rule |", StringComparison.Ordinal)).ToList();
            rows.Count.ShouldBe(shown.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                rows[r].ShouldStartWith($"| `{shown[r].Rule.Id}` | ");
                CellCount(rows[r]).ShouldBe(6);
            }
            if (shown.Count > 0) sections[i].ShouldContain("<details>");
        }
        sections[^1].ShouldStartWith("Diagnostics\n");
    }

    [Fact]
    public void TextFromPoliciesIsEscaped()
    {
        var md = ReportRuns.Write(new MarkdownWriter(maxLength: 0), ReportRuns.Evaluation());
        var row = md.Split('\n').Single(l => l.StartsWith("| `EDGE-MARKUP` |", StringComparison.Ordinal));
        CellCount(row).ShouldBe(6);
        row.ShouldContain(@"Pipes \| \<b\>tags\</b\> \& \*stars\* \`ticks\` \[links\](x) \_under\_ \~strike\~ \$math\$");
        row.ShouldContain(@"Art. 1 \| 2 \<3\>");
        md.ShouldContain(@"- `EDGE-WAIVED` Waived rule (fail): Accepted \| for \<the\> test \& demo (release-board, until 2030-01-31)");

        // The proof sits in a fence longer than any backtick run inside it.
        md.ShouldContain("````text\nmessage compute");
        md.ShouldContain("because Because ```fences```");
        md.ShouldContain("| `markets.eu.commission_notified` |");
    }

    [Fact]
    public void ALongReportIsShortenedToFitAPullRequestComment()
    {
        var run = ReportRuns.Evaluation();
        ReportRuns.Write(new MarkdownWriter(maxLength: 0), run).Length.ShouldBeGreaterThan(MarkdownWriter.CommentLimit);

        var md = ReportRuns.Write(new MarkdownWriter(), run);
        md.Length.ShouldBeLessThanOrEqualTo(MarkdownWriter.CommentLimit);
        md.ShouldContain("> Shortened to fit a pull-request comment (65536 characters)");
        foreach (var entry in run.Entries) md.ShouldContain($"{entry.Verdict.Kind.Text().ToUpperInvariant()}: {MarkdownWriter.Escape(entry.Verdict.DescriptorPath)} × {MarkdownWriter.Escape(entry.PackPath)}\n");

        // Tighter still: headlines only, and a count of what did not fit.
        var tiny = ReportRuns.Write(new MarkdownWriter(maxLength: 2_000), run);
        tiny.Length.ShouldBeLessThanOrEqualTo(2_000);
        tiny.ShouldContain("not shown.");
        tiny.ShouldNotContain("| Rule |");
    }

    private static string VerdictIcon(VerdictKind kind) => kind switch
    {
        VerdictKind.Block => "❌",
        VerdictKind.Inconclusive => "❔",
        VerdictKind.Warn => "⚠️",
        _ => "✅",
    };

    /// <summary>Cells of a table row, not counting escaped pipes.</summary>
    private static int CellCount(string row) => System.Text.RegularExpressions.Regex.Matches(row, @"(?<!\\)\|").Count - 1;
}

public class WriterDeterminismTests
{
    public static IEnumerable<object[]> Writers() =>
    [
        ["json"], ["sarif"], ["markdown"], ["junit"],
    ];

    private static IEvaluationWriter Writer(string name) => name switch
    {
        "json" => new JsonWriter(),
        "sarif" => new SarifWriter(),
        "markdown" => new MarkdownWriter(),
        _ => new JUnitWriter(),
    };

    [Theory]
    [MemberData(nameof(Writers))]
    public void TheSameRunGivesTheSameBytes(string name)
    {
        var run = ReportRuns.Evaluation();
        var once = ReportRuns.Write(Writer(name), run);
        var twice = ReportRuns.Write(Writer(name), run);
        twice.ShouldBe(once);

        // From scratch: compiled, loaded and evaluated again.
        ReportRuns.Write(Writer(name), ReportRuns.Evaluation()).ShouldBe(once);
        once.ShouldNotContain("\r");
        once.ShouldNotContain(TestPaths.RepositoryRoot);
        once.ShouldEndWith("\n");
    }

    [Fact]
    public void LintOutputIsDeterministicToo()
    {
        foreach (ILintWriter writer in new ILintWriter[] { new JsonWriter(), new SarifWriter() })
        {
            var once = ReportRuns.Write(writer, ReportRuns.Lint());
            ReportRuns.Write(writer, ReportRuns.Lint()).ShouldBe(once);
            once.ShouldNotContain("\r");
            once.ShouldNotContain(TestPaths.RepositoryRoot);
        }
    }
}

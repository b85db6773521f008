using System.Globalization;
using System.Text;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using static PolicyEngine.Reporting.ReportFormatting;

namespace PolicyEngine.Reporting;

/// <summary>
/// A pull-request comment (GitHub-flavoured Markdown): an overall result, then per descriptor × pack a headline
/// with the verdict, a table of the fail, unknown and error findings, waivers, classifications and scores, and
/// the explanations folded in a &lt;details&gt; block. Text from policies and descriptors is escaped.
/// </summary>
public sealed class MarkdownWriter : IEvaluationWriter
{
    /// <summary>The first line, so a bot can find and update its earlier comment.</summary>
    public const string Marker = "<!-- policyengine-eval -->";

    /// <summary>GitHub's limit on the length of a pull-request comment, in characters.</summary>
    public const int CommentLimit = 65_536;

    /// <param name="maxLength">The longest comment to write (0: no limit). A longer report leaves out, in turn,
    /// the proofs, the explanations, then the tables, and says so.</param>
    public MarkdownWriter(int maxLength = CommentLimit) => MaxLength = maxLength;

    public int MaxLength { get; }

    public void Write(EvaluationRun run, TextWriter output) => output.Write(Render(run, MaxLength));

    /// <summary>How much of each verdict is shown; each level leaves out more, to fit the length limit.</summary>
    private enum Detail { Full, NoProofs, NoExplanations, Headlines }

    public static string Render(EvaluationRun run, int maxLength = CommentLimit)
    {
        foreach (var detail in new[] { Detail.Full, Detail.NoProofs, Detail.NoExplanations })
        {
            var text = Render(run, detail, maxLength);
            if (maxLength <= 0 || text.Length <= maxLength) return text;
        }
        return Render(run, Detail.Headlines, maxLength);
    }

    private static string Render(EvaluationRun run, Detail detail, int maxLength)
    {
        var md = new StringBuilder();
        md.Append(Marker).Append('\n');
        md.Append("## PolicyEngine: ").Append(run.IsBlocked ? "❌ blocked" : "✅ not blocked").Append('\n').Append('\n');
        var kinds = new[] { VerdictKind.Block, VerdictKind.Inconclusive, VerdictKind.Warn, VerdictKind.Pass }
            .Select(k => $"{run.Entries.Count(e => e.Verdict.Kind == k).ToString(CultureInfo.InvariantCulture)} {k.Text()}");
        md.Append(Plural(run.Entries.Count, "verdict")).Append(": ").Append(string.Join(", ", kinds))
            .Append(" (fail on ").Append(FailOnText(run.FailOn)).Append(").\n");
        if (detail != Detail.Full)
        {
            var left = detail switch
            {
                Detail.NoProofs => "the proofs",
                Detail.NoExplanations => "the explanations",
                _ => "the tables and explanations",
            };
            md.Append('\n').Append("> Shortened to fit a pull-request comment (")
                .Append(maxLength.ToString(CultureInfo.InvariantCulture)).Append(" characters): ").Append(left)
                .Append(" are left out. The JSON and SARIF formats carry everything.\n");
        }

        var diagnostics = new StringBuilder();
        if (run.Diagnostics.Count > 0)
        {
            diagnostics.Append('\n').Append("### Diagnostics\n\n");
            foreach (var d in DiagnosticFormatter.Sort(run.Diagnostics)) diagnostics.Append("- ").Append(Escape(DiagnosticFormatter.Format(d))).Append('\n');
        }

        for (var i = 0; i < run.Entries.Count; i++)
        {
            var section = new StringBuilder();
            Verdict(section, run.Entries[i], run.FailOn, detail);
            if (detail == Detail.Headlines && maxLength > 0 && md.Length + section.Length + diagnostics.Length + 100 > maxLength)
            {
                md.Append('\n').Append("… and ").Append(Plural(run.Entries.Count - i, "more verdict")).Append(" not shown.\n");
                return md.ToString();
            }
            md.Append(section);
        }
        md.Append(diagnostics);
        return md.ToString();
    }

    private static string Icon(VerdictKind kind) => kind switch
    {
        VerdictKind.Block => "❌",
        VerdictKind.Inconclusive => "❔",
        VerdictKind.Warn => "⚠️",
        _ => "✅",
    };

    private static void Verdict(StringBuilder md, EvaluationEntry entry, FailOn failOn, Detail detail)
    {
        var verdict = entry.Verdict;
        md.Append('\n');
        md.Append("### ").Append(Icon(verdict.Kind)).Append(' ').Append(verdict.Kind.Text().ToUpperInvariant())
            .Append(": ").Append(Escape(verdict.DescriptorPath)).Append(" × ").Append(Escape(entry.PackPath)).Append('\n').Append('\n');
        md.Append("**").Append(Escape(verdict.Model)).Append("** · ").Append(Escape(Summary(verdict)));
        if (verdict.IsBlocking(failOn)) md.Append(" · **blocks the release**");
        md.Append('\n');
        if (entry.Pack.Bound.Metadata.TryGetValue("status", out var status)) md.Append('\n').Append("> Pack status: ").Append(Escape(status)).Append('\n');

        if (detail == Detail.Headlines) return;

        var shown = verdict.Findings.Where(f => f.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown or RuleOutcome.Error).ToList();
        if (shown.Count > 0)
        {
            md.Append('\n');
            md.Append("| Rule | Title | Severity | Outcome | Cite | Missing facts |\n");
            md.Append("|---|---|---|---|---|---|\n");
            foreach (var f in shown)
            {
                md.Append("| ").Append(Code(f.Rule.Id))
                    .Append(" | ").Append(Escape(f.Rule.Title))
                    .Append(" | ").Append(Severity(f.Severity))
                    .Append(" | ").Append(TextReporter.Symbol(f.Outcome)).Append(' ').Append(f.Outcome.Text()).Append(f.IsBlocking(failOn) ? " (blocking)" : "")
                    .Append(" | ").Append(Escape(f.Rule.Cite ?? ""))
                    .Append(" | ").Append(string.Join(", ", f.MissingFacts.Select(Code)))
                    .Append(" |\n");
            }
        }
        else
        {
            md.Append('\n').Append("No rule failed, was unknown or raised an error.\n");
        }

        var waived = verdict.Findings.Where(f => f.Outcome == RuleOutcome.Waived).ToList();
        if (waived.Count > 0)
        {
            md.Append('\n').Append("Waived:\n\n");
            foreach (var f in waived)
            {
                md.Append("- ").Append(Code(f.Rule.Id)).Append(' ').Append(Escape(f.Rule.Title));
                if (f.WaivedOutcome is { } was) md.Append(" (").Append(was.Text()).Append(')');
                md.Append(": ").Append(Escape(Waiver(f))).Append('\n');
            }
        }

        if (verdict.Classifications.Count + verdict.Scores.Count > 0)
        {
            md.Append('\n');
            foreach (var c in verdict.Classifications)
            {
                md.Append("- ").Append(Escape(c.Title)).Append(": ");
                md.Append(c.Label is null ? "unknown" + Missing(c.MissingFacts) : "**" + Escape(c.Label) + "**").Append('\n');
            }
            foreach (var s in verdict.Scores)
            {
                md.Append("- ").Append(Escape(s.Title)).Append(": ");
                md.Append(s.Value is { } v ? "**" + Escape(Runtime.Values.Format(v)) + "**" : "unknown" + Missing(s.MissingFacts)).Append('\n');
            }
        }

        var explained = shown.Concat(waived).ToList();
        if (explained.Count == 0 || detail == Detail.NoExplanations) return;
        md.Append('\n');
        md.Append("<details>\n<summary>").Append(Html($"Explanations ({Plural(explained.Count, "finding")})")).Append("</summary>\n");
        foreach (var f in explained)
        {
            md.Append('\n').Append("#### ").Append(Code(f.Rule.Id)).Append(' ').Append(Escape(f.Rule.Title)).Append('\n').Append('\n');
            var lines = FindingDetails(f, proof: detail == Detail.Full);
            var fence = Fence(lines);
            md.Append(fence).Append("text\n");
            foreach (var line in lines) md.Append(line.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ')).Append('\n');
            md.Append(fence).Append('\n');
        }
        md.Append('\n').Append("</details>\n");
    }

    private static string Missing(IReadOnlyList<string> facts) =>
        facts.Count == 0 ? "" : " (missing " + string.Join(", ", facts.Select(Code)) + ")";

    /// <summary>An identifier or fact path as a code span; text a code span cannot carry is escaped instead.</summary>
    public static string Code(string text) =>
        text.Length == 0 || text.IndexOfAny(['`', '|', '\n', '\r']) >= 0 || text[0] == ' ' || text[^1] == ' ' ? Escape(text) : "`" + text + "`";

    /// <summary>A code fence longer than any run of backticks in the content.</summary>
    private static string Fence(IEnumerable<string> lines)
    {
        var longest = 0;
        foreach (var line in lines)
        {
            var run = 0;
            foreach (var c in line)
            {
                run = c == '`' ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
        }
        return new string('`', Math.Max(3, longest + 1));
    }

    /// <summary>
    /// Inline text made literal: Markdown punctuation that could start emphasis, code, links, HTML, entities,
    /// math or strikethrough is backslash-escaped, '|' too (so table cells stay intact), and line breaks become spaces.
    /// </summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '&' or '$' or '#' or '!':
                    sb.Append('\\').Append(c);
                    break;
                case '\r':
                    break;
                case '\n' or '\t':
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static string Html(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}

using System.Text;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;

namespace PolicyEngine.Reporting;

/// <summary>Styles for the parts of a report; the CLI maps them to colours on a terminal.</summary>
public enum TextStyle { Plain, Pass, Fail, Unknown, Dim, Heading, Warning }

/// <summary>Receives the report line by line, as text fragments with a style.</summary>
public interface ITextSink
{
    void Write(string text, TextStyle style = TextStyle.Plain);
    void WriteLine();
}

public sealed class StringSink : ITextSink
{
    private readonly StringBuilder _sb = new();
    public void Write(string text, TextStyle style = TextStyle.Plain) => _sb.Append(text);
    public void WriteLine() => _sb.Append('\n');
    public override string ToString() => _sb.ToString();
}

/// <summary>The human-readable verdict: one line per finding that matters, and with --explain the proof of each.</summary>
public static class TextReporter
{
    public static string Symbol(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.Pass => "✓",
        RuleOutcome.Fail => "✗",
        RuleOutcome.Unknown => "?",
        RuleOutcome.NotApplicable => "-",
        RuleOutcome.Waived => "~",
        _ => "!",
    };

    private static TextStyle Style(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.Pass => TextStyle.Pass,
        RuleOutcome.Fail or RuleOutcome.Error => TextStyle.Fail,
        RuleOutcome.Unknown => TextStyle.Unknown,
        _ => TextStyle.Dim,
    };

    private static TextStyle Style(VerdictKind kind) => kind switch
    {
        VerdictKind.Pass => TextStyle.Pass,
        VerdictKind.Block => TextStyle.Fail,
        VerdictKind.Warn => TextStyle.Warning,
        _ => TextStyle.Unknown,
    };

    public static void Write(ITextSink sink, Verdict verdict, string packPath, bool explain, bool showPassing)
    {
        var errors = verdict.Findings.Count(f => f.Outcome is RuleOutcome.Fail or RuleOutcome.Error && f.Severity == DiagnosticSeverity.Error);
        var warnings = verdict.Findings.Count(f => f.Outcome == RuleOutcome.Fail && f.Severity == DiagnosticSeverity.Warning);
        var unknown = verdict.Count(RuleOutcome.Unknown);
        sink.Write($"{verdict.DescriptorPath}  ×  {packPath}  →  ", TextStyle.Heading);
        sink.Write(verdict.Kind.Text().ToUpperInvariant(), Style(verdict.Kind));
        sink.Write($" ({Plural(errors, "error")}, {Plural(warnings, "warning")}, {unknown} unknown; {verdict.Count(RuleOutcome.Pass)} passed, {verdict.Count(RuleOutcome.NotApplicable)} not applicable)");
        sink.WriteLine();

        var width = Math.Min(60, verdict.Findings.Select(f => f.Rule.Id.Length + 2 + f.Rule.Title.Length).DefaultIfEmpty(0).Max());
        foreach (var finding in verdict.Findings)
        {
            var shown = showPassing || finding.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown or RuleOutcome.Error or RuleOutcome.Waived;
            if (!shown) continue;
            var rule = finding.Rule;
            sink.Write("  ");
            sink.Write(Symbol(finding.Outcome), Style(finding.Outcome));
            var head = $" {rule.Id}  {rule.Title}";
            sink.Write(head.PadRight(width + 3));
            sink.Write(" " + DiagnosticFormatter.SeverityText(finding.Severity).PadRight(8), finding.Severity == DiagnosticSeverity.Error ? TextStyle.Fail : TextStyle.Warning);
            sink.Write(finding.Outcome.Text().PadRight(15), Style(finding.Outcome));
            if (rule.Cite is not null) sink.Write(rule.Cite, TextStyle.Dim);
            sink.WriteLine();

            if (finding.Outcome == RuleOutcome.Unknown && finding.MissingFacts.Count > 0)
            {
                sink.Write("      missing ", TextStyle.Unknown);
                sink.Write(string.Join(", ", finding.MissingFacts));
                sink.WriteLine();
            }
            if (finding.Error is not null)
            {
                sink.Write("      error   ", TextStyle.Fail);
                sink.Write(finding.Error);
                sink.WriteLine();
            }
            if (finding.Message is not null)
            {
                sink.Write("      message ", TextStyle.Dim);
                sink.Write(finding.Message);
                sink.WriteLine();
            }
            if (finding.Outcome == RuleOutcome.Waived)
            {
                sink.Write("      waived  ", TextStyle.Dim);
                sink.Write($"{finding.WaiverJustification} ({finding.WaiverOwner}, until {finding.WaiverExpires:yyyy-MM-dd})");
                sink.WriteLine();
            }
            if (!explain) continue;
            var sourcesShown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in finding.Explanation) WriteNode(sink, node, 6, sourcesShown);
            foreach (var fix in finding.Fixes) Line(sink, "fix", "set " + string.Join(" and ", fix.Changes.Select(c => $"{c.Path} = {c.Value}" + (c.Line > 0 ? $" (line {c.Line})" : ""))));
            if (rule.Because is not null) Line(sink, "because", rule.Because);
            if (rule.Remedy is not null && finding.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown) Line(sink, "remedy", rule.Remedy);
        }

        foreach (var c in verdict.Classifications)
        {
            sink.Write("  ");
            sink.Write($"{c.Title}: ", TextStyle.Heading);
            if (c.Label is null)
            {
                sink.Write("unknown", TextStyle.Unknown);
                if (c.MissingFacts.Count > 0) sink.Write($" (missing {string.Join(", ", c.MissingFacts)})");
            }
            else
            {
                sink.Write(c.Label);
            }
            sink.WriteLine();
        }
        foreach (var s in verdict.Scores)
        {
            sink.Write("  ");
            sink.Write($"{s.Title}: ", TextStyle.Heading);
            sink.Write(s.Value is { } v ? Runtime.Values.Format(v) : "unknown", s.Value is null ? TextStyle.Unknown : TextStyle.Plain);
            if (s.Value is null && s.MissingFacts.Count > 0) sink.Write($" (missing {string.Join(", ", s.MissingFacts)})");
            sink.WriteLine();
        }
    }

    private static void Line(ITextSink sink, string label, string text)
    {
        sink.Write("      " + label.PadRight(8), TextStyle.Dim);
        sink.Write(text);
        sink.WriteLine();
    }

    private static void WriteNode(ITextSink sink, ExplanationNode node, int indent, HashSet<string> sourcesShown)
    {
        var pad = new string(' ', indent);
        var label = node.Role.Length > 0 ? node.Role.PadRight(8) : "  ";
        sink.Write(pad + label, TextStyle.Dim);
        sink.Write(node.Expression);
        sink.Write("  = ", TextStyle.Dim);
        sink.Write(node.Value, node.Value switch { "true" => TextStyle.Pass, "false" => TextStyle.Fail, "unknown" => TextStyle.Unknown, _ => TextStyle.Plain });
        sink.WriteLine();
        var inner = indent + (node.Role.Length > 0 ? 4 : 2);
        foreach (var fact in node.Facts)
        {
            sink.Write(new string(' ', inner + 2) + fact.Path + " = ", TextStyle.Dim);
            sink.Write(fact.Value, fact.Missing ? TextStyle.Unknown : TextStyle.Plain);
            if (fact.Line > 0) sink.Write($" (line {fact.Line})", TextStyle.Dim);
            // A source is printed the first time its fact appears in a finding.
            if (fact.Source is not null && sourcesShown.Add(fact.Path)) sink.Write($" [{fact.Source}]", TextStyle.Dim);
            sink.WriteLine();
        }
        foreach (var part in node.Parts) WriteNode(sink, part, inner, sourcesShown);
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}

using System.Globalization;
using Newtonsoft.Json;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Text;
using static PolicyEngine.Reporting.ReportFormatting;

namespace PolicyEngine.Reporting;

/// <summary>
/// One verdict in JSON, written token by token: the verdict objects of the JSON report (through a token tree) and
/// the lines of <c>--format jsonl</c> (straight to text, without building the tree, which cost more than evaluating
/// the descriptor). The fields are documented in docs/output-formats.md.
/// </summary>
public static class VerdictJsonWriter
{
    public static string Line(EvaluationEntry entry, FailOn failOn)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var json = new JsonTextWriter(text) { Formatting = Formatting.None, CloseOutput = false })
        {
            json.Culture = CultureInfo.InvariantCulture;
            Write(json, entry, failOn);
        }
        return text.ToString();
    }

    public static void Write(Newtonsoft.Json.JsonWriter w, EvaluationEntry entry, FailOn failOn)
    {
        var verdict = entry.Verdict;
        w.WriteStartObject();
        w.WritePropertyName("descriptor"); w.WriteValue(verdict.DescriptorPath);
        w.WritePropertyName("model"); w.WriteValue(verdict.Model);
        w.WritePropertyName("pack"); w.WriteValue(entry.PackPath);
        w.WritePropertyName("pack_name"); w.WriteValue(verdict.Pack);
        w.WritePropertyName("pack_status"); Text(w, entry.Pack.Bound.Metadata.GetValueOrDefault("status"));
        w.WritePropertyName("verdict"); w.WriteValue(verdict.Kind.Text());
        w.WritePropertyName("blocking"); w.WriteValue(verdict.IsBlocking(failOn));
        w.WritePropertyName("counts");
        w.WriteStartObject();
        w.WritePropertyName("rules"); w.WriteValue(verdict.Findings.Count);
        w.WritePropertyName("pass"); w.WriteValue(verdict.Count(RuleOutcome.Pass));
        w.WritePropertyName("fail"); w.WriteValue(verdict.Count(RuleOutcome.Fail));
        w.WritePropertyName("unknown"); w.WriteValue(verdict.Count(RuleOutcome.Unknown));
        w.WritePropertyName("not_applicable"); w.WriteValue(verdict.Count(RuleOutcome.NotApplicable));
        w.WritePropertyName("waived"); w.WriteValue(verdict.Count(RuleOutcome.Waived));
        w.WritePropertyName("error"); w.WriteValue(verdict.Count(RuleOutcome.Error));
        w.WritePropertyName("blocking"); w.WriteValue(verdict.Findings.Count(f => f.IsBlocking(failOn)));
        w.WriteEndObject();
        w.WritePropertyName("findings");
        w.WriteStartArray();
        foreach (var finding in verdict.Findings) Finding(w, finding, failOn);
        w.WriteEndArray();
        w.WritePropertyName("classifications");
        w.WriteStartArray();
        foreach (var c in verdict.Classifications)
        {
            w.WriteStartObject();
            w.WritePropertyName("name"); w.WriteValue(c.Name);
            w.WritePropertyName("title"); w.WriteValue(c.Title);
            w.WritePropertyName("label"); Text(w, c.Label);
            w.WritePropertyName("missing"); Strings(w, c.MissingFacts);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("scores");
        w.WriteStartArray();
        foreach (var s in verdict.Scores)
        {
            w.WriteStartObject();
            w.WritePropertyName("name"); w.WriteValue(s.Name);
            w.WritePropertyName("title"); w.WriteValue(s.Title);
            w.WritePropertyName("value");
            if (s.Value is { } v) w.WriteValue(v);
            else w.WriteNull();
            w.WritePropertyName("missing"); Strings(w, s.MissingFacts);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("provenance");
        w.WriteStartObject();
        w.WritePropertyName("pack_sha256"); w.WriteValue(verdict.Provenance.PackSha256);
        w.WritePropertyName("descriptor_sha256"); w.WriteValue(verdict.Provenance.DescriptorSha256);
        w.WritePropertyName("engine_version"); w.WriteValue(verdict.Provenance.EngineVersion);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Finding(Newtonsoft.Json.JsonWriter w, Finding finding, FailOn failOn)
    {
        var rule = finding.Rule;
        w.WriteStartObject();
        w.WritePropertyName("rule"); w.WriteValue(rule.Id);
        w.WritePropertyName("title"); w.WriteValue(rule.Title);
        w.WritePropertyName("severity"); w.WriteValue(Severity(finding.Severity));
        w.WritePropertyName("outcome"); w.WriteValue(finding.Outcome.Text());
        w.WritePropertyName("blocking"); w.WriteValue(finding.IsBlocking(failOn));
        w.WritePropertyName("category"); Text(w, rule.Category);
        w.WritePropertyName("tags"); Strings(w, rule.Tags);
        w.WritePropertyName("cite"); Text(w, rule.Cite);
        w.WritePropertyName("message"); Text(w, finding.Message);
        w.WritePropertyName("missing"); Strings(w, finding.MissingFacts);
        w.WritePropertyName("error"); Text(w, finding.Error);
        w.WritePropertyName("waiver");
        if (finding.Outcome == RuleOutcome.Waived)
        {
            w.WriteStartObject();
            w.WritePropertyName("justification"); Text(w, finding.WaiverJustification);
            w.WritePropertyName("owner"); Text(w, finding.WaiverOwner);
            w.WritePropertyName("expires"); Text(w, finding.WaiverExpires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WritePropertyName("outcome"); Text(w, finding.WaivedOutcome?.Text());
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull();
        }
        w.WritePropertyName("because"); Text(w, rule.Because);
        w.WritePropertyName("remedy"); Text(w, rule.Remedy);
        w.WritePropertyName("location"); Span(w, rule.Location);
        w.WritePropertyName("explanation");
        w.WriteStartArray();
        foreach (var node in finding.Explanation) Node(w, node);
        w.WriteEndArray();
        w.WritePropertyName("fixes");
        w.WriteStartArray();
        foreach (var fix in finding.Fixes)
        {
            w.WriteStartObject();
            w.WritePropertyName("changes");
            w.WriteStartArray();
            foreach (var change in fix.Changes)
            {
                w.WriteStartObject();
                w.WritePropertyName("path"); w.WriteValue(change.Path);
                w.WritePropertyName("value"); w.WriteValue(change.Value);
                w.WritePropertyName("line"); w.WriteValue(change.Line);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Node(Newtonsoft.Json.JsonWriter w, ExplanationNode node)
    {
        w.WriteStartObject();
        w.WritePropertyName("role"); w.WriteValue(node.Role);
        w.WritePropertyName("expression"); w.WriteValue(node.Expression);
        w.WritePropertyName("value"); w.WriteValue(node.Value);
        w.WritePropertyName("facts");
        w.WriteStartArray();
        foreach (var fact in node.Facts)
        {
            w.WriteStartObject();
            w.WritePropertyName("path"); w.WriteValue(fact.Path);
            w.WritePropertyName("value"); w.WriteValue(fact.Value);
            w.WritePropertyName("missing"); w.WriteValue(fact.Missing);
            w.WritePropertyName("line");
            if (fact.Line > 0) w.WriteValue(fact.Line);
            else w.WriteNull();
            w.WritePropertyName("source"); Text(w, fact.Source);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("parts");
        w.WriteStartArray();
        foreach (var part in node.Parts) Node(w, part);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Span(Newtonsoft.Json.JsonWriter w, Location location)
    {
        if (location.Source is null)
        {
            w.WriteNull();
            return;
        }
        var start = location.StartPosition;
        var end = location.EndPosition;
        w.WriteStartObject();
        w.WritePropertyName("file"); w.WriteValue(location.Path);
        w.WritePropertyName("line"); w.WriteValue(start.Line + 1);
        w.WritePropertyName("column"); w.WriteValue(start.Character + 1);
        w.WritePropertyName("end_line"); w.WriteValue(end.Line + 1);
        w.WritePropertyName("end_column"); w.WriteValue(end.Character + 1);
        w.WriteEndObject();
    }

    private static void Text(Newtonsoft.Json.JsonWriter w, string? text)
    {
        if (text is null) w.WriteNull();
        else w.WriteValue(text);
    }

    private static void Strings(Newtonsoft.Json.JsonWriter w, IEnumerable<string> values)
    {
        w.WriteStartArray();
        foreach (var value in values) w.WriteValue(value);
        w.WriteEndArray();
    }
}

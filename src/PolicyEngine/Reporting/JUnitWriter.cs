using System.Globalization;
using System.Text;
using System.Xml;
using PolicyEngine.Evaluation;
using static PolicyEngine.Reporting.ReportFormatting;

namespace PolicyEngine.Reporting;

/// <summary>
/// JUnit XML for CI test dashboards: a &lt;testsuite&gt; per pack × descriptor and a &lt;testcase&gt; per rule.
/// fail is a &lt;failure&gt;, a runtime fault an &lt;error&gt;, unknown a &lt;failure type="unknown"&gt; when it blocks
/// under the run's fail-on setting and otherwise &lt;skipped&gt;, not-applicable and waived findings &lt;skipped&gt;.
/// No timestamps or durations, so the output is byte-identical for the same inputs.
/// </summary>
public sealed class JUnitWriter : IEvaluationWriter
{
    public void Write(EvaluationRun run, TextWriter output) => output.Write(Render(run));

    private enum Kind { Passed, Failure, Error, Skipped }

    private sealed record Case(string Name, Kind Kind, string? Type, string? Message, string? Text);

    public static string Render(EvaluationRun run)
    {
        var suites = run.Entries.Select(e => (Entry: e, Cases: e.Verdict.Findings.Select(f => CaseOf(f, run.FailOn)).ToList())).ToList();
        var all = suites.SelectMany(s => s.Cases).ToList();

        var text = new Utf8StringWriter();
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            Encoding = new UTF8Encoding(false),
        };
        using (var xml = XmlWriter.Create(text, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "policyengine");
            Counts(xml, all);
            foreach (var (entry, cases) in suites)
            {
                var verdict = entry.Verdict;
                var classname = ClassName(verdict.Pack) + "." + ClassName(DescriptorName(entry));
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", Clean($"{entry.PackPath} × {verdict.DescriptorPath}"));
                Counts(xml, cases);
                xml.WriteStartElement("properties");
                Property(xml, "descriptor", verdict.DescriptorPath);
                Property(xml, "model", verdict.Model);
                Property(xml, "pack", entry.PackPath);
                Property(xml, "verdict", verdict.Kind.Text());
                Property(xml, "blocking", verdict.IsBlocking(run.FailOn) ? "true" : "false");
                Property(xml, "fail_on", FailOnText(run.FailOn));
                Property(xml, "pack_sha256", verdict.Provenance.PackSha256);
                Property(xml, "descriptor_sha256", verdict.Provenance.DescriptorSha256);
                Property(xml, "engine_version", verdict.Provenance.EngineVersion);
                xml.WriteEndElement();
                foreach (var c in cases)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", Clean(classname));
                    xml.WriteAttributeString("name", Clean(c.Name));
                    if (c.Kind != Kind.Passed)
                    {
                        xml.WriteStartElement(c.Kind switch { Kind.Failure => "failure", Kind.Error => "error", _ => "skipped" });
                        if (c.Message is not null) xml.WriteAttributeString("message", Clean(c.Message));
                        if (c.Type is not null) xml.WriteAttributeString("type", c.Type);
                        if (c.Text is not null) xml.WriteString(Clean(c.Text));
                        xml.WriteEndElement();
                    }
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        text.Write('\n');
        return text.ToString();
    }

    private static Case CaseOf(Finding finding, FailOn failOn)
    {
        var rule = finding.Rule;
        var name = $"{rule.Id} {rule.Title}";
        var details = string.Join("\n", FindingDetails(finding));
        var severity = Severity(finding.Severity);
        var cite = rule.Cite is null ? "" : $" [{rule.Cite}]";
        return finding.Outcome switch
        {
            RuleOutcome.Pass => new Case(name, Kind.Passed, null, null, null),
            RuleOutcome.Fail => new Case(name, Kind.Failure, "fail", $"{severity}{cite}: {finding.Message ?? rule.Title}", details),
            RuleOutcome.Error => new Case(name, Kind.Error, "error", finding.Error ?? "runtime error", details),
            RuleOutcome.Unknown when finding.IsBlocking(failOn) => new Case(name, Kind.Failure, "unknown", Unknown(finding), details),
            RuleOutcome.Unknown => new Case(name, Kind.Skipped, null, Unknown(finding), null),
            RuleOutcome.Waived => new Case(name, Kind.Skipped, null, "waived: " + Waiver(finding), null),
            _ => new Case(name, Kind.Skipped, null, "not applicable", null),
        };
    }

    private static string Unknown(Finding finding) =>
        finding.MissingFacts.Count == 0 ? "unknown" : "unknown: missing " + string.Join(", ", finding.MissingFacts);

    private static void Counts(XmlWriter xml, IReadOnlyCollection<Case> cases)
    {
        xml.WriteAttributeString("tests", cases.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", cases.Count(c => c.Kind == Kind.Failure).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", cases.Count(c => c.Kind == Kind.Error).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", cases.Count(c => c.Kind == Kind.Skipped).ToString(CultureInfo.InvariantCulture));
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Clean(value));
        xml.WriteEndElement();
    }

    /// <summary>The descriptor as a class-name part: its file name without extension, or the model for one built in memory.</summary>
    internal static string DescriptorName(EvaluationEntry entry) =>
        entry.Descriptor.Path.Length > 0 ? Path.GetFileNameWithoutExtension(entry.Descriptor.Path) : entry.Verdict.Model;

    /// <summary>A class-name part: dots would split it into packages in CI dashboards, so they become '_'.</summary>
    private static string ClassName(string part) => part.Replace('.', '_');

    /// <summary>Characters XML 1.0 cannot carry (control characters, lone surrogates) become U+FFFD.</summary>
    private static string Clean(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) : !char.IsLowSurrogate(c) && XmlConvert.IsXmlChar(c);
            if (ok && char.IsHighSurrogate(c))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (ok)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text, 0, i, text.Length);
            sb.Append('\uFFFD');
        }
        return sb?.ToString() ?? text;
    }

    private sealed class Utf8StringWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}

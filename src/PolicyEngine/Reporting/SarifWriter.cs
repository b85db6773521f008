using System.Text;
using Newtonsoft.Json.Linq;
using PolicyEngine.Binding;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Text;
using static PolicyEngine.Reporting.ReportFormatting;

namespace PolicyEngine.Reporting;

/// <summary>
/// SARIF 2.1.0 (one run) for code-scanning tools. For <c>eval</c>: a result per fail, unknown, error or waived
/// finding, located in the descriptor, with the rule's span in its policy file as a related location. For
/// <c>lint</c>: a result per diagnostic. The mapping is documented in docs/output-formats.md.
/// </summary>
public sealed class SarifWriter : IEvaluationWriter, ILintWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The base of every relative artifact URI: the directory policyengine ran in.</summary>
    public const string SourceRoot = "%SRCROOT%";

    public void Write(EvaluationRun run, TextWriter output) => output.Write(Json(Document(run)));

    public void Write(LintRun run, TextWriter output) => output.Write(Json(Document(run)));

    public static JObject Document(EvaluationRun run)
    {
        // One reporting descriptor per rule that has a result, by ID; a result refers to it by index.
        var reported = run.Entries.SelectMany(e => e.Verdict.Findings.Where(IsReported).Select(f => (Entry: e, Finding: f))).ToList();
        var rules = new SortedDictionary<string, (BoundRule Rule, EvaluationEntry Entry)>(StringComparer.Ordinal);
        foreach (var (entry, finding) in reported) rules.TryAdd(finding.Rule.Id, (finding.Rule, entry));
        var index = rules.Keys.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);

        var uris = new UriState();
        var results = new JArray(reported.Select(r => Result(r.Entry, r.Finding, index[r.Finding.Rule.Id], run.FailOn, uris)));
        var notifications = new JArray(DiagnosticFormatter.Sort(run.Diagnostics).Select(d => Notification(d, uris)));

        var invocation = new JObject { ["executionSuccessful"] = !run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) };
        if (notifications.Count > 0) invocation["toolExecutionNotifications"] = notifications;

        var sarifRun = new JObject
        {
            ["tool"] = Tool(new JArray(rules.Values.Select(r => RuleDescriptor(r.Rule, r.Entry)))),
            ["invocations"] = new JArray(invocation),
            ["columnKind"] = "utf16CodeUnits",
        };
        if (uris.UsedSourceRoot) sarifRun["originalUriBaseIds"] = OriginalUriBaseIds();
        sarifRun["results"] = results;
        sarifRun["properties"] = new JObject
        {
            ["failOn"] = FailOnText(run.FailOn),
            ["blocked"] = run.IsBlocked,
            ["verdicts"] = new JArray(run.Entries.Select(e => new JObject
            {
                ["descriptor"] = e.Verdict.DescriptorPath,
                ["model"] = e.Verdict.Model,
                ["pack"] = e.PackPath,
                ["verdict"] = e.Verdict.Kind.Text(),
                ["packSha256"] = e.Verdict.Provenance.PackSha256,
                ["descriptorSha256"] = e.Verdict.Provenance.DescriptorSha256,
            })),
        };
        return Log(sarifRun);
    }

    public static JObject Document(LintRun run)
    {
        var diagnostics = run.Packs.SelectMany(p => DiagnosticFormatter.Sort(p.Diagnostics)).ToList();
        var descriptors = new SortedDictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
        foreach (var d in diagnostics) descriptors.TryAdd(d.Id, d.Descriptor);
        var index = descriptors.Keys.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);

        var uris = new UriState();
        var results = new JArray(diagnostics.Select(d =>
        {
            var result = new JObject
            {
                ["ruleId"] = d.Id,
                ["ruleIndex"] = index[d.Id],
                ["level"] = Level(d.Severity),
                ["message"] = new JObject { ["text"] = d.Message },
            };
            if (PhysicalLocation(d.Location, uris) is { } where) result["locations"] = new JArray(new JObject { ["physicalLocation"] = where });
            return result;
        }));

        var sarifRun = new JObject
        {
            ["tool"] = Tool(new JArray(descriptors.Values.Select(DiagnosticRule))),
            ["invocations"] = new JArray(new JObject { ["executionSuccessful"] = true }),
            ["columnKind"] = "utf16CodeUnits",
        };
        if (uris.UsedSourceRoot) sarifRun["originalUriBaseIds"] = OriginalUriBaseIds();
        sarifRun["results"] = results;
        return Log(sarifRun);
    }

    private static JObject Log(JObject run) => new()
    {
        ["$schema"] = SchemaUri,
        ["version"] = "2.1.0",
        ["runs"] = new JArray(run),
    };

    private static JObject Tool(JArray rules) => new()
    {
        ["driver"] = new JObject
        {
            ["name"] = "PolicyEngine",
            ["version"] = CompiledPack.EngineVersion,
            ["semanticVersion"] = CompiledPack.EngineVersion,
            ["rules"] = rules,
        },
    };

    private static JObject OriginalUriBaseIds() => new()
    {
        [SourceRoot] = new JObject
        {
            ["description"] = new JObject { ["text"] = "The directory policyengine was run in: relative paths are the paths given on its command line." },
        },
    };

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };

    private static JObject RuleDescriptor(BoundRule rule, EvaluationEntry entry)
    {
        var descriptor = new JObject
        {
            ["id"] = rule.Id,
            ["name"] = rule.Title,
            ["shortDescription"] = new JObject { ["text"] = rule.Title },
        };
        if (rule.Because is not null) descriptor["fullDescription"] = new JObject { ["text"] = rule.Because };
        if (rule.Remedy is not null) descriptor["help"] = new JObject { ["text"] = rule.Remedy };
        if (AbsoluteHttpUri(rule.Metadata.GetValueOrDefault("source")) is { } helpUri) descriptor["helpUri"] = helpUri;
        descriptor["defaultConfiguration"] = new JObject { ["level"] = Level(rule.Severity) };

        var properties = new JObject();
        if (rule.Tags.Count > 0) properties["tags"] = Strings(rule.Tags.Distinct(StringComparer.Ordinal));
        properties["cite"] = Value(rule.Cite);
        properties["category"] = Value(rule.Category);
        properties["pack"] = entry.PackPath;
        properties["packName"] = entry.Verdict.Pack;
        foreach (var key in new[] { "version", "source", "status" })
        {
            if (rule.Metadata.TryGetValue(key, out var value)) properties["policy" + char.ToUpperInvariant(key[0]) + key[1..]] = value;
        }
        descriptor["properties"] = properties;
        return descriptor;
    }

    private static JObject DiagnosticRule(DiagnosticDescriptor descriptor) => new()
    {
        ["id"] = descriptor.Id,
        ["name"] = descriptor.Title,
        ["shortDescription"] = new JObject { ["text"] = descriptor.Title },
        ["help"] = new JObject { ["text"] = $"See {descriptor.HelpLink} in the PolicyEngine repository." },
        ["defaultConfiguration"] = new JObject { ["level"] = Level(descriptor.DefaultSeverity) },
        ["properties"] = new JObject
        {
            ["category"] = descriptor.Category,
            ["helpLink"] = descriptor.HelpLink,
        },
    };

    private static JObject Result(EvaluationEntry entry, Finding finding, int ruleIndex, FailOn failOn, UriState uris)
    {
        var rule = finding.Rule;
        var decided = finding.Outcome == RuleOutcome.Waived ? finding.WaivedOutcome ?? RuleOutcome.Fail : finding.Outcome;
        // An unknown finding is "review" (SARIF then requires level "none") unless it blocks under --fail-on,
        // in which case it is a failure of the gate like any other.
        var review = decided == RuleOutcome.Unknown && !IsBlockingUnknown(finding, decided, failOn);
        var result = new JObject
        {
            ["ruleId"] = rule.Id,
            ["ruleIndex"] = ruleIndex,
            ["kind"] = review ? "review" : "fail",
            ["level"] = review ? "none" : decided == RuleOutcome.Error ? "error" : Level(finding.Severity),
            ["message"] = new JObject { ["text"] = Message(finding) },
        };

        if (entry.Descriptor.Path.Length > 0)
        {
            var where = new JObject
            {
                ["artifactLocation"] = ArtifactLocation(entry.Descriptor.Path, uris),
                ["region"] = new JObject { ["startLine"] = DecidingLine(finding, entry.Descriptor) ?? 1 },
            };
            result["locations"] = new JArray(new JObject { ["physicalLocation"] = where });
        }
        if (PhysicalLocation(rule.Location, uris) is { } ruleSpan)
        {
            result["relatedLocations"] = new JArray(new JObject
            {
                ["id"] = 1,
                ["physicalLocation"] = ruleSpan,
                ["message"] = new JObject { ["text"] = $"rule {rule.Id} in {rule.Location.Path}" },
            });
        }
        if (SarifFixes.For(finding, entry.Descriptor, ArtifactLocation(entry.Descriptor.Path, uris)) is { Count: > 0 } fixes) result["fixes"] = fixes;
        if (finding.Outcome == RuleOutcome.Waived)
        {
            result["suppressions"] = new JArray(new JObject
            {
                ["kind"] = "external",
                ["status"] = "accepted",
                ["justification"] = Waiver(finding),
            });
        }
        result["properties"] = new JObject
        {
            ["outcome"] = finding.Outcome.Text(),
            ["severity"] = Severity(finding.Severity),
            ["blocking"] = finding.IsBlocking(failOn),
            ["cite"] = Value(rule.Cite),
            ["missingFacts"] = Strings(finding.MissingFacts),
            ["pack"] = entry.PackPath,
            ["model"] = entry.Verdict.Model,
            ["descriptor"] = entry.Verdict.DescriptorPath,
        };
        return result;
    }

    private static bool IsBlockingUnknown(Finding finding, RuleOutcome decided, FailOn failOn) =>
        decided == RuleOutcome.Unknown && failOn == FailOn.Unknown && finding.Severity >= DiagnosticSeverity.Warning;

    /// <summary>"Title: message (missing: a, b)", with the runtime error or the waiver when there is one.</summary>
    private static string Message(Finding finding)
    {
        var sb = new StringBuilder(finding.Rule.Title);
        if (finding.Message is not null) sb.Append(": ").Append(finding.Message);
        else if (finding.Outcome == RuleOutcome.Unknown || finding.WaivedOutcome == RuleOutcome.Unknown) sb.Append(": unknown");
        if (finding.MissingFacts.Count > 0) sb.Append(" (missing: ").Append(string.Join(", ", finding.MissingFacts)).Append(')');
        if (finding.Error is not null) sb.Append(" (runtime error: ").Append(finding.Error).Append(')');
        if (finding.Outcome == RuleOutcome.Waived) sb.Append(" (waived: ").Append(Waiver(finding)).Append(')');
        return sb.ToString();
    }

    private static JObject Notification(Diagnostic diagnostic, UriState uris)
    {
        var notification = new JObject
        {
            ["descriptor"] = new JObject { ["id"] = diagnostic.Id },
            ["level"] = Level(diagnostic.Severity),
            ["message"] = new JObject { ["text"] = diagnostic.Message },
        };
        if (PhysicalLocation(diagnostic.Location, uris) is { } where) notification["locations"] = new JArray(new JObject { ["physicalLocation"] = where });
        return notification;
    }

    /// <summary>A span as a SARIF physical location: one-based lines and columns, the end column just after the span.</summary>
    private static JObject? PhysicalLocation(Location location, UriState uris)
    {
        if (location.Source is null || location.Path.Length == 0) return null;
        var start = location.StartPosition;
        var end = location.EndPosition;
        return new JObject
        {
            ["artifactLocation"] = ArtifactLocation(location.Path, uris),
            ["region"] = new JObject
            {
                ["startLine"] = start.Line + 1,
                ["startColumn"] = start.Character + 1,
                ["endLine"] = end.Line + 1,
                ["endColumn"] = end.Character + 1,
            },
        };
    }

    /// <summary>A relative path becomes a relative URI against %SRCROOT%; an absolute path a file: URI.</summary>
    private static JObject ArtifactLocation(string path, UriState uris)
    {
        if (Path.IsPathRooted(path)) return new JObject { ["uri"] = new Uri(Path.GetFullPath(path)).AbsoluteUri };
        uris.UsedSourceRoot = true;
        return new JObject { ["uri"] = RelativeUri(path), ["uriBaseId"] = SourceRoot };
    }

    /// <summary>Forward slashes, each segment percent-encoded (RFC 3986), "." and ".." kept.</summary>
    internal static string RelativeUri(string path)
    {
        var segments = path.Replace('\\', '/').Split('/');
        return string.Join('/', segments.Select(s => s is "." or ".." ? s : Uri.EscapeDataString(s)));
    }

    private static string? AbsoluteHttpUri(string? text) =>
        text is not null && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !text.Any(char.IsWhiteSpace)
            ? uri.AbsoluteUri
            : null;

    private sealed class UriState
    {
        public bool UsedSourceRoot { get; set; }
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using PolicyEngine.Binding;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Text;

namespace PolicyEngine.Configuration;

/// <summary>A waiver: a finding of one rule on matching descriptors reports <c>waived</c> until it expires.</summary>
public sealed record Waiver(string Rule, string Descriptor, string Justification, string Owner, DateOnly Expires, Location Location)
{
    /// <summary>The descriptor pattern matches the model id or the descriptor's path; * and ? are wildcards.</summary>
    public bool Matches(Descriptor descriptor)
    {
        var pattern = "^" + Regex.Escape(Descriptor).Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", ".") + "$";
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        return descriptor.ModelId is { } id && regex.IsMatch(id) ||
               regex.IsMatch(descriptor.Path.Replace('\\', '/')) ||
               regex.IsMatch(Path.GetFileName(descriptor.Path));
    }
}

/// <summary>
/// <c>policyengine.json</c>: severity overrides the Roslyn way (per rule ID or per category, <c>none</c> switches a
/// rule off) and waivers with a justification, an owner and an expiry date.
/// <code>
/// {
///   "severities": { "rules": { "EU-53-1c": "warning" }, "categories": { "transparency": "none" } },
///   "waivers": [ { "rule": "EU-55-1a", "descriptor": "meta-llama/*", "justification": "…", "owner": "…", "expires": "2026-12-31" } ]
/// }
/// </code>
/// </summary>
public sealed class PolicyConfiguration
{
    public const string FileName = "policyengine.json";

    private readonly Dictionary<string, (DiagnosticSeverity? Severity, Location Location)> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DiagnosticSeverity? Severity, Location Location)> _categories = new(StringComparer.Ordinal);
    private readonly List<Waiver> _waivers = new();

    public static PolicyConfiguration Empty { get; } = new() { Path = "" };

    public string Path { get; private init; } = "";
    public IReadOnlyList<Waiver> Waivers => _waivers;

    /// <summary><c>"allowScripts": true</c>: C# script functions may run (like <c>--allow-scripts</c>).</summary>
    public bool? AllowScripts { get; private set; }

    /// <summary><c>"scriptTimeoutMs": 250</c>: the time limit of one script call (like <c>--script-timeout</c>).</summary>
    public int? ScriptTimeoutMs { get; private set; }

    /// <summary>The nearest policyengine.json in the descriptor's folder or a folder above it, or null.</summary>
    public static string? FindFor(string descriptorPath)
    {
        if (string.IsNullOrEmpty(descriptorPath) || descriptorPath == "-") return null;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(descriptorPath));
        while (directory is not null)
        {
            var candidate = System.IO.Path.Combine(directory, FileName);
            if (File.Exists(candidate)) return candidate;
            directory = System.IO.Path.GetDirectoryName(directory);
        }
        return null;
    }

    public static (PolicyConfiguration? Configuration, IReadOnlyList<Diagnostic> Diagnostics) Load(string path)
    {
        string text;
        try
        {
            text = DescriptorLoader.ReadText(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            return (null, [Diagnostic.Create(DiagnosticDescriptors.ConfigMalformed, new Location(new SourceText("", path), default), e.Message)]);
        }
        return Parse(text, path);
    }

    public static (PolicyConfiguration? Configuration, IReadOnlyList<Diagnostic> Diagnostics) Parse(string text, string path)
    {
        var source = new SourceText(text, path);
        var diagnostics = new List<Diagnostic>();
        DocumentNode root;
        try
        {
            root = JsonDocumentReader.Read(text, 16);
        }
        catch (JsonDocumentReader.FormatError e)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ConfigMalformed, At(source, e.Line, e.Column), e.Message));
            return (null, diagnostics);
        }

        var config = new PolicyConfiguration { Path = path };
        if (root.Kind != DocumentNodeKind.Object)
        {
            Invalid(root, "The configuration must be a JSON object");
            return (null, diagnostics);
        }
        foreach (var (name, line, column, value) in root.Members)
        {
            switch (name)
            {
                case "severities": ReadSeverities(value); break;
                case "waivers": ReadWaivers(value); break;
                case "allowScripts":
                    if (value.Value is bool allow) config.AllowScripts = allow;
                    else Invalid(value, "\"allowScripts\" must be true or false");
                    break;
                case "scriptTimeoutMs":
                    if (value.Value is double ms && ms >= 1 && ms <= int.MaxValue && ms == Math.Floor(ms)) config.ScriptTimeoutMs = (int)ms;
                    else Invalid(value, "\"scriptTimeoutMs\" must be a whole number of milliseconds, at least 1");
                    break;
                case "$schema": break;
                default:
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ConfigInvalid, At(source, line, column), $"Unknown setting '{name}'; use \"severities\", \"waivers\", \"allowScripts\" or \"scriptTimeoutMs\""));
                    break;
            }
        }
        return (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? null : config, diagnostics);

        void Invalid(DocumentNode node, string message) =>
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ConfigInvalid, At(source, node.Line, node.Column), message));

        void ReadSeverities(DocumentNode node)
        {
            if (node.Kind != DocumentNodeKind.Object) { Invalid(node, "\"severities\" must be an object with \"rules\" and/or \"categories\""); return; }
            foreach (var (kind, _, _, map) in node.Members)
            {
                var target = kind switch { "rules" => config._rules, "categories" => config._categories, _ => null };
                if (target is null || map.Kind != DocumentNodeKind.Object) { Invalid(map, $"\"severities.{kind}\" is not a setting; use \"rules\" or \"categories\" (objects)"); continue; }
                foreach (var (key, l, c, level) in map.Members)
                {
                    DiagnosticSeverity? severity = (level.Value as string) switch
                    {
                        "error" => DiagnosticSeverity.Error,
                        "warning" => DiagnosticSeverity.Warning,
                        "info" or "note" => DiagnosticSeverity.Info,
                        "none" => null,
                        _ => (DiagnosticSeverity)(-1),
                    };
                    if (severity == (DiagnosticSeverity)(-1)) { Invalid(level, $"Severity of '{key}' must be \"error\", \"warning\", \"info\" or \"none\""); continue; }
                    target[key] = (severity, At(source, l, c));
                }
            }
        }

        void ReadWaivers(DocumentNode node)
        {
            if (node.Kind != DocumentNodeKind.Array) { Invalid(node, "\"waivers\" must be a list"); return; }
            foreach (var item in node.Items)
            {
                if (item.Kind != DocumentNodeKind.Object) { Invalid(item, "A waiver is an object with rule, descriptor, justification, owner and expires"); continue; }
                string? Field(string key) => item.Members.FirstOrDefault(m => m.Name == key).Value?.Value as string;
                var missing = new[] { "rule", "descriptor", "justification", "owner", "expires" }.Where(k => string.IsNullOrWhiteSpace(Field(k))).ToList();
                if (missing.Count > 0) { Invalid(item, $"The waiver lacks {string.Join(", ", missing)} (every waiver needs a rule, a descriptor pattern, a justification, an owner and an expiry date)"); continue; }
                if (!DateOnly.TryParseExact(Field("expires"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
                {
                    Invalid(item, $"The waiver's expiry \"{Field("expires")}\" is not a date (YYYY-MM-DD)");
                    continue;
                }
                config._waivers.Add(new Waiver(Field("rule")!, Field("descriptor")!, Field("justification")!, Field("owner")!, expires, At(source, item.Line, item.Column)));
            }
        }
    }

    private static Location At(SourceText source, int line, int column) =>
        source.Location(new TextSpan(source.GetOffset(Math.Max(0, line - 1), Math.Max(0, column - 1)), 1));

    /// <summary>The severity of a rule after overrides: by rule ID first, then by category; null switches it off.</summary>
    public DiagnosticSeverity? SeverityOf(BoundRule rule)
    {
        if (_rules.TryGetValue(rule.Id, out var byId)) return byId.Severity;
        if (rule.Category is not null && _categories.TryGetValue(rule.Category, out var byCategory)) return byCategory.Severity;
        return rule.Severity;
    }

    /// <summary>Warns about overrides and waivers that name no rule or category of the given packs.</summary>
    public IEnumerable<Diagnostic> CheckAgainst(IEnumerable<BoundRule> rules)
    {
        var list = rules.ToList();
        var ids = list.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var categories = list.Select(r => r.Category).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (id, (_, location)) in _rules.Where(r => !ids.Contains(r.Key)))
            yield return Diagnostic.Create(DiagnosticDescriptors.ConfigUnknownRule, location, id, Hint(id, ids));
        foreach (var (category, (_, location)) in _categories.Where(c => !categories.Contains(c.Key)))
            yield return Diagnostic.Create(DiagnosticDescriptors.ConfigUnknownRule, location, category, Hint(category, categories));
        foreach (var waiver in _waivers.Where(w => !ids.Contains(w.Rule)))
            yield return Diagnostic.Create(DiagnosticDescriptors.ConfigUnknownRule, waiver.Location, waiver.Rule, Hint(waiver.Rule, ids));
    }

    private static string Hint(string name, IEnumerable<string> candidates) =>
        Suggestions.Closest(name, candidates) is { } s ? $"; did you mean '{s}'?" : "";

    /// <summary>Applies waivers to a verdict's fail and unknown findings. Expired waivers do not apply and are
    /// warnings; waivers within 30 days of expiry are notes. A rule that faulted (outcome error) is never waived:
    /// the waiver was granted for what the rule decides, and a rule that could not decide must not pass (fail-closed).</summary>
    public IReadOnlyList<Diagnostic> ApplyWaivers(Verdict verdict, Descriptor descriptor, DateOnly today)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var finding in verdict.Findings)
        {
            if (finding.Outcome is not (RuleOutcome.Fail or RuleOutcome.Unknown)) continue;
            var waiver = _waivers.FirstOrDefault(w => w.Rule == finding.Rule.Id && w.Matches(descriptor));
            if (waiver is null) continue;
            var expiry = waiver.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (waiver.Expires < today)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.WaiverExpired, waiver.Location, waiver.Rule, descriptor.DisplayName, waiver.Owner, expiry));
                continue;
            }
            var daysLeft = waiver.Expires.DayNumber - today.DayNumber;
            if (daysLeft <= 30)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.WaiverExpiresSoon, waiver.Location, waiver.Rule, descriptor.DisplayName, waiver.Owner, expiry, daysLeft));
            finding.Waive(waiver.Justification, waiver.Owner, waiver.Expires);
        }
        return diagnostics;
    }
}

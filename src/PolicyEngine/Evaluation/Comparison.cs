using PolicyEngine.Binding;
using PolicyEngine.Diagnostics;
using PolicyEngine.Reporting;

namespace PolicyEngine.Evaluation;

/// <summary>A finding that decided a verdict, with the facts behind it.</summary>
public sealed record DecidingFinding(string RuleId, string Title, RuleOutcome Outcome, DiagnosticSeverity Severity, IReadOnlyList<FactReference> Facts, IReadOnlyList<string> Missing)
{
    public static DecidingFinding From(Finding finding) =>
        new(finding.Rule.Id, finding.Rule.Title, finding.Outcome, finding.Severity, Flatten(finding.Explanation), finding.MissingFacts);

    /// <summary>The distinct facts of an explanation, in the order they were read.</summary>
    public static IReadOnlyList<FactReference> Flatten(IEnumerable<ExplanationNode> nodes)
    {
        var facts = new List<FactReference>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<ExplanationNode>(nodes.Reverse());
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var fact in node.Facts) if (seen.Add(fact.Path)) facts.Add(fact);
            foreach (var part in node.Parts.Reverse()) stack.Push(part);
        }
        return facts;
    }
}

/// <summary>One model × one pack in a comparison.</summary>
public sealed record ComparisonCell(string Model, string Descriptor, string Pack, VerdictKind Verdict, IReadOnlyList<ClassificationResult> Classifications,
    int Failing, int Unknown, IReadOnlyList<DecidingFinding> Deciding, Verdict Details);

/// <summary>Model M passes pack A but pack B blocks it (or cannot decide), because of these findings.</summary>
public sealed record Disagreement(string Model, string PassingPack, VerdictKind PassingVerdict, string OtherPack, VerdictKind OtherVerdict, IReadOnlyList<DecidingFinding> Because)
{
    public string Sentence =>
        $"{Model} passes {PassingPack} but {(OtherVerdict == VerdictKind.Block ? "is blocked by" : "is inconclusive under")} {OtherPack}, because of " +
        string.Join("; ", Because.Select(b => $"{b.RuleId} ({b.Outcome.Text()}: " +
            (b.Missing.Count > 0 ? "missing " + string.Join(", ", b.Missing) : string.Join(", ", b.Facts.Take(3).Select(f => $"{f.Path} = {f.Value}"))) + ")"));
}

/// <summary>A matrix of models × packs with the deciding facts of each cell and the disagreements between packs.</summary>
public sealed record Comparison(IReadOnlyList<string> Models, IReadOnlyList<string> Packs, IReadOnlyList<ComparisonCell> Cells, IReadOnlyList<Disagreement> Disagreements)
{
    public ComparisonCell Cell(string model, string pack) => Cells.First(c => c.Model == model && c.Pack == pack);

    /// <summary>Builds the comparison from a run's entries (evaluated with explanations).</summary>
    public static Comparison From(IReadOnlyList<EvaluationEntry> entries)
    {
        var cells = entries.Select(e =>
        {
            var v = e.Verdict;
            var deciding = v.Findings
                .Where(f => f.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown or RuleOutcome.Error && f.Severity >= DiagnosticSeverity.Warning)
                .OrderByDescending(f => f.Severity).ThenBy(f => f.Outcome == RuleOutcome.Unknown).ThenBy(f => f.Rule.Id, StringComparer.Ordinal)
                .Select(DecidingFinding.From)
                .ToList();
            return new ComparisonCell(v.Model, e.Descriptor.Path, e.PackPath, v.Kind, v.Classifications,
                v.Findings.Count(f => f.Outcome is RuleOutcome.Fail or RuleOutcome.Error), v.Count(RuleOutcome.Unknown), deciding, v);
        }).ToList();

        var models = cells.Select(c => c.Model).Distinct().ToList();
        var packs = cells.Select(c => c.Pack).Distinct().ToList();
        var disagreements = new List<Disagreement>();
        foreach (var model in models)
        {
            var row = cells.Where(c => c.Model == model).ToList();
            foreach (var passing in row.Where(c => c.Verdict is VerdictKind.Pass))
            {
                foreach (var other in row.Where(c => c.Verdict is VerdictKind.Block or VerdictKind.Inconclusive))
                {
                    var because = other.Deciding.Where(d => d.Severity == DiagnosticSeverity.Error && d.Outcome != RuleOutcome.Unknown || other.Verdict == VerdictKind.Inconclusive)
                        .Take(3).ToList();
                    disagreements.Add(new Disagreement(model, passing.Pack, passing.Verdict, other.Pack, other.Verdict, because));
                }
            }
        }
        return new Comparison(models, packs, cells, disagreements);
    }
}

/// <summary>How a rule differs between two versions of a pack.</summary>
public sealed record RuleChange(string RuleId, string Kind, IReadOnlyList<string> Details);

/// <summary>A (model, rule) outcome that moved between the versions, and why.</summary>
public sealed record OutcomeChange(string RuleId, string Title, RuleOutcome? Old, RuleOutcome? New, IReadOnlyList<string> Why, IReadOnlyList<FactReference> Facts, IReadOnlyList<string> Missing);

public sealed record ModelChange(string Model, string Descriptor, VerdictKind Old, VerdictKind New, IReadOnlyList<OutcomeChange> Outcomes, IReadOnlyList<string> Classifications);

/// <summary>Two versions of a pack over a corpus: rule and definition changes, and every verdict and outcome that moved.</summary>
public sealed record PackDiff(string OldPack, string NewPack, IReadOnlyList<RuleChange> Rules, IReadOnlyList<string> Definitions, IReadOnlyList<ModelChange> Models, int Descriptors)
{
    public static PackDiff From(string oldPath, BoundPack oldPack, string newPath, BoundPack newPack, IReadOnlyList<(Verdict Old, Verdict New, string Descriptor)> verdicts)
    {
        var oldRules = oldPack.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var newRules = newPack.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var ruleChanges = new List<RuleChange>();
        foreach (var id in oldRules.Keys.Union(newRules.Keys).Order(StringComparer.Ordinal))
        {
            if (!newRules.TryGetValue(id, out var n)) { ruleChanges.Add(new RuleChange(id, "removed", [oldRules[id].Title])); continue; }
            if (!oldRules.TryGetValue(id, out var o)) { ruleChanges.Add(new RuleChange(id, "added", [n.Title])); continue; }
            var details = RuleDifferences(o, n).ToList();
            if (details.Count > 0) ruleChanges.Add(new RuleChange(id, "changed", details));
        }

        var oldLets = oldPack.Lets.ToDictionary(l => l.Name, l => l.Syntax.Value.ToString(), StringComparer.Ordinal);
        var newLets = newPack.Lets.ToDictionary(l => l.Name, l => l.Syntax.Value.ToString(), StringComparer.Ordinal);
        var changedLets = new HashSet<string>(StringComparer.Ordinal);
        var definitions = new List<string>();
        foreach (var name in oldLets.Keys.Union(newLets.Keys).Order(StringComparer.Ordinal))
        {
            var had = oldLets.TryGetValue(name, out var before);
            var has = newLets.TryGetValue(name, out var after);
            if (had && has && before == after) continue;
            changedLets.Add(name);
            definitions.Add(!had ? $"let {name} added: {after}" : !has ? $"let {name} removed (was {before})" : $"let {name}: {before} → {after}");
        }

        var ruleDetails = ruleChanges.ToDictionary(r => r.RuleId, r => r, StringComparer.Ordinal);
        var models = new List<ModelChange>();
        foreach (var (oldVerdict, newVerdict, descriptor) in verdicts)
        {
            var outcomes = new List<OutcomeChange>();
            var before = oldVerdict.Findings.ToDictionary(f => f.Rule.Id, StringComparer.Ordinal);
            var after = newVerdict.Findings.ToDictionary(f => f.Rule.Id, StringComparer.Ordinal);
            foreach (var id in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
            {
                before.TryGetValue(id, out var o);
                after.TryGetValue(id, out var n);
                if (o?.Outcome == n?.Outcome) continue;
                var why = new List<string>();
                if (ruleDetails.TryGetValue(id, out var change)) why.Add($"rule {change.Kind}" + (change.Kind == "changed" ? ": " + string.Join("; ", change.Details) : ""));
                if (n is not null) why.AddRange(LetsUsed(n.Rule).Where(changedLets.Contains).Select(name => definitions.First(d => d.StartsWith($"let {name}", StringComparison.Ordinal))));
                var finding = n ?? o!;
                outcomes.Add(new OutcomeChange(id, finding.Rule.Title, o?.Outcome, n?.Outcome, why,
                    DecidingFinding.Flatten(finding.Explanation), finding.MissingFacts));
            }
            var classifications = newVerdict.Classifications
                .Select(c => (New: c, Old: oldVerdict.Classifications.FirstOrDefault(x => x.Name == c.Name)))
                .Where(p => p.Old is null || p.Old.Label != p.New.Label)
                .Select(p => $"{p.New.Title}: {p.Old?.Label ?? "unknown"} → {p.New.Label ?? "unknown"}")
                .ToList();
            if (outcomes.Count > 0 || oldVerdict.Kind != newVerdict.Kind || classifications.Count > 0)
                models.Add(new ModelChange(newVerdict.Model, descriptor, oldVerdict.Kind, newVerdict.Kind, outcomes, classifications));
        }
        return new PackDiff(oldPath, newPath, ruleChanges, definitions, models, verdicts.Count);
    }

    private static IEnumerable<string> RuleDifferences(BoundRule o, BoundRule n)
    {
        if (o.Title != n.Title) yield return $"title \"{o.Title}\" → \"{n.Title}\"";
        if (o.Severity != n.Severity) yield return $"severity {DiagnosticFormatter.SeverityText(o.Severity)} → {DiagnosticFormatter.SeverityText(n.Severity)}";
        if (o.Cite != n.Cite) yield return $"cite \"{o.Cite}\" → \"{n.Cite}\"";
        foreach (var (name, a, b) in new[] { ("when", o.When, n.When), ("unless", o.Unless, n.Unless), ("require", o.Require, n.Require) })
        {
            var before = a?.Syntax.ToString();
            var after = b?.Syntax.ToString();
            if (before != after) yield return $"{name} {before ?? "(none)"} → {after ?? "(none)"}";
        }
    }

    /// <summary>The lets a rule reads, directly or through other lets.</summary>
    private static IEnumerable<string> LetsUsed(BoundRule rule)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var stack = new Stack<BoundExpr>(new[] { rule.When, rule.Unless, rule.Require }.OfType<BoundExpr>());
        var seen = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            if (node is BoundLetReference let) names.Add(let.Symbol.Name);
            foreach (var child in node.Children) stack.Push(child);
        }
        return names;
    }
}

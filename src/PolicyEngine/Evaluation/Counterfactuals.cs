using PolicyEngine.Binding;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.Evaluation;

/// <summary>One fact change of a fix: set <see cref="Path"/> to <see cref="Value"/> (the fact is at <see cref="Line"/>, 0 if absent).</summary>
public sealed record FactFix(string Path, string Value, int Line);

/// <summary>A smallest set of fact changes that makes a finding pass, checked by evaluating the pack again.</summary>
public sealed record Fix(IReadOnlyList<FactFix> Changes)
{
    public override string ToString() => string.Join(", ", Changes.Select(c => $"{c.Path} = {c.Value}"));
}

/// <summary>
/// Finds counterfactual fixes for a fail or unknown finding: flip a boolean, cross a threshold with its boundary
/// value, choose another allowed value, or supply a missing fact. Candidates come from the facts the rule read and
/// the constants it compares them with; single changes are tried first, then pairs. Every fix is verified.
/// </summary>
internal static class Counterfactuals
{
    private const int MaxFixes = 3;
    private const int MaxEvaluations = 400;

    public static IReadOnlyList<Fix> Find(CompiledPack pack, Descriptor descriptor, BoundRule rule, IReadOnlyList<FactReference> facts)
    {
        var constants = Constants(rule);
        var candidates = new List<(FactChange Change, FactFix Fix)>();
        foreach (var fact in facts.DistinctBy(f => f.Path))
        {
            var (segments, _) = FactPaths.Resolve(descriptor.Root.Shape, fact.Path);
            if (segments is null) continue;
            var field = segments[^1].Field;
            if (segments[^1].Index is not null || field.Kind is FieldKind.Object || field.ElementShape is not null) continue;
            var current = ValueAt(descriptor.Root, segments);
            foreach (var value in CandidateValues(field, current, constants))
            {
                candidates.Add((new FactChange(segments, fact.Path, value, false), new FactFix(fact.Path, FactPaths.Format(value, field), fact.Line)));
            }
        }

        var fixes = new List<Fix>();
        var evaluations = 0;
        foreach (var candidate in candidates)
        {
            if (evaluations++ >= MaxEvaluations || fixes.Count >= MaxFixes) break;
            if (Passes(pack, descriptor, rule, [candidate.Change])) fixes.Add(new Fix([candidate.Fix]));
        }
        if (fixes.Count > 0) return fixes;

        for (var i = 0; i < candidates.Count && fixes.Count < MaxFixes; i++)
        {
            for (var j = i + 1; j < candidates.Count && fixes.Count < MaxFixes; j++)
            {
                if (candidates[i].Fix.Path == candidates[j].Fix.Path) continue;
                if (evaluations++ >= MaxEvaluations) return fixes;
                if (Passes(pack, descriptor, rule, [candidates[i].Change, candidates[j].Change]))
                    fixes.Add(new Fix([candidates[i].Fix, candidates[j].Fix]));
            }
        }
        return fixes;
    }

    private static bool Passes(CompiledPack pack, Descriptor descriptor, BoundRule rule, IReadOnlyList<FactChange> changes)
    {
        var root = descriptor.Root.Clone();
        foreach (var change in changes)
        {
            if (FactEditor.Apply(root, change) is not null) return false;
        }
        var context = new EvaluationContext(root, pack.Bound.Rules.Count, pack.Bound.Classifications.Count, pack.Bound.Scores.Count);
        pack.EvaluateOutcomes(context);
        return context.Outcomes[rule.Symbol.Index] == RuleOutcome.Pass;
    }

    private static object? ValueAt(Record root, IReadOnlyList<FactPathSegment> segments)
    {
        var record = root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var (field, index) = (segments[i].Field, segments[i].Index);
            if (field.Kind == FieldKind.Object) continue;
            if (record.Lists[field.Slot] is not Record[] items || index is null || index >= items.Length) return null;
            record = items[index.Value];
        }
        var last = segments[^1].Field;
        return last.SlotKind switch
        {
            SlotKind.Number => double.IsNaN(record.Numbers[last.Slot]) ? null : record.Numbers[last.Slot],
            SlotKind.Flag => record.Flags[last.Slot] == Tri.Unknown ? null : record.Flags[last.Slot],
            SlotKind.String => record.Strings[last.Slot],
            _ => record.Lists[last.Slot],
        };
    }

    private static IEnumerable<object> CandidateValues(FieldInfo field, object? current, Dictionary<FieldInfo, List<object>> constants)
    {
        var compared = constants.GetValueOrDefault(field) ?? [];
        IEnumerable<object> values = field.Kind switch
        {
            FieldKind.Boolean => [Tri.True, Tri.False],
            FieldKind.Number => compared.OfType<double>().SelectMany(Around),
            // A date compared with the calendar's first or last day has no day across it.
            FieldKind.Date => compared.OfType<double>().SelectMany(Around).Where(d => d is double day && day >= 0 && day <= DateOnly.MaxValue.DayNumber),
            FieldKind.String when field.EnumValues is { } allowed => compared.OfType<string>().Concat(allowed).Distinct(),
            FieldKind.String => compared.OfType<string>(),
            _ => [],
        };
        return values.Where(v => !Equals(v, current)).Distinct();
    }

    /// <summary>The boundary value and the values just across it.</summary>
    private static IEnumerable<object> Around(double threshold)
    {
        yield return threshold;
        var whole = threshold == Math.Floor(threshold) && Math.Abs(threshold) < 1e15;
        var step = whole ? 1 : Math.Abs(threshold) * 1e-9;
        if (step == 0) step = 1e-9;
        yield return threshold + step;
        yield return threshold - step;
    }

    /// <summary>The constants each fact is compared with in the rule (through lets and functions).</summary>
    private static Dictionary<FieldInfo, List<object>> Constants(BoundRule rule)
    {
        var result = new Dictionary<FieldInfo, List<object>>();
        var stack = new Stack<BoundExpr>(new[] { rule.When, rule.Unless, rule.Require }.OfType<BoundExpr>());
        var seen = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            if (node is BoundBinary { Operator: BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual
                or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual or BinaryOperator.In or BinaryOperator.NotIn } comparison)
            {
                Note(comparison.Left, comparison.Right);
                Note(comparison.Right, comparison.Left);
            }
            foreach (var child in node.Children) stack.Push(child);
        }
        return result;

        void Note(BoundExpr factSide, BoundExpr constantSide)
        {
            if (Binder.Unwrap(factSide) is not BoundField { Field: var field }) return;
            var list = result.TryGetValue(field, out var l) ? l : result[field] = new List<object>();
            foreach (var constant in ConstantValues(constantSide)) list.Add(constant);
        }
    }

    private static IEnumerable<object> ConstantValues(BoundExpr expr) => Binder.Unwrap(expr) switch
    {
        BoundLiteral { Value: double d } => [d],
        BoundLiteral { Value: string s } => [s],
        BoundUnary { Operator: UnaryOperator.Negate, Operand: var operand } when Binder.Unwrap(operand) is BoundLiteral { Value: double d } => [-d],
        BoundList list => list.Items.SelectMany(ConstantValues),
        _ => [],
    };
}

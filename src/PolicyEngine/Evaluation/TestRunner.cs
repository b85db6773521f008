using PolicyEngine.Binding;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Runtime;
using PolicyEngine.Text;

namespace PolicyEngine.Evaluation;

public sealed record ExpectationResult(string Expression, Location Location, bool Passed, string Actual);

public sealed record TestResult(string Name, Location Location, bool Passed, IReadOnlyList<ExpectationResult> Expectations, string? Error, Verdict? Verdict);

/// <summary>Which rules the tests referenced in an expectation, and which outcomes each rule showed across the tests.</summary>
public sealed record RuleCoverage(string RuleId, bool Referenced, IReadOnlyList<RuleOutcome> OutcomesSeen);

public sealed record TestRun(string Pack, IReadOnlyList<TestResult> Results, IReadOnlyList<RuleCoverage> Coverage)
{
    public int Passed => Results.Count(r => r.Passed);
    public int Failed => Results.Count(r => !r.Passed);

    /// <summary>Share of rules referenced by at least one expectation (1 for a pack without rules).</summary>
    public double CoverageRatio => Coverage.Count == 0 ? 1 : (double)Coverage.Count(c => c.Referenced) / Coverage.Count;
}

/// <summary>Runs a pack's <c>test</c> blocks: load the given descriptor, apply set/unset, evaluate, check each expect.</summary>
public static class TestRunner
{
    public static TestRun Run(CompiledPack pack)
    {
        var bound = pack.Bound;
        var results = new List<TestResult>();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var seen = bound.Rules.ToDictionary(r => r.Id, _ => new SortedSet<RuleOutcome>());

        foreach (var test in bound.Tests)
        {
            foreach (var expectation in test.Expectations) CollectRuleReferences(expectation.Condition, referenced);
            results.Add(RunOne(pack, test, seen));
        }

        var coverage = bound.Rules.Select(r => new RuleCoverage(r.Id, referenced.Contains(r.Id), seen[r.Id].ToList())).ToList();
        return new TestRun(pack.Name, results, coverage);
    }

    private static TestResult RunOne(CompiledPack pack, BoundTest test, Dictionary<string, SortedSet<RuleOutcome>> seen)
    {
        Descriptor descriptor;
        if (test.GivenPath is null)
        {
            descriptor = new Descriptor("(empty descriptor)", null, new Record(pack.Bound.Schema.Root, ""), new Dictionary<string, string>(), "");
        }
        else
        {
            var loaded = DescriptorLoader.LoadFile(test.GivenPath, pack.Bound.Schema);
            if (!loaded.Succeeded)
            {
                var problems = string.Join("; ", loaded.Diagnostics.Select(d => d.ToString()));
                return new TestResult(test.Name, test.Location, false, [], $"the descriptor cannot be loaded: {problems}", null);
            }
            descriptor = loaded.Descriptor!;
        }

        var root = descriptor.Root.Clone();
        foreach (var change in test.Changes)
        {
            if (FactEditor.Apply(root, change) is { } error) return new TestResult(test.Name, test.Location, false, [], error, null);
        }
        descriptor = descriptor.WithRoot(root);

        var verdict = pack.Evaluate(descriptor, new EvaluationOptions { Explain = true });
        foreach (var finding in verdict.Findings) seen[finding.Rule.Id].Add(finding.Outcome);

        // Expectations read the outputs just computed.
        var context = pack.NewContext(descriptor, new Tracer());
        foreach (var finding in verdict.Findings) context.Outcomes[finding.Rule.Symbol.Index] = finding.Outcome;
        for (var i = 0; i < verdict.Classifications.Count; i++) context.Classifications[i] = verdict.Classifications[i].Label;
        for (var i = 0; i < verdict.Scores.Count; i++) context.Scores[i] = verdict.Scores[i].Value ?? double.NaN;
        context.Verdict = verdict.Kind.Text();

        var expectations = new List<ExpectationResult>();
        foreach (var expectation in test.Expectations)
        {
            var compiler = new ExpressionCompiler(traced: true, new List<BoundExpr>());
            var check = compiler.Lambda<Tri>(compiler.Compile(expectation.Condition));
            Tri value;
            string? error = null;
            try { value = check(context); }
            catch (Exception e) when (CompiledPack.IsRuntimeFault(e)) { value = Tri.Unknown; error = e.Message; }
            var actual = error ?? Describe(expectation.Condition, context, verdict);
            expectations.Add(new ExpectationResult(expectation.Condition.Syntax.ToString(), test.Tree.Source.Location(expectation.Span), value == Tri.True, actual));
        }
        return new TestResult(test.Name, test.Location, expectations.All(e => e.Passed), expectations, null, verdict);
    }

    /// <summary>The actual values behind an expectation: outcomes, classifications, scores and facts it mentions.</summary>
    private static string Describe(BoundExpr condition, EvaluationContext context, Verdict verdict)
    {
        var parts = new List<string>();
        var stack = new Stack<BoundExpr>();
        stack.Push(condition);
        var seenText = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            string? text = node switch
            {
                BoundOutputReference { Output: null } => $"verdict is {context.Verdict}",
                BoundOutputReference { Output: RuleSymbol rule } => $"{rule.Name} is {context.Outcomes[rule.Index].Text()}" +
                    (verdict.Findings.FirstOrDefault(f => f.Rule.Symbol == rule) is { MissingFacts.Count: > 0 } f ? $" (missing {string.Join(", ", f.MissingFacts)})" : ""),
                BoundOutputReference { Output: ClassificationSymbol c } => $"{c.Name} is {Values.Format(context.Classifications[c.Index])}",
                BoundOutputReference { Output: ScoreSymbol s } => $"{s.Name} is {Values.Format(context.Scores[s.Index])}",
                BoundField field when field.Record is null => $"{field.Syntax} is {Values.Format(context.Root.GetValue(field.Field), field.Type)}",
                _ => null,
            };
            if (text is not null && seenText.Add(text)) parts.Add(text);
            foreach (var child in node.Children.Reverse()) stack.Push(child);
        }
        return parts.Count == 0 ? "false" : string.Join("; ", parts);
    }

    private static void CollectRuleReferences(BoundExpr node, HashSet<string> into)
    {
        var stack = new Stack<BoundExpr>();
        var seen = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        stack.Push(node);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!seen.Add(n)) continue;
            if (n is BoundOutputReference { Output: RuleSymbol rule }) into.Add(rule.Name);
            foreach (var child in n.Children) stack.Push(child);
        }
    }
}

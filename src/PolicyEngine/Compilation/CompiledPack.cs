using System.Linq.Expressions;
using PolicyEngine.Binding;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Runtime;

namespace PolicyEngine.Compilation;

/// <summary>Options for one evaluation.</summary>
public sealed record EvaluationOptions
{
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Build the proof of each finding (traced re-evaluation of the rules that need one).</summary>
    public bool Explain { get; init; }

    /// <summary>Explain passing and not-applicable findings too, not only fail, unknown and error.</summary>
    public bool ExplainAll { get; init; }

    /// <summary>Search for counterfactual fixes of fail and unknown findings (needs <see cref="Explain"/>).</summary>
    public bool Fixes { get; init; }

    /// <summary>Severity overrides by rule ID (null switches the rule off); applied before the verdict.</summary>
    public Func<BoundRule, DiagnosticSeverity?>? Severity { get; init; }
}

/// <summary>
/// A policy pack compiled to delegates. The fast path runs every output in an order where each follows the outputs
/// it reads, a few dozen outputs per delegate, with no exception handling. When a runtime fault escapes it (rare:
/// division by zero, a regex timeout), the evaluation is run again output by output, where a faulty rule becomes an
/// error and the rest are unaffected; those per-output delegates, messages and the traced twins are compiled on first use.
/// </summary>
public sealed class CompiledPack
{
    /// <summary>At most this many outputs share one delegate, which keeps each method small enough for the JIT.</summary>
    internal const int OutputsPerSegment = 32;

    private readonly Action<EvaluationContext>[] _segments;
    private readonly int _letCount;
    private readonly Lazy<PerOutput> _perOutput;
    private readonly Lazy<Traced> _traced;
    private readonly Dictionary<BoundRule, Lazy<Func<EvaluationContext, object?>[]>> _messages = new();

    internal CompiledPack(BoundPack bound, string sha256)
    {
        Bound = bound;
        Sha256 = sha256;
        // Build every segment's code, then compile (and so JIT) the segments and the lets they call on every core.
        var compiler = new ExpressionCompiler(traced: false, new List<BoundExpr>(), deferCompilation: true);
        var segments = bound.EvaluationOrder.Chunk(OutputsPerSegment).Select(outputs => compiler.Action(compiler.Outputs(bound, outputs))).ToArray();
        _segments = new Action<EvaluationContext>[segments.Length];
        var work = compiler.TakeDeferred();
        for (var i = 0; i < segments.Length; i++)
        {
            var index = i;
            work.Add(() => _segments[index] = segments[index].Compile(preferInterpretation: false));
        }
        LargeStack.RunAll(work);
        _letCount = bound.Lets.Count == 0 ? 0 : bound.Lets.Max(l => l.Index) + 1;
        foreach (var rule in bound.Rules.Where(r => r.Message is not null))
        {
            _messages[rule] = new Lazy<Func<EvaluationContext, object?>[]>(() => LargeStack.Run(() =>
            {
                var messageCompiler = new ExpressionCompiler(traced: false, new List<BoundExpr>());
                return rule.Message!.Parts.OfType<BoundExpr>()
                    .Select(e => messageCompiler.Lambda<object?>(Expression.Convert(messageCompiler.Compile(e), typeof(object))))
                    .ToArray();
            }));
        }
        _perOutput = new Lazy<PerOutput>(() => LargeStack.Run(() => new PerOutput(bound, traced: false)));
        _traced = new Lazy<Traced>(() => LargeStack.Run(() => new Traced(bound)));
    }

    public BoundPack Bound { get; }
    public string Name => Bound.Name;

    /// <summary>SHA-256 of the pack's sources (its files and the files they import).</summary>
    public string Sha256 { get; }

    public static string EngineVersion { get; } =
        typeof(CompiledPack).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>One delegate per output, for evaluations where a runtime fault must be pinned to its output.</summary>
    private class PerOutput
    {
        public PerOutput(BoundPack bound, bool traced)
        {
            var nodes = new List<BoundExpr>();
            var compiler = new ExpressionCompiler(traced, nodes);
            Rules = bound.Rules.Select(r => compiler.Lambda<RuleOutcome>(compiler.Rule(r))).ToArray();
            Classifications = bound.Classifications.Select(c => compiler.Lambda<string?>(compiler.Classification(c))).ToArray();
            Scores = bound.Scores.Select(s => compiler.Lambda<double>(compiler.Compile(s.Value))).ToArray();
            Nodes = nodes.Count;
        }

        /// <summary>How many nodes the traced code notes.</summary>
        public int Nodes { get; }

        public Func<EvaluationContext, RuleOutcome>[] Rules { get; }
        public Func<EvaluationContext, string?>[] Classifications { get; }
        public Func<EvaluationContext, double>[] Scores { get; }
    }

    /// <summary>The traced delegates: the same code, noting every value and fact read.</summary>
    private sealed class Traced(BoundPack bound) : PerOutput(bound, traced: true);

    /// <summary>
    /// Computes the outcomes, classifications and scores on the fast path (no explanations). A context can be reused
    /// for the next descriptor (set <see cref="EvaluationContext.Root"/> or call <see cref="EvaluationContext.Reset"/>):
    /// the values of lets are forgotten at the start of every evaluation.
    /// </summary>
    public void EvaluateOutcomes(EvaluationContext context) => Run(context, null);

    /// <summary>The segments; on a runtime fault, everything again output by output (faults recorded in <paramref name="errors"/>).</summary>
    private void Run(EvaluationContext context, Dictionary<int, Exception>? errors)
    {
        context.ClearLets(_letCount);
        try
        {
            foreach (var segment in _segments) segment(context);
            return;
        }
        catch (Exception e) when (IsRuntimeFault(e))
        {
            // Pinned to its output below; outputs already stored are recomputed to the same values.
        }
        context.ClearLets(_letCount);
        var perOutput = _perOutput.Value;
        RunInOrder(context, perOutput.Rules, perOutput.Classifications, perOutput.Scores, errors, _ => true);
    }

    /// <summary>Runs every output after the outputs it reads. A runtime fault makes a rule an error (never a pass)
    /// and a classification or score unknown; when the traced copy is re-run, its faults were already recorded.</summary>
    private void RunInOrder(EvaluationContext context, Func<EvaluationContext, RuleOutcome>[] rules, Func<EvaluationContext, string?>[] classifications,
        Func<EvaluationContext, double>[] scores, Dictionary<int, Exception>? errors, Func<OutputSymbol, bool> include)
    {
        foreach (var output in Bound.EvaluationOrder)
        {
            if (!include(output)) continue;
            switch (output)
            {
                case RuleSymbol rule:
                    try { context.Outcomes[rule.Index] = rules[rule.Index](context); }
                    catch (Exception e) when (IsRuntimeFault(e))
                    {
                        context.Outcomes[rule.Index] = RuleOutcome.Error;
                        errors?.TryAdd(rule.Index, e);
                    }
                    break;
                case ClassificationSymbol c:
                    try { context.Classifications[c.Index] = classifications[c.Index](context); }
                    catch (Exception e) when (IsRuntimeFault(e)) { context.Classifications[c.Index] = null; }
                    break;
                case ScoreSymbol s:
                    try { context.Scores[s.Index] = scores[s.Index](context); }
                    catch (Exception e) when (IsRuntimeFault(e)) { context.Scores[s.Index] = double.NaN; }
                    break;
            }
        }
    }

    internal static bool IsRuntimeFault(Exception e) =>
        e is PolicyRuntimeException or ArithmeticException or IndexOutOfRangeException or InvalidCastException or ArgumentException or InvalidOperationException;

    public EvaluationContext NewContext(Descriptor descriptor, Tracer? tracer = null) => NewContext(descriptor.Root, tracer);

    /// <summary>A context for this pack over a record .</summary>
    public EvaluationContext NewContext(Record root, Tracer? tracer = null) =>
        new(root, Bound.Rules.Count, Bound.Classifications.Count, Bound.Scores.Count, tracer);

    /// <summary>Evaluates the pack against a descriptor: outcomes, classifications, scores, explanations and the verdict.</summary>
    public Verdict Evaluate(Descriptor descriptor, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        var context = NewContext(descriptor);
        var errors = new Dictionary<int, Exception>();
        Run(context, errors);

        // Unknown outputs must name their missing facts, and explanations need values: re-run those traced.
        var needsTrace = options.Explain || context.Outcomes.Contains(RuleOutcome.Unknown) || context.Classifications.Contains(null) || context.Scores.Any(double.IsNaN);
        Tracer? tracer = null;
        ExplanationBuilder? explain = null;
        if (needsTrace)
        {
            var traced = _traced.Value;
            tracer = new Tracer(traced.Nodes);
            var tracedContext = NewContext(descriptor, tracer);
            Array.Copy(context.Outcomes, tracedContext.Outcomes, context.Outcomes.Length);
            Array.Copy(context.Classifications, tracedContext.Classifications, context.Classifications.Length);
            Array.Copy(context.Scores, tracedContext.Scores, context.Scores.Length);
            // Only the outputs whose findings get an explanation or a list of missing facts are traced (all of
            // them with ExplainAll): an explanation reads the traced values of its own rule's nodes, and the lets
            // it uses are computed (and traced) by whichever traced rule needs them first.
            RunInOrder(tracedContext, traced.Rules, traced.Classifications, traced.Scores, null, output => (options.Explain && options.ExplainAll) || output switch
            {
                RuleSymbol r => context.Outcomes[r.Index] is RuleOutcome.Unknown || (options.Explain && context.Outcomes[r.Index] is RuleOutcome.Fail or RuleOutcome.Error),
                ClassificationSymbol c => context.Classifications[c.Index] is null,
                ScoreSymbol sc => double.IsNaN(context.Scores[sc.Index]),
                _ => false,
            });
            explain = new ExplanationBuilder(tracer, descriptor);
            var outputMissing = new Dictionary<OutputSymbol, IReadOnlyList<string>>();
            explain.OutputMissing = output =>
            {
                if (outputMissing.TryGetValue(output, out var known)) return known;
                outputMissing[output] = [];
                return outputMissing[output] = output switch
                {
                    ClassificationSymbol c => Missing(explain, Bound.Classifications[c.Index].Arms.Select(a => a.Condition).ToArray()),
                    ScoreSymbol s => Missing(explain, Bound.Scores[s.Index].Value),
                    _ => [],
                };
            };
        }

        var findings = new List<Finding>(Bound.Rules.Count);
        foreach (var rule in Bound.Rules)
        {
            var severity = options.Severity is null ? rule.Severity : options.Severity(rule);
            if (severity is null) continue;
            var outcome = context.Outcomes[rule.Symbol.Index];
            var finding = new Finding(rule, outcome, severity.Value);
            if (errors.TryGetValue(rule.Symbol.Index, out var error))
            {
                finding.Error = error.Message;
                finding.ErrorDiagnostic = RuntimeDiagnostic(rule, descriptor, error);
            }
            if (explain is not null)
            {
                if (outcome == RuleOutcome.Unknown) finding.MissingFacts = Missing(explain, rule.When, rule.Unless, rule.Require);
                if (options.Explain && (options.ExplainAll || outcome is RuleOutcome.Fail or RuleOutcome.Unknown or RuleOutcome.Error))
                {
                    finding.Explanation = ExplainRule(explain, rule);
                }
                if (options.Fixes && options.Explain && outcome is RuleOutcome.Fail or RuleOutcome.Unknown)
                {
                    var facts = new[] { rule.When, rule.Unless, rule.Require }.OfType<BoundExpr>().SelectMany(explain.Facts).ToList();
                    finding.Fixes = Counterfactuals.Find(this, descriptor, rule, facts);
                }
            }
            if (outcome is RuleOutcome.Fail or RuleOutcome.Unknown && rule.Message is not null) finding.Message = FormatMessage(rule, context);
            findings.Add(finding);
        }

        var classifications = Bound.Classifications.Select((c, i) => new ClassificationResult(c.Name, c.Title, context.Classifications[i],
            context.Classifications[i] is null && explain is not null ? Missing(explain, c.Arms.Select(a => a.Condition).ToArray()) : [])).ToList();
        var scores = Bound.Scores.Select((s, i) => new ScoreResult(s.Name, s.Title, double.IsNaN(context.Scores[i]) ? null : context.Scores[i],
            double.IsNaN(context.Scores[i]) && explain is not null ? Missing(explain, s.Value) : [])).ToList();

        return new Verdict(Name, descriptor.Path, descriptor.DisplayName, findings, classifications, scores,
            new Provenance(Sha256, descriptor.Sha256, EngineVersion));
    }

    /// <summary>A rule that faulted, as a diagnostic at the rule (PE0300), or at the match that ran over its time limit (PE0803).</summary>
    private static Diagnostic RuntimeDiagnostic(BoundRule rule, Descriptor descriptor, Exception error) => error is RegexTimeLimitException timeout
        ? Diagnostic.Create(DiagnosticDescriptors.RegexTimedOut, timeout.Location.Source is null ? rule.Location : timeout.Location,
            rule.Id, descriptor.Path, timeout.Pattern, (long)timeout.Limit.TotalMilliseconds)
        : Diagnostic.Create(DiagnosticDescriptors.RuntimeError, rule.Location, rule.Id, $"{error.Message} (descriptor '{descriptor.Path}')");

    private static IReadOnlyList<string> Missing(ExplanationBuilder explain, params BoundExpr?[] conditions)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var condition in conditions)
        {
            if (condition is not null) explain.CollectMissing(condition, missing);
        }
        return missing.ToList();
    }

    private static IReadOnlyList<ExplanationNode> ExplainRule(ExplanationBuilder explain, BoundRule rule)
    {
        var nodes = new List<ExplanationNode>();
        if (rule.When is not null) nodes.Add(explain.Build("when", rule.When));
        if (rule.Unless is not null) nodes.Add(explain.Build("unless", rule.Unless));
        if (rule.Require is not null) nodes.Add(explain.Build("require", rule.Require));
        return nodes;
    }

    private string FormatMessage(BoundRule rule, EvaluationContext context)
    {
        var delegates = _messages[rule].Value;
        var sb = new System.Text.StringBuilder();
        var index = 0;
        foreach (var part in rule.Message!.Parts)
        {
            if (part is string text)
            {
                sb.Append(text);
                continue;
            }
            var expr = (BoundExpr)part;
            try
            {
                var value = delegates[index](context);
                sb.Append(value is string s ? s : Values.Format(value, expr.Type));
            }
            catch (Exception e) when (IsRuntimeFault(e))
            {
                sb.Append("<error: ").Append(e.Message).Append('>');
            }
            index++;
        }
        return sb.ToString();
    }
}

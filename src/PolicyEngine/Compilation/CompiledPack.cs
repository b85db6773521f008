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
/// A policy pack compiled to delegates: one per rule (straight to an outcome), classification and score, in an
/// order where each output follows the outputs it reads. Traced twins are compiled on first use.
/// </summary>
public sealed class CompiledPack
{
    private readonly Func<EvaluationContext, RuleOutcome>[] _rules;
    private readonly Func<EvaluationContext, string?>[] _classifications;
    private readonly Func<EvaluationContext, double>[] _scores;
    private readonly Lazy<Traced> _traced;
    private readonly Dictionary<BoundRule, Func<EvaluationContext, object?>[]> _messages = new();

    internal CompiledPack(BoundPack bound, string sha256)
    {
        Bound = bound;
        Sha256 = sha256;
        var compiler = new ExpressionCompiler(traced: false, new List<BoundExpr>());
        _rules = bound.Rules.Select(r => compiler.Lambda<RuleOutcome>(compiler.Rule(r))).ToArray();
        _classifications = bound.Classifications.Select(c => compiler.Lambda<string?>(compiler.Classification(c))).ToArray();
        _scores = bound.Scores.Select(s => compiler.Lambda<double>(compiler.Compile(s.Value))).ToArray();
        foreach (var rule in bound.Rules.Where(r => r.Message is not null))
        {
            _messages[rule] = rule.Message!.Parts.OfType<BoundExpr>()
                .Select(e => compiler.Lambda<object?>(Expression.Convert(compiler.Compile(e), typeof(object))))
                .ToArray();
        }
        _traced = new Lazy<Traced>(() => LargeStack.Run(() => new Traced(bound)));
    }

    public BoundPack Bound { get; }
    public string Name => Bound.Name;

    /// <summary>SHA-256 of the pack's sources (its files and the files they import).</summary>
    public string Sha256 { get; }

    public static string EngineVersion { get; } =
        typeof(CompiledPack).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The traced delegates: the same code, noting every value and fact read.</summary>
    private sealed class Traced
    {
        public Traced(BoundPack bound)
        {
            var compiler = new ExpressionCompiler(traced: true, new List<BoundExpr>());
            Rules = bound.Rules.Select(r => compiler.Lambda<RuleOutcome>(compiler.Rule(r))).ToArray();
            Classifications = bound.Classifications.Select(c => compiler.Lambda<string?>(compiler.Classification(c))).ToArray();
            Scores = bound.Scores.Select(s => compiler.Lambda<double>(compiler.Compile(s.Value))).ToArray();
        }

        public Func<EvaluationContext, RuleOutcome>[] Rules { get; }
        public Func<EvaluationContext, string?>[] Classifications { get; }
        public Func<EvaluationContext, double>[] Scores { get; }
    }

    /// <summary>Computes the outcomes, classifications and scores on the fast path (no explanations).</summary>
    public void EvaluateOutcomes(EvaluationContext context) => RunInOrder(context, _rules, _classifications, _scores, null, _ => true);

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

    public EvaluationContext NewContext(Descriptor descriptor, Tracer? tracer = null) =>
        new(descriptor.Root, Bound.Rules.Count, Bound.Classifications.Count, Bound.Scores.Count, tracer);

    /// <summary>Evaluates the pack against a descriptor: outcomes, classifications, scores, explanations and the verdict.</summary>
    public Verdict Evaluate(Descriptor descriptor, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        var context = NewContext(descriptor);
        var errors = new Dictionary<int, Exception>();
        RunInOrder(context, _rules, _classifications, _scores, errors, _ => true);

        // Unknown outputs must name their missing facts, and explanations need values: re-run those traced.
        var needsTrace = options.Explain || context.Outcomes.Contains(RuleOutcome.Unknown) || context.Classifications.Contains(null) || context.Scores.Any(double.IsNaN);
        Tracer? tracer = null;
        ExplanationBuilder? explain = null;
        if (needsTrace)
        {
            tracer = new Tracer();
            var traced = _traced.Value;
            var tracedContext = NewContext(descriptor, tracer);
            Array.Copy(context.Outcomes, tracedContext.Outcomes, context.Outcomes.Length);
            Array.Copy(context.Classifications, tracedContext.Classifications, context.Classifications.Length);
            Array.Copy(context.Scores, tracedContext.Scores, context.Scores.Length);
            RunInOrder(tracedContext, traced.Rules, traced.Classifications, traced.Scores, null, output => options.Explain || output switch
            {
                RuleSymbol r => context.Outcomes[r.Index] == RuleOutcome.Unknown,
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
        var delegates = _messages[rule];
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

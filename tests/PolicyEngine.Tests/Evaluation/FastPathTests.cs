using PolicyEngine.Binding;
using PolicyEngine.Cli;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Evaluation;
using PolicyEngine.Runtime;
using PolicyEngine.Tests.Benchmarks;
using Record = PolicyEngine.Runtime.Record;

namespace PolicyEngine.Tests.Evaluation;

/// <summary>
/// The fast path (outputs compiled in segments, logic over operands that cannot fault evaluated without
/// branches, membership in literal lists unrolled, re-run output by output on a fault) against the traced
/// code, which is compiled one output at a time with every short-circuit: both must compute the same outputs.
/// </summary>
public class FastPathTests
{
    /// <summary>The traced per-output delegates of a pack, run in evaluation order as before segments existed.</summary>
    private sealed class TracedRun
    {
        private readonly CompiledPack _pack;
        private readonly Func<EvaluationContext, RuleOutcome>[] _rules;
        private readonly Func<EvaluationContext, string?>[] _classifications;
        private readonly Func<EvaluationContext, double>[] _scores;

        public TracedRun(CompiledPack pack)
        {
            _pack = pack;
            var compiler = new ExpressionCompiler(traced: true, new List<BoundExpr>());
            _rules = pack.Bound.Rules.Select(r => compiler.Lambda<RuleOutcome>(compiler.Rule(r))).ToArray();
            _classifications = pack.Bound.Classifications.Select(c => compiler.Lambda<string?>(compiler.Classification(c))).ToArray();
            _scores = pack.Bound.Scores.Select(s => compiler.Lambda<double>(compiler.Compile(s.Value))).ToArray();
        }

        public EvaluationContext Run(Record root)
        {
            var context = _pack.NewContext(root, new Tracer());
            foreach (var output in _pack.Bound.EvaluationOrder)
            {
                try
                {
                    switch (output)
                    {
                        case RuleSymbol r: context.Outcomes[r.Index] = _rules[r.Index](context); break;
                        case ClassificationSymbol c: context.Classifications[c.Index] = _classifications[c.Index](context); break;
                        case ScoreSymbol s: context.Scores[s.Index] = _scores[s.Index](context); break;
                    }
                }
                catch (Exception e) when (CompiledPack.IsRuntimeFault(e))
                {
                    switch (output)
                    {
                        case RuleSymbol r: context.Outcomes[r.Index] = RuleOutcome.Error; break;
                        case ClassificationSymbol c: context.Classifications[c.Index] = null; break;
                        case ScoreSymbol s: context.Scores[s.Index] = double.NaN; break;
                    }
                }
            }
            return context;
        }
    }

    private static void ShouldAgree(CompiledPack pack, TracedRun traced, Record root, EvaluationContext fast, string what)
    {
        fast.Reset(root);
        pack.EvaluateOutcomes(fast);
        var expected = traced.Run(root);
        fast.Outcomes.ShouldBe(expected.Outcomes, what);
        fast.Classifications.ShouldBe(expected.Classifications, what);
        fast.Scores.Select(BitConverter.DoubleToInt64Bits).ShouldBe(expected.Scores.Select(BitConverter.DoubleToInt64Bits), what);
    }

    public static IEnumerable<object[]> Packs =>
        PackDiscovery.Find(TestPaths.InRepository("rules")).Select(p => new object[] { Path.GetRelativePath(TestPaths.RepositoryRoot, p) });

    [Theory]
    [MemberData(nameof(Packs))]
    public void Shipped_packs_agree_with_the_traced_code_on_every_example_descriptor(string pack)
    {
        var compiled = PolicyCompiler.CompilePath(TestPaths.InRepository(pack)).Pack!;
        var descriptors = Directory.GetFiles(TestPaths.InRepository("examples", "descriptors"), "*.json").Order(StringComparer.Ordinal).ToList();
        descriptors.ShouldNotBeEmpty();
        var context = compiled.NewContext(new Record(compiled.Bound.Schema.Root, ""));
        var traced = new TracedRun(compiled);
        foreach (var file in descriptors)
        {
            var root = DescriptorLoader.LoadFile(file).Descriptor!.Root;
            ShouldAgree(compiled, traced, root, context, Path.GetFileName(file));
            // With facts missing: every fact of a nested object in turn (unknowns exercise the Kleene tables).
            foreach (var field in root.Shape.AllFields.Where(f => f.IsLeaf).Where((_, i) => i % 7 == 0))
            {
                var copy = root.Clone();
                switch (field.SlotKind)
                {
                    case Schema.SlotKind.Number: copy.Numbers[field.Slot] = double.NaN; break;
                    case Schema.SlotKind.Flag: copy.Flags[field.Slot] = Tri.Unknown; break;
                    case Schema.SlotKind.String: copy.Strings[field.Slot] = null; break;
                    default: copy.Lists[field.Slot] = null; break;
                }
                ShouldAgree(compiled, traced, copy, context, $"{Path.GetFileName(file)} without {field.Path}");
            }
        }
    }

    [Fact]
    public void Gating20_agrees_with_the_traced_code()
    {
        var pack = Gating20ChecksumTests.Pack.Value;
        var schema = Gating20ChecksumTests.Schema.Value;
        var context = pack.NewContext(new Record(schema.Root, ""));
        var traced = new TracedRun(pack);
        foreach (var (json, line) in File.ReadLines(Gating20ChecksumTests.CorpusPath).Select((j, i) => (j, i + 1)).Where(l => l.Item2 % 10 == 0))
        {
            ShouldAgree(pack, traced, DescriptorLoader.Load(json, "corpus.jsonl", schema).Descriptor!.Root, context, $"line {line}");
        }
    }

    private static CompiledPack Compile(string text)
    {
        var compilation = Harness.Compile(text);
        compilation.Diagnostics.Where(d => d.Severity == Diagnostics.DiagnosticSeverity.Error).ShouldBeEmpty();
        return compilation.Pack!;
    }

    [Fact]
    public void A_fault_in_the_middle_of_a_segment_is_pinned_to_its_rule()
    {
        var rules = string.Concat(Enumerable.Range(0, 40).Select(i => i == 17
            ? $"  rule R{i} \"r\" {{ cite \"c\" require model.training.tokens / 0 > 1 }}\n"
            : $"  rule R{i} \"r\" {{ cite \"c\" require model.general_purpose or true }}\n"));
        var pack = Compile("policy t \"T\" {\n" + rules + "  rule AFTER \"a\" { cite \"c\" require R17 is error and R16 is pass }\n}\n");
        var descriptor = Harness.TestModel;
        var verdict = pack.Evaluate(descriptor);
        verdict.Findings.Single(f => f.Rule.Id == "R17").Outcome.ShouldBe(RuleOutcome.Error);
        verdict.Findings.Single(f => f.Rule.Id == "R17").Error.ShouldBe("division by zero");
        verdict.Findings.Where(f => f.Rule.Id != "R17").ShouldAllBe(f => f.Outcome == RuleOutcome.Pass);

        var context = pack.NewContext(descriptor);
        pack.EvaluateOutcomes(context);
        context.Outcomes.Count(o => o == RuleOutcome.Error).ShouldBe(1);
    }

    [Fact]
    public void The_right_side_that_can_fault_is_not_evaluated_when_the_left_decides()
    {
        var pack = Compile("policy t \"T\" {\n  rule A \"a\" { cite \"c\" require false and 1 / 0 > 1 }\n  rule B \"b\" { cite \"c\" require true or 1 / 0 > 1 }\n" +
            "  rule C \"c\" { cite \"c\" require false implies 1 / 0 > 1 }\n  rule D \"d\" { cite \"c\" require true and 1 / 0 > 1 }\n}\n");
        var context = pack.NewContext(Harness.TestModel);
        pack.EvaluateOutcomes(context);
        context.Outcomes.ShouldBe([RuleOutcome.Fail, RuleOutcome.Pass, RuleOutcome.Pass, RuleOutcome.Error]);
    }

    [Fact]
    public void A_reused_context_forgets_the_lets_of_the_previous_descriptor()
    {
        var pack = Compile("policy t \"T\" {\n  let big = model.training.compute_flop > 1e25\n  rule R \"r\" { cite \"c\" require big }\n}\n");
        var field = pack.Bound.Schema.Root.Find("model.training.compute_flop")!;
        var small = Harness.TestModel.Root.Clone();
        small.Numbers[field.Slot] = 1e20;
        var large = Harness.TestModel.Root.Clone();
        large.Numbers[field.Slot] = 1e26;
        var context = pack.NewContext(small);
        pack.EvaluateOutcomes(context);
        context.Outcomes[0].ShouldBe(RuleOutcome.Fail);
        context.Reset(large);
        pack.EvaluateOutcomes(context);
        context.Outcomes[0].ShouldBe(RuleOutcome.Pass);
        context.Root = small;
        pack.EvaluateOutcomes(context);
        context.Outcomes[0].ShouldBe(RuleOutcome.Fail);
    }
}

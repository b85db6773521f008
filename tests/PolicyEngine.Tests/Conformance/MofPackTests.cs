using PolicyEngine.Binding;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Evaluation;
using PolicyEngine.Runtime;
using Shouldly;
using Xunit;

namespace PolicyEngine.Tests.Conformance;

/// <summary>
/// Runs the <c>test</c> blocks of rules/mof (a given descriptor and expectations over rule outcomes,
/// classifications, scores and the verdict) and checks that every rule of the pack is exercised by one.
/// </summary>
public class MofPackTests
{
    private static readonly Lazy<CompiledPack> Pack = new(() =>
    {
        var compilation = PolicyCompiler.CompilePath(MofPaths.Pack);
        compilation.Diagnostics.ShouldBeEmpty(string.Join("\n", compilation.Diagnostics));
        return compilation.Pack!;
    });

    public static TheoryData<string> Tests() => new(Pack.Value.Bound.Tests.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Tests))]
    public void Pack_test_holds(string name)
    {
        var pack = Pack.Value;
        var test = pack.Bound.Tests.Single(t => t.Name == name);
        test.Changes.ShouldBeEmpty("this runner supports 'given' and 'expect' only");
        var loaded = DescriptorLoader.LoadFile(test.GivenPath.ShouldNotBeNull());
        loaded.Diagnostics.ShouldBeEmpty(string.Join("\n", loaded.Diagnostics));

        var verdict = pack.Evaluate(loaded.Descriptor!);

        // The expectations read the outputs as the verdict reports them.
        var context = pack.NewContext(loaded.Descriptor!);
        foreach (var finding in verdict.Findings) context.Outcomes[finding.Rule.Symbol.Index] = finding.Outcome;
        for (var i = 0; i < verdict.Classifications.Count; i++) context.Classifications[i] = verdict.Classifications[i].Label;
        for (var i = 0; i < verdict.Scores.Count; i++) context.Scores[i] = verdict.Scores[i].Value ?? double.NaN;
        context.Verdict = verdict.Kind.Text();

        var compiler = new ExpressionCompiler(traced: false, []);
        foreach (var expectation in test.Expectations)
        {
            var holds = compiler.Lambda<Tri>(compiler.Compile(expectation.Condition))(context);
            holds.ShouldBe(Tri.True, $"expect {test.Tree.Source[expectation.Span]} (line {test.Tree.Source.GetPosition(expectation.Span.Start).Line + 1}); " +
                string.Join(", ", verdict.Classifications.Select(c => $"{c.Name} = {c.Label ?? "unknown"}").Concat(verdict.Scores.Select(s => $"{s.Name} = {s.Value:R}"))));
        }
    }

    [Fact]
    public void Every_rule_is_expected_by_a_test()
    {
        var pack = Pack.Value;
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expectation in pack.Bound.Tests.SelectMany(t => t.Expectations))
        {
            var stack = new Stack<BoundExpr>([expectation.Condition]);
            while (stack.TryPop(out var node))
            {
                if (node is BoundOutputReference { Output: RuleSymbol rule }) expected.Add(rule.Name);
                foreach (var child in node.Children) stack.Push(child);
            }
        }
        pack.Bound.Rules.Select(r => r.Id).Where(id => !expected.Contains(id)).ShouldBeEmpty();
    }
}

using System.Text;
using PolicyEngine.Cli;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Evaluation;
using PolicyEngine.Tests.Benchmarks;

namespace PolicyEngine.Tests.Evaluation;

/// <summary>
/// Explanations trace only the rules that get one (fail, unknown, error); with ExplainAll every output is traced.
/// The proofs and missing facts of those findings must not depend on which other outputs were traced.
/// </summary>
public class ExplanationTests
{
    private static void Print(StringBuilder sb, ExplanationNode node, int depth)
    {
        sb.Append(' ', depth * 2).Append(node.Role).Append('|').Append(node.Expression).Append('=').Append(node.Value);
        foreach (var f in node.Facts) sb.Append(" [").Append(f.Path).Append('=').Append(f.Value).Append(" l").Append(f.Line).Append(' ').Append(f.Source).Append(f.Missing ? " missing" : "").Append(']');
        sb.Append('\n');
        foreach (var part in node.Parts) Print(sb, part, depth + 1);
    }

    private static string Describe(Verdict verdict, bool onlyExplained, bool proofs = true)
    {
        var sb = new StringBuilder();
        foreach (var finding in verdict.Findings)
        {
            if (onlyExplained && finding.Outcome is not (RuleOutcome.Fail or RuleOutcome.Unknown or RuleOutcome.Error)) continue;
            sb.Append(finding.Rule.Id).Append(' ').Append(finding.Outcome.Text()).Append(" missing: ").Append(string.Join(",", finding.MissingFacts))
                .Append(" message: ").Append(finding.Message).Append(" error: ").Append(finding.Error).Append('\n');
            if (proofs) foreach (var node in finding.Explanation) Print(sb, node, 1);
        }
        foreach (var c in verdict.Classifications) sb.Append(c.Name).Append('=').Append(c.Label).Append(" missing: ").Append(string.Join(",", c.MissingFacts)).Append('\n');
        foreach (var s in verdict.Scores) sb.Append(s.Name).Append('=').Append(s.Value).Append(" missing: ").Append(string.Join(",", s.MissingFacts)).Append('\n');
        return sb.ToString();
    }

    public static IEnumerable<object[]> Packs =>
        PackDiscovery.Find(TestPaths.InRepository("rules")).Select(p => new object[] { Path.GetRelativePath(TestPaths.RepositoryRoot, p) });

    [Theory]
    [MemberData(nameof(Packs))]
    public void Proofs_do_not_depend_on_which_other_rules_were_traced(string pack)
    {
        var compiled = PolicyCompiler.CompilePath(TestPaths.InRepository(pack)).Pack!;
        foreach (var file in Directory.GetFiles(TestPaths.InRepository("examples", "descriptors"), "*.json").Order(StringComparer.Ordinal))
        {
            var descriptor = DescriptorLoader.LoadFile(file).Descriptor!;
            var explained = compiled.Evaluate(descriptor, new EvaluationOptions { Explain = true });
            var all = compiled.Evaluate(descriptor, new EvaluationOptions { Explain = true, ExplainAll = true });
            Describe(explained, onlyExplained: true).ShouldBe(Describe(all, onlyExplained: true), Path.GetFileName(file));
            explained.Findings.Where(f => f.Outcome is RuleOutcome.Pass or RuleOutcome.NotApplicable).ShouldAllBe(f => f.Explanation.Count == 0);
            Describe(compiled.Evaluate(descriptor), onlyExplained: false, proofs: false).ShouldBe(Describe(explained, onlyExplained: false, proofs: false));
        }
    }

    [Fact]
    public void Gating20_proofs_do_not_depend_on_which_other_rules_were_traced()
    {
        var pack = Gating20ChecksumTests.Pack.Value;
        foreach (var json in File.ReadLines(Gating20ChecksumTests.CorpusPath).Where((_, i) => i % 50 == 0))
        {
            var descriptor = DescriptorLoader.Load(json, "corpus.json", Gating20ChecksumTests.Schema.Value).Descriptor!;
            Describe(pack.Evaluate(descriptor, new EvaluationOptions { Explain = true }), onlyExplained: true)
                .ShouldBe(Describe(pack.Evaluate(descriptor, new EvaluationOptions { Explain = true, ExplainAll = true }), onlyExplained: true));
        }
    }
}

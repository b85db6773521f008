using PolicyEngine.Compilation;
using PolicyEngine.Configuration;
using PolicyEngine.Descriptors;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;

namespace PolicyEngine.Tests.Reporting;

/// <summary>A verdict written straight to JSON text (the lines of --format jsonl) and through a token tree (the verdicts
/// of the JSON report) gives the same bytes: numbers, escapes, nulls and nesting.</summary>
public class VerdictJsonWriterTests
{
    private static string ObjectModel(EvaluationEntry entry, FailOn failOn) =>
        JsonWriter.VerdictJson(entry, failOn).ToString(Newtonsoft.Json.Formatting.None);

    [Fact]
    public void Every_shipped_pack_on_every_example_gives_the_same_bytes_with_proofs_fixes_and_waivers()
    {
        var packs = Directory.GetDirectories(TestPaths.InRepository("rules"))
            .Where(d => PolicyCompiler.PackFiles(d).Count > 0)
            .Select(d => (Path: d, Pack: PolicyCompiler.CompilePath(d).Pack!))
            .ToList();
        var descriptors = Directory.GetFiles(TestPaths.InRepository("examples", "descriptors"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => DescriptorLoader.LoadFile(f).Descriptor!)
            .ToList();
        packs.Count.ShouldBeGreaterThan(5);
        descriptors.Count.ShouldBe(20);

        var compared = 0;
        var waived = 0;
        foreach (var (path, pack) in packs)
        {
            // Waive every rule of the pack, so waived findings (with justification, owner, expiry) are printed too.
            var waivers = string.Join(",\n", pack.Bound.Rules.Select(r =>
                $$"""{ "rule": "{{r.Id}}", "descriptor": "*", "justification": "accepted \"risk\" ü", "owner": "board", "expires": "2099-12-31" }"""));
            var (configuration, problems) = PolicyConfiguration.Parse($$"""{ "waivers": [ {{waivers}} ] }""", "policyengine.json");
            problems.ShouldBeEmpty();
            foreach (var descriptor in descriptors)
            {
                foreach (var explain in new[] { false, true })
                {
                    var verdict = pack.Evaluate(descriptor, new EvaluationOptions { Explain = explain, Fixes = explain });
                    if (explain) configuration!.ApplyWaivers(verdict, descriptor, new DateOnly(2026, 11, 25));
                    waived += verdict.Findings.Count(f => f.Outcome == RuleOutcome.Waived);
                    var entry = new EvaluationEntry(verdict, path, pack, descriptor);
                    foreach (var failOn in Enum.GetValues<FailOn>())
                    {
                        VerdictJsonWriter.Line(entry, failOn).ShouldBe(ObjectModel(entry, failOn), $"{path} × {descriptor.Path}, explain {explain}, fail-on {failOn}");
                        compared++;
                    }
                }
            }
        }
        compared.ShouldBe(packs.Count * descriptors.Count * 2 * 3);
        waived.ShouldBeGreaterThan(0);
    }
}

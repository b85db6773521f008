using PolicyEngine.Cli;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;

namespace PolicyEngine.Tests.Packs;

/// <summary>Every shipped pack compiles without warnings, its test blocks pass, and together they reference at least 90% of rules.</summary>
public class ShippedPackTests
{
    public static IEnumerable<object[]> Packs =>
        PackDiscovery.Find(TestPaths.InRepository("rules")).Select(p => new object[] { Path.GetRelativePath(TestPaths.RepositoryRoot, p) });

    [Theory]
    [MemberData(nameof(Packs))]
    public void CompilesCleanlyAndItsTestsPass(string pack)
    {
        var compilation = PolicyCompiler.CompilePath(TestPaths.InRepository(pack));
        compilation.Diagnostics.ShouldBeEmpty(string.Join("\n", compilation.Diagnostics));
        var run = TestRunner.Run(compilation.Pack!);
        var failures = run.Results.Where(r => !r.Passed)
            .Select(r => $"{r.Name}: {r.Error}{string.Join("; ", r.Expectations.Where(e => !e.Passed).Select(e => $"expect {e.Expression} — actual {e.Actual}"))}");
        failures.ShouldBeEmpty();
        run.Results.ShouldNotBeEmpty();
    }

    [Fact]
    public void TestsReferenceAtLeastNinetyPercentOfShippedRules()
    {
        var coverage = PackDiscovery.Find(TestPaths.InRepository("rules"))
            .Select(p => PolicyCompiler.CompilePath(p).Pack!)
            .SelectMany(p => TestRunner.Run(p).Coverage)
            .ToList();
        coverage.Count.ShouldBeGreaterThan(50);
        var uncovered = coverage.Where(c => !c.Referenced).Select(c => c.RuleId).ToList();
        ((double)(coverage.Count - uncovered.Count) / coverage.Count).ShouldBeGreaterThanOrEqualTo(0.9, string.Join(", ", uncovered));
    }

    [Fact]
    public void RuleIdsAreUniqueAcrossShippedPacks()
    {
        var ids = PackDiscovery.Find(TestPaths.InRepository("rules"))
            .SelectMany(p => PolicyCompiler.CompilePath(p).Bound!.Rules.Select(r => r.Id))
            .ToList();
        ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
    }
}

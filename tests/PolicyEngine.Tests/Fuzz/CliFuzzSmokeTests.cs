using PolicyEngine.Fuzz.Running;

namespace PolicyEngine.Tests.Fuzz;

/// <summary>The CI smoke of the command-line target: 10,000 argument vectors, in two worker processes (each runs the
/// command in its own fixture folder, its current directory, which a test host shared with other tests cannot be).</summary>
public class CliFuzzSmokeTests
{
    [Fact]
    public void TenThousandArgumentVectorsCrashNothing()
    {
        var result = FuzzSmoke.Run(new CampaignOptions { Target = "cli", Count = 10_000, Seed = FuzzSmoke.Seed, Jobs = 2, TimeBound = TimeSpan.FromSeconds(15) });
        result.Runs.ShouldBe(10_000);
        result.Notes.Keys.ShouldBeSubsetOf(["exit-0", "exit-1", "exit-2"]);
        result.Notes.GetValueOrDefault("exit-0").ShouldBeGreaterThan(500);
        result.Notes.GetValueOrDefault("exit-1").ShouldBeGreaterThan(10);
    }
}

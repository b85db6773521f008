using PolicyEngine.Fuzz.Running;

namespace PolicyEngine.Tests.Fuzz;

/// <summary>The CI smoke of the policy target: 10,000 generated and mutated policy texts, in this process.</summary>
public class PolicyFuzzSmokeTests
{
    [Fact]
    public void TenThousandPolicyTextsCrashNothing()
    {
        var result = FuzzSmoke.Run(new CampaignOptions { Target = "policy", Count = 10_000, Seed = FuzzSmoke.Seed, InProcess = true, TimeBound = TimeSpan.FromSeconds(5) });
        result.Runs.ShouldBe(10_000);
        // The generator gets most texts through to the compiler and evaluator, not just the parser.
        result.Notes.GetValueOrDefault("compiled").ShouldBeGreaterThan(2_000);
    }

    [Fact]
    public void ABatchRunsInWorkerProcesses()
    {
        var result = FuzzSmoke.Run(new CampaignOptions { Target = "policy", Count = 300, Seed = FuzzSmoke.Seed + 1, Jobs = 2, TimeBound = TimeSpan.FromSeconds(5) });
        result.Runs.ShouldBe(300);
    }
}

using PolicyEngine.Fuzz;
using PolicyEngine.Fuzz.Running;

namespace PolicyEngine.Tests.Fuzz;

/// <summary>Runs a campaign of the fuzz harness (tools/PolicyEngine.Fuzz) and fails with its crash reports.</summary>
internal static class FuzzSmoke
{
    /// <summary>The seed of the CI smoke. The documented long run (docs/robustness.md) uses others.</summary>
    public const long Seed = 20_261_125;

    public static CampaignResult Run(CampaignOptions options)
    {
        var output = Directory.CreateTempSubdirectory($"pe-fuzz-{options.Target}-").FullName;
        try
        {
            var result = new Campaign(options with { OutputDirectory = output }).Run();
            if (result.Crashes.Count > 0)
            {
                var reports = Directory.GetFiles(output, "*.txt").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText);
                throw new ShouldAssertException(result.Summary() + "\n" + string.Join("\n\n", reports.Select(r => r.Length > 6000 ? r[..6000] + "…" : r)));
            }
            return result;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

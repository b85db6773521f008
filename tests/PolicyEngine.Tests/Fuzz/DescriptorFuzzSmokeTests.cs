using System.Text;
using PolicyEngine.Fuzz.Running;

namespace PolicyEngine.Tests.Fuzz;

/// <summary>The CI smoke of the descriptor target: 10,000 JSON and YAML descriptors, in this process.</summary>
public class DescriptorFuzzSmokeTests
{
    [Fact]
    public void TenThousandDescriptorsCrashNothing()
    {
        var result = FuzzSmoke.Run(new CampaignOptions { Target = "descriptor", Count = 10_000, Seed = FuzzSmoke.Seed, InProcess = true, TimeBound = TimeSpan.FromSeconds(5) });
        result.Runs.ShouldBe(10_000);
        (result.Notes.GetValueOrDefault("loaded") + result.Notes.GetValueOrDefault("loaded-with-warnings")).ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public void ABatchRunsInWorkerProcesses()
    {
        var result = FuzzSmoke.Run(new CampaignOptions { Target = "descriptor", Count = 500, Seed = FuzzSmoke.Seed + 1, Jobs = 2, TimeBound = TimeSpan.FromSeconds(5) });
        result.Runs.ShouldBe(500);
    }

    /// <summary>The hard cases the issue names are all among the generated inputs.</summary>
    [Fact]
    public void TheGeneratorMakesEveryHardCase()
    {
        var cases = Enumerable.Range(0, 10_000).Select(i => Generation.Generate("descriptor", FuzzSmoke.Seed, i)).ToList();
        var texts = cases.Select(c => Encoding.UTF8.GetString(c.Data)).ToList();
        bool Some(Func<PolicyEngine.Fuzz.FuzzCase, string, bool> test) => cases.Zip(texts).Any(p => test(p.First, p.Second));

        Some((c, _) => c.Name.EndsWith(".json", StringComparison.Ordinal)).ShouldBeTrue("JSON");
        Some((c, _) => c.Name.EndsWith(".yaml", StringComparison.Ordinal) || c.Name.EndsWith(".yml", StringComparison.Ordinal)).ShouldBeTrue("YAML");
        Some((_, t) => t.Contains(new string('[', 100_000), StringComparison.Ordinal)).ShouldBeTrue("nesting to 100,000 levels");
        Some((_, t) => t.Contains("1e309", StringComparison.Ordinal) || t.Contains("1e308", StringComparison.Ordinal)).ShouldBeTrue("huge numbers");
        Some((_, t) => t.Contains("5e-324", StringComparison.Ordinal) || t.Contains("1e-400", StringComparison.Ordinal)).ShouldBeTrue("tiny numbers");
        Some((_, t) => t.Contains("\"NaN\"", StringComparison.Ordinal)).ShouldBeTrue("NaN as a string");
        Some((_, t) => t.Contains("\"Infinity\"", StringComparison.Ordinal) || t.Contains("\"-Infinity\"", StringComparison.Ordinal)).ShouldBeTrue("infinities as strings");
        Some((c, _) => c.Data.Length >= 3 && c.Data[0] == 0xEF && c.Data[1] == 0xBB && c.Data[2] == 0xBF).ShouldBeTrue("a BOM");
        Some((c, _) => !IsUtf8(c.Data)).ShouldBeTrue("invalid UTF-8");
        Some((_, t) => t.Contains(new string('x', 1_000), StringComparison.Ordinal)).ShouldBeTrue("a very long string");
        Some((_, t) => t.Contains("\"descriptor_version\": \"0.1\", \"descriptor_version\"", StringComparison.Ordinal) || HasDuplicateKey(t)).ShouldBeTrue("duplicate keys");
        Some((_, t) => t.Contains("\"components\": [{\"released\": \"true\"}]", StringComparison.Ordinal) || t.Contains("\"released\": 1", StringComparison.Ordinal)).ShouldBeTrue("a wrong type inside a list item");
    }

    private static bool HasDuplicateKey(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return Duplicates(document.RootElement);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        static bool Duplicates(System.Text.Json.JsonElement e) => e.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Object => e.EnumerateObject().GroupBy(p => p.Name).Any(g => g.Count() > 1) || e.EnumerateObject().Any(p => Duplicates(p.Value)),
            System.Text.Json.JsonValueKind.Array => e.EnumerateArray().Any(Duplicates),
            _ => false,
        };
    }

    private static bool IsUtf8(byte[] data)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetString(data);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}

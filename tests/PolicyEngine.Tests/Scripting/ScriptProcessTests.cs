using PolicyEngine.Tests.Cli;

namespace PolicyEngine.Tests.Scripting;

/// <summary>
/// Scripts through the real tool: opt-in, and Roslyn's assemblies loaded only when a pack has a script that is not
/// in the cache yet. Child processes, because this test process loads Roslyn for other tests.
/// </summary>
public class ScriptProcessTests
{
    private const string Pack = "examples/policies/compute-estimate.policy";
    private const string Descriptor = "examples/descriptors/falcon-180b.json";

    private static CliResult Run(string cache, params string[] args) =>
        ProcessRunner.RunWith(null, new Dictionary<string, string> { ["POLICYENGINE_DEBUG_LOADED_ASSEMBLIES"] = "1", ["POLICYENGINE_CACHE_DIR"] = cache }, args);

    private static IReadOnlyList<string> Loaded(CliResult result) =>
        result.Stderr.Split('\n').Where(l => l.StartsWith("loaded assembly: ", StringComparison.Ordinal)).Select(l => l["loaded assembly: ".Length..].Trim()).ToList();

    private static string NewCache() => Path.Combine(Path.GetTempPath(), "policyengine-tests", "process-cache-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void WithoutScriptsNeitherRoslynNorTheScriptHostIsLoaded()
    {
        var result = Run(NewCache(), "eval", "examples/descriptors/llama-3.1-405b.json", "--policy", "rules/eu-ai-act", "--explain");
        result.ExitCode.ShouldBeOneOf([0, 1], result.All);
        result.Stdout.ShouldContain("rules/eu-ai-act");
        var loaded = Loaded(result);
        loaded.ShouldContain("PolicyEngine");
        loaded.ShouldNotContain(a => a.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), string.Join(", ", loaded));
        loaded.ShouldNotContain("PolicyEngine.Scripting");
    }

    [Fact]
    public void AScriptIsCompiledOnceThenLoadedFromTheCacheWithoutRoslyn()
    {
        var cache = NewCache();
        try
        {
            var cold = Run(cache, "eval", Descriptor, "--policy", Pack, "--allow-scripts", "--all");
            cold.ExitCode.ShouldBe(0, cold.All);
            cold.Stdout.ShouldContain("COMPUTE-1");
            Loaded(cold).ShouldContain("Microsoft.CodeAnalysis.CSharp");

            var warm = Run(cache, "eval", Descriptor, "--policy", Pack, "--allow-scripts", "--all");
            warm.ExitCode.ShouldBe(0, warm.All);
            warm.Stdout.ShouldBe(cold.Stdout);
            var loaded = Loaded(warm);
            loaded.ShouldContain("PolicyEngine.Scripting");
            loaded.ShouldNotContain(a => a.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), string.Join(", ", loaded));
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void WithoutOptInTheScriptIsAnErrorAndNothingRuns()
    {
        var result = Run(NewCache(), "eval", Descriptor, "--policy", Pack);
        result.ExitCode.ShouldBe(2, result.All);
        result.Stderr.ShouldContain("compute-estimate.policy(10,70): error PE0700: 'estimated_compute' is a C# script, and scripts are off");
        Loaded(result).ShouldNotContain(a => a.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Loaded(result).ShouldNotContain("PolicyEngine.Scripting");
    }

    [Fact]
    public void TheExamplesTestsPassWithScriptsAllowed()
    {
        var cache = NewCache();
        try
        {
            var result = Run(cache, "test", Pack, "--allow-scripts");
            result.ExitCode.ShouldBe(0, result.All);
            result.Stdout.ShouldContain("4 tests, 4 passed, 0 failed");
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }
}

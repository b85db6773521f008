using PolicyEngine.Scripting;
using PolicyEngine.Scripting.CSharp;
using Xunit.Abstractions;

namespace PolicyEngine.Tests.Scripting;

[CollectionDefinition(nameof(RoslynCounter), DisableParallelization = true)]
public sealed class RoslynCounter;

/// <summary>Compiled scripts are kept on disk by content hash: the second compile skips Roslyn; the cache is safe to delete.</summary>
[Collection(nameof(RoslynCounter))]
public class ScriptCacheTests(ITestOutputHelper output)
{
    private static ScriptSource Source(string marker) =>
        new("f", [new ScriptParameter("x", new ScriptType(ScriptValueKind.Number, false))], new ScriptType(ScriptValueKind.Number, false),
            "{ return x + 1; // " + marker + "\n}");

    [Fact]
    public void TheSecondCompileComesFromTheDiskCacheWithoutRoslyn()
    {
        var cache = Path.Combine(Path.GetTempPath(), "policyengine-tests", "cache-" + Guid.NewGuid().ToString("N"));
        var settings = new ScriptSettings { Allowed = true, CacheDirectory = cache, Timeout = TimeSpan.FromSeconds(2) };
        var source = Source(Guid.NewGuid().ToString("N"));
        var host = new CSharpScriptHost();
        try
        {
            var before = CSharpScriptHost.RoslynCompilations;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var first = host.Compile(source, settings);
            var cold = watch.Elapsed;
            first.Issues.ShouldBeEmpty();
            first.FromCache.ShouldBeFalse();
            CSharpScriptHost.RoslynCompilations.ShouldBe(before + 1);
            var entry = Directory.GetFiles(cache).ShouldHaveSingleItem();
            Path.GetFileName(entry).ShouldMatch("^[0-9a-f]{64}\\.dll$");

            // A new process (simulated by forgetting what is loaded) reads the cache instead of compiling.
            CSharpScriptHost.ForgetLoaded();
            watch.Restart();
            var second = host.Compile(source, settings);
            var warm = watch.Elapsed;
            output.WriteLine($"cold {cold.TotalMilliseconds:0} ms, from the cache {warm.TotalMilliseconds:0} ms");
            second.FromCache.ShouldBeTrue();
            CSharpScriptHost.RoslynCompilations.ShouldBe(before + 1);
            second.Function!.Invoke([41.0]).ShouldBe(42.0);

            // Deleting the cache is safe: the script is compiled again.
            Directory.Delete(cache, recursive: true);
            CSharpScriptHost.ForgetLoaded();
            var third = host.Compile(source, settings);
            third.FromCache.ShouldBeFalse();
            CSharpScriptHost.RoslynCompilations.ShouldBe(before + 2);
            File.Exists(entry).ShouldBeTrue();

            // A corrupt entry is replaced, not trusted.
            File.WriteAllText(entry, "not an assembly");
            CSharpScriptHost.ForgetLoaded();
            var fourth = host.Compile(source, settings);
            fourth.FromCache.ShouldBeFalse();
            fourth.Function!.Invoke([1.0]).ShouldBe(2.0);
            CSharpScriptHost.RoslynCompilations.ShouldBe(before + 3);
            new FileInfo(entry).Length.ShouldBeGreaterThan(100);
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void ADifferentScriptIsADifferentEntry()
    {
        var cache = Path.Combine(Path.GetTempPath(), "policyengine-tests", "cache-" + Guid.NewGuid().ToString("N"));
        var settings = new ScriptSettings { Allowed = true, CacheDirectory = cache };
        try
        {
            var host = new CSharpScriptHost();
            host.Compile(Source("a" + Guid.NewGuid()), settings).Issues.ShouldBeEmpty();
            host.Compile(Source("b" + Guid.NewGuid()), settings).Issues.ShouldBeEmpty();
            Directory.GetFiles(cache, "*.dll").Length.ShouldBe(2);
            Directory.GetFiles(cache, "*.tmp").ShouldBeEmpty();
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void AScriptWithIssuesIsNotCached()
    {
        var cache = Path.Combine(Path.GetTempPath(), "policyengine-tests", "cache-" + Guid.NewGuid().ToString("N"));
        var settings = new ScriptSettings { Allowed = true, CacheDirectory = cache };
        var source = Source("x") with { Code = "{ return System.IO.File.ReadAllText(\"/etc/passwd\").Length; }" };
        new CSharpScriptHost().Compile(source, settings).Issues.ShouldHaveSingleItem().Kind.ShouldBe(ScriptIssueKind.ForbiddenApi);
        Directory.Exists(cache).ShouldBeFalse();
    }
}

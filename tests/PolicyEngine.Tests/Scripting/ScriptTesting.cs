using PolicyEngine.Compilation;
using PolicyEngine.Evaluation;
using PolicyEngine.Scripting;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Scripting;

/// <summary>Compiles policies with script functions: scripts allowed, a cache folder of the test run's own.</summary>
public static class ScriptTesting
{
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "policyengine-tests", "scripts-" + Environment.ProcessId);

    /// <summary>Commands run in-process or as child processes keep their compiled scripts in the test run's folder, not the user's cache.</summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void UseTestCache()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POLICYENGINE_CACHE_DIR")))
            Environment.SetEnvironmentVariable("POLICYENGINE_CACHE_DIR", CacheDirectory);
    }

    public static ScriptSettings Allowed(int timeoutMs = 2000) =>
        new() { Allowed = true, CacheDirectory = CacheDirectory, Timeout = TimeSpan.FromMilliseconds(timeoutMs) };

    public const string Prefix = "policy scripted {\n  fn attack(x: number): number = csharp ";

    /// <summary>A policy whose function 'attack' has the given C# block, used by rule R; and the block's offset in it.</summary>
    public static (string Text, int BlockStart) Policy(string block) =>
        (Prefix + block + "\n  rule R \"r\" {\n    cite \"c\"\n    require attack(1) > 0\n  }\n}\n", Prefix.Length);

    public static PackCompilation Compile(string text, ScriptSettings? settings = null, string path = "scripted.policy") =>
        PolicyCompiler.Compile("scripted", [new SourceText(text, path)], new CompilationOptions { Scripts = settings ?? Allowed() });

    public static Finding Evaluate(PackCompilation compilation)
    {
        compilation.Success.ShouldBeTrue(string.Join("\n", compilation.Diagnostics));
        return compilation.Pack!.Evaluate(Harness.TestModel).Findings.Single();
    }
}

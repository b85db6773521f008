using System.Diagnostics;

namespace PolicyEngine.Tests.Cli;

/// <summary>Runs the built policyengine tool as a real process (the way CI and users run it).</summary>
public static class ProcessRunner
{
    public static string ToolPath { get; } = Path.Combine(AppContext.BaseDirectory, "PolicyEngine.Cli.dll");

    public static CliResult RunWith(string? stdin, IDictionary<string, string>? environment, params string[] args) =>
        RunHost(null, ToolPath, stdin, environment?.ToDictionary(e => e.Key, e => (string?)e.Value), args);

    /// <summary>Runs an assembly with <c>dotnet exec</c>, optionally with another runtime configuration (to run the tool
    /// without invariant globalization, for instance). Environment values that are null are removed.</summary>
    public static CliResult RunHost(string? runtimeConfig, string assembly, string? stdin, IDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (runtimeConfig is not null)
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add("--runtimeconfig");
            start.ArgumentList.Add(runtimeConfig);
            start.ArgumentList.Add("--depsfile");
            start.ArgumentList.Add(Path.ChangeExtension(assembly, ".deps.json"));
        }
        start.ArgumentList.Add(assembly);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(assembly)} {string.Join(' ', args)} did not finish in 60 s");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static CliResult Run(params string[] args) => RunWith(null, null, args);
}

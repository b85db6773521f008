using System.CommandLine;
using PolicyEngine.Compilation;
using PolicyEngine.Configuration;
using PolicyEngine.Scripting;

namespace PolicyEngine.Cli.Commands;

/// <summary>
/// <c>--allow-scripts</c> and <c>--script-timeout</c>, shared by the verbs that compile packs. Scripts are also allowed
/// by <c>"allowScripts": true</c> in the <c>policyengine.json</c> of the working directory (or a folder above it), or in
/// the file given with <c>--config</c>; a configuration beside a pack does not opt anyone in.
/// </summary>
public sealed class ScriptOptions
{
    public Option<bool> Allow { get; } = new("--allow-scripts")
    {
        Description = "Allow C# script functions (fn f(…): T = csharp { … }): checked against an allow-list, then run sandboxed and time-limited. Also \"allowScripts\": true in policyengine.json.",
    };

    public Option<int?> Timeout { get; } = new("--script-timeout")
    {
        Description = "Time limit of one script call, in milliseconds (default 100); a call that runs over makes its rule an error.",
    };

    public ScriptOptions()
    {
        Timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0) result.AddError("--script-timeout must be a positive number of milliseconds");
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Allow);
        command.Options.Add(Timeout);
    }

    /// <summary>The compilation options of a run: scripts allowed by the flag or the configuration, with its limits.</summary>
    public CompilationOptions Compilation(ParseResult parse, string? configPath = null)
    {
        configPath ??= PolicyConfiguration.FindFor(Path.Combine(Directory.GetCurrentDirectory(), PolicyConfiguration.FileName));
        var configuration = configPath is not null && File.Exists(configPath) ? PolicyConfiguration.Load(configPath).Configuration : null;
        var allowed = parse.GetValue(Allow) || configuration?.AllowScripts == true;
        var timeout = parse.GetValue(Timeout) ?? configuration?.ScriptTimeoutMs;
        if (!allowed && timeout is null) return CompilationOptions.Default;
        var settings = new ScriptSettings { Allowed = allowed };
        if (timeout is { } ms) settings = settings with { Timeout = TimeSpan.FromMilliseconds(ms) };
        return new CompilationOptions { Scripts = settings };
    }
}

using System.Diagnostics;
using PolicyEngine.Fuzz.Targets;

namespace PolicyEngine.Fuzz.Running;

/// <summary>Runs one case against a target in this process: an escaping exception or an oracle problem is a crash.</summary>
public static class Execution
{
    public static ITarget CreateTarget(string name, Fixtures fixtures) => name switch
    {
        "policy" => new PolicyTarget(fixtures),
        "descriptor" => new DescriptorTarget(),
        "cli" => new CliTarget(fixtures),
        "selftest" => new SelfTestTarget(),
        _ => throw new ArgumentException($"no target '{name}'", nameof(name)),
    };

    public static CaseResult Execute(ITarget target, FuzzCase input)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var (note, problem) = target.Run(input);
            var ms = stopwatch.Elapsed.TotalMilliseconds;
            return problem is null ? CaseResult.Pass(ms, note) : CaseResult.Fail(CrashKinds.BadOutput, problem, ms);
        }
        catch (Exception e)
        {
            return CaseResult.Fail(CrashKinds.Exception, e.ToString(), stopwatch.Elapsed.TotalMilliseconds);
        }
    }
}

using System.Text;
using PolicyEngine.Fuzz;
using PolicyEngine.Fuzz.Running;

namespace PolicyEngine.Tests.Fuzz;

/// <summary>The harness notices every kind of crash — an escaping exception, bad output, a slow input, a hang, a stack
/// overflow, an exit — minimises the input, and writes files that replay it. The "selftest" target misbehaves on purpose.</summary>
public class FuzzHarnessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-fuzz-harness-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static FuzzCase Case(long index, string text) => new("selftest", 0, index, "", Encoding.UTF8.GetBytes(text), []);

    [Fact]
    public void EveryKindOfCrashIsCaughtInWorkerProcessesAndMinimised()
    {
        string[] inputs = ["ok", "a overflow b", "ok", "hang", "x throw y", "slow", "bad!", "exit", "ok"];
        var result = new Campaign(new CampaignOptions
        {
            Target = "selftest",
            Count = inputs.Length,
            Jobs = 1,
            TimeBound = TimeSpan.FromMilliseconds(500),
            Timeout = TimeSpan.FromSeconds(5),
            MinimiseBudget = TimeSpan.FromSeconds(20),
            OutputDirectory = _directory,
            Cases = i => Case(i, inputs[i]),
        }).Run();

        result.Runs.ShouldBe(inputs.Length);
        result.Notes["ok"].ShouldBe(3);
        var crashes = result.Crashes.ToDictionary(c => c.Case.Index);
        crashes.Keys.Order().ShouldBe([1L, 3, 4, 5, 6, 7]);
        crashes[1].Result.Kind.ShouldBe(CrashKinds.Died);
        crashes[1].Result.Message.ShouldStartWith("the worker died (stack overflow)");
        crashes[1].Minimised!.Text.ShouldBe("overflow");
        crashes[3].Result.Kind.ShouldBe(CrashKinds.Hang);
        crashes[4].Result.Kind.ShouldBe(CrashKinds.Exception);
        crashes[4].Result.Message.ShouldStartWith("System.InvalidOperationException: thrown on purpose");
        crashes[4].Minimised!.Text.ShouldBe("throw");
        crashes[5].Result.Kind.ShouldBe(CrashKinds.Slow);
        crashes[6].Result.Kind.ShouldBe(CrashKinds.BadOutput);
        crashes[6].Minimised!.Text.ShouldBe("bad");
        crashes[7].Result.Kind.ShouldBe(CrashKinds.Died);
        crashes[7].Result.Message.ShouldStartWith("the worker died (exit code 3)");

        // Each crash is saved with its minimised input and a report, and a saved case replays.
        File.Exists(Path.Combine(_directory, "selftest-0-4.case")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(_directory, "selftest-0-4.txt")).ShouldContain("thrown on purpose");
        FuzzCase.FromLine(File.ReadAllText(Path.Combine(_directory, "selftest-0-4.min.case"))).Text.ShouldBe("throw");
        FuzzProgram.Main(["--replay", Path.Combine(_directory, "selftest-0-4.min.case")]).ShouldBe(1);
        FuzzProgram.Main(["--replay", Path.Combine(_directory, "selftest-0-6.min.case")]).ShouldBe(1);
    }

    [Fact]
    public void InProcessAnExceptionAndBadOutputAreCaughtToo()
    {
        string[] inputs = ["ok", "x throw y", "bad"];
        var result = new Campaign(new CampaignOptions
        {
            Target = "selftest", Count = inputs.Length, InProcess = true, Cases = i => Case(i, inputs[i]),
        }).Run();
        result.Crashes.Select(c => c.Result.Kind).ShouldBe([CrashKinds.Exception, CrashKinds.BadOutput]);
        result.Crashes[0].Minimised!.Text.ShouldBe("throw");
    }

    [Theory]
    [InlineData("policy")]
    [InlineData("descriptor")]
    [InlineData("cli")]
    public void CasesAreMadeAgainFromTheirSeedAndIndex(string target)
    {
        foreach (var index in new long[] { 0, 1, 999, 123_456 })
        {
            var first = Generation.Generate(target, 7, index);
            var again = Generation.Generate(target, 7, index);
            again.Data.ShouldBe(first.Data);
            again.Args.ShouldBe(first.Args);
            FuzzCase.FromLine(first.ToLine()).Data.ShouldBe(first.Data);
        }
        Generation.Generate(target, 7, 1).ToLine().ShouldNotBe(Generation.Generate(target, 8, 1).ToLine());
    }
}

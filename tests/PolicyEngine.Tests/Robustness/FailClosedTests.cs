using PolicyEngine.Compilation;
using PolicyEngine.Configuration;
using PolicyEngine.Descriptors;
using PolicyEngine.Evaluation;
using PolicyEngine.Tests.Cli;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Robustness;

/// <summary>Fail-closed: a rule that errors at run time, a descriptor that cannot be read, a pack that does not compile
/// and a configuration that cannot be read never end in an overall pass (exit 0), in any format or --fail-on mode.</summary>
public class FailClosedTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-failclosed-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Temp(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string TempBytes(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static readonly string[] FormatNames = ["text", "json", "sarif", "markdown", "junit"];
    private static readonly string[] FailOnModes = ["error", "warning", "unknown"];

    /// <summary>A pack whose only rule divides by zero; the rule is info severity, the least blocking there is.</summary>
    private const string Faulting = """
        policy faulty "Faulty" {
          rule F-1 "Divides by zero" {
            severity info
            cite     "c"
            require  model.training.compute_flop / 0 > 1
          }
          rule F-2 "Passes" {
            cite    "c"
            require known(model.id)
          }
        }
        """;

    private const string Passing = """
        policy fine "Fine" {
          rule OK-1 "Has an id" {
            cite    "c"
            require known(model.id)
          }
        }
        """;

    private string Model() => Temp("model.json", File.ReadAllText(CaseFile.Path("model.json")));

    /// <summary>Runs eval in every format and --fail-on mode; returns the exit codes seen.</summary>
    private static HashSet<int> ExitCodes(params string[] args)
    {
        var codes = new HashSet<int>();
        foreach (var format in FormatNames)
        {
            foreach (var failOn in FailOnModes)
            {
                var result = CliRunner.Run([.. args, "--format", format, "--fail-on", failOn]);
                result.Stderr.ShouldNotContain("   at ", customMessage: "a stack trace escaped");
                codes.Add(result.ExitCode);
            }
        }
        return codes;
    }

    [Fact]
    public void TheControlCasePasses()
    {
        var model = Model();
        CliRunner.Run("eval", model, "-p", Temp("fine.policy", Passing)).ExitCode.ShouldBe(0);
    }

    // ---- a rule that errors at run time -------------------------------------------------------

    [Fact]
    public void ARuleThatDividesByZeroIsAnErrorThatBlocksEvenAtInfoSeverity()
    {
        var pack = PolicyCompiler.Compile("faulty", [new SourceText(Faulting, "faulty.policy")]).Pack!;
        var verdict = pack.Evaluate(Harness.TestModel);
        var finding = verdict.Findings.Single(f => f.Rule.Id == "F-1");
        finding.Outcome.ShouldBe(RuleOutcome.Error);
        finding.Error.ShouldBe("division by zero");
        verdict.Kind.ShouldBe(VerdictKind.Block);
        foreach (var failOn in Enum.GetValues<FailOn>()) verdict.IsBlocking(failOn).ShouldBeTrue();

        var model = Model();
        var policy = Temp("faulty.policy", Faulting);
        ExitCodes("eval", model, "-p", policy).ShouldBe([1]);
        var text = CliRunner.Run("eval", model, "-p", policy);
        text.Stdout.ShouldContain("BLOCK");
        text.Stderr.Trim().ShouldBe($"{policy}(2,3): error PE0300: Rule 'F-1' failed at run time: division by zero (descriptor '{model}')");
    }

    [Fact]
    public void ARuleThatErrorsIsNotWaivedAndNotSwitchedToAPassByASeverityOverride()
    {
        var model = Model();
        var policy = Temp("faulty.policy", Faulting);
        Temp("policyengine.json", """
            {
              "waivers": [ { "rule": "F-1", "descriptor": "*", "justification": "j", "owner": "o", "expires": "2099-01-01" } ],
              "severities": { "rules": { "F-1": "info" } }
            }
            """);
        ExitCodes("eval", model, "-p", policy).ShouldBe([1]);
        CliRunner.Run("eval", model, "-p", policy).Stdout.ShouldNotContain("waived");

        // The library's own rule: waivers apply to fail and unknown findings only.
        var (configuration, diagnostics) = PolicyConfiguration.Load(Path.Combine(_directory, "policyengine.json"));
        diagnostics.ShouldBeEmpty();
        var pack = PolicyCompiler.Compile("faulty", [new SourceText(Faulting, "faulty.policy")]).Pack!;
        var verdict = pack.Evaluate(Harness.TestModel);
        configuration!.ApplyWaivers(verdict, Harness.TestModel, new DateOnly(2026, 1, 1));
        verdict.Findings.Single(f => f.Rule.Id == "F-1").Outcome.ShouldBe(RuleOutcome.Error);
        verdict.Kind.ShouldBe(VerdictKind.Block);
    }

    [Fact]
    public void ARegularExpressionOverItsTimeLimitIsAnErrorThatBlocks()
    {
        var model = Temp("slow.json", File.ReadAllText(CaseFile.Path("model.json")).Replace("\"Test Model 70B\"", "\"" + new string('a', 64) + "!\"", StringComparison.Ordinal));
        var policy = Temp("rx.policy", """
            policy rx "Regex" {
              rule RX-1 "Name is well formed" {
                severity warning
                cite "c"
                require model.name matches "^(a|aa)+(?<=a)$"
              }
            }
            """);
        ExitCodes("eval", model, "-p", policy, "--limit", "regex-timeout-ms=5").ShouldBe([1]);
    }

    [Fact]
    public void AFaultInAMessageDoesNotChangeTheOutcome()
    {
        var pack = PolicyCompiler.Compile("m", [new SourceText("""
            policy m "M" {
              rule M-1 "Fails with a message that divides by zero" {
                cite    "c"
                require not model.general_purpose
                message "ratio {model.training.compute_flop / 0}"
              }
            }
            """, "m.policy")]).Pack!;
        var finding = pack.Evaluate(Harness.TestModel).Findings.Single();
        finding.Outcome.ShouldBe(RuleOutcome.Fail);
        finding.Message.ShouldBe("ratio <error: division by zero>");
    }

    // ---- a descriptor that cannot be read -----------------------------------------------------

    public static IEnumerable<object[]> Unreadable() =>
    [
        ["missing file", "absent.json"],
        ["a directory", "folder.json"],
        ["empty", ""],
        ["malformed JSON", "{ \"model\": "],
        ["malformed YAML", "model: [\n"],
        ["not an object", "[1, 2]"],
        ["invalid UTF-8", "\u0001"],
        ["duplicate keys", "{ \"descriptor_version\": \"0.1\", \"descriptor_version\": \"0.1\" }"],
        ["wrong type", "{ \"descriptor_version\": \"0.1\", \"model\": { \"id\": \"x\", \"general_purpose\": \"yes\" } }"],
        ["NaN as a string where a number goes", "{ \"descriptor_version\": \"0.1\", \"model\": { \"id\": \"x\", \"training\": { \"compute_flop\": \"NaN\" } } }"],
        ["too deep", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)],
    ];

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void ADescriptorThatCannotBeReadIsExitTwoAndNoVerdict(string kind, string content)
    {
        string path;
        switch (kind)
        {
            case "missing file": path = Path.Combine(_directory, content); break;
            case "a directory": path = Directory.CreateDirectory(Path.Combine(_directory, content)).FullName; break;
            case "invalid UTF-8": path = TempBytes("bad.json", [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D]); break;
            case "malformed YAML": path = Temp("bad.yaml", content); break;
            default: path = Temp("bad.json", content); break;
        }
        var policy = Temp("fine.policy", Passing);
        var good = Model();
        // Alone, and beside a descriptor that passes: one unreadable input fails the whole run.
        ExitCodes("eval", path, "-p", policy).ShouldBe([2]);
        ExitCodes("eval", good, path, "-p", policy).ShouldBe([2]);
        var result = CliRunner.Run("eval", good, path, "-p", policy, "--format", "json");
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldContain(" error PE0");
    }

    [Fact]
    public void StandardInputThatIsEmptyOrMalformedIsExitTwo()
    {
        var policy = Temp("fine.policy", Passing);
        CliRunner.RunWithInput("", "eval", "-", "-p", policy).ExitCode.ShouldBe(2);
        CliRunner.RunWithInput("{", "eval", "-", "-p", policy).ExitCode.ShouldBe(2);
        CliRunner.RunWithInput("\uFEFF", "eval", "-", "-p", policy).ExitCode.ShouldBe(2);
    }

    // ---- a pack that does not compile ---------------------------------------------------------

    [Fact]
    public void APackThatDoesNotCompileIsExitTwoEvenBesideOneThatPasses()
    {
        var model = Model();
        var fine = Temp("fine.policy", Passing);
        var broken = Temp("broken.policy", "policy broken \"Broken\" {\n  rule B-1 { cite \"c\" require model.nonsense }\n}\n");
        ExitCodes("eval", model, "-p", broken).ShouldBe([2]);
        ExitCodes("eval", model, "-p", fine, "-p", broken).ShouldBe([2]);
        var result = CliRunner.Run("eval", model, "-p", fine, "-p", broken);
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldContain($"{broken}(2,37): error PE0100");
        ExitCodes("eval", model, "-p", Path.Combine(_directory, "absent.policy")).ShouldBe([2]);
        ExitCodes("eval", model, "-p", Directory.CreateDirectory(Path.Combine(_directory, "empty-pack")).FullName).ShouldBe([2]);
    }

    [Fact]
    public void AConfigurationThatCannotBeReadIsExitTwo()
    {
        var model = Model();
        var fine = Temp("fine.policy", Passing);
        Temp("policyengine.json", "{ \"waivers\": [ ");
        ExitCodes("eval", model, "-p", fine).ShouldBe([2]);
        ExitCodes("eval", model, "-p", fine, "--config", Path.Combine(_directory, "absent.json")).ShouldBe([2]);
    }

    // ---- the same as a process ----------------------------------------------------------------

    [Fact]
    public void AsAProcessNoneOfThemExitsZero()
    {
        var model = Model();
        var faulting = Temp("faulty.policy", Faulting);
        var broken = Temp("broken.policy", "policy broken \"Broken\" { rule B-1 { cite \"c\" require } }");
        ProcessRunner.Run("eval", model, "-p", faulting).ExitCode.ShouldBe(1);
        ProcessRunner.Run("eval", model, "-p", broken).ExitCode.ShouldBe(2);
        ProcessRunner.Run("eval", Temp("bad.json", "{"), "-p", Temp("fine.policy", Passing)).ExitCode.ShouldBe(2);
    }
}

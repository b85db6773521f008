using PolicyEngine.Configuration;
using PolicyEngine.Tests.Cli;

namespace PolicyEngine.Tests.Scripting;

/// <summary>The command-line side of scripts: the flag, the configuration setting and the time limit option.</summary>
public class ScriptCliTests
{
    private const string Pack = "examples/policies/compute-estimate.policy";
    private const string Descriptor = "examples/descriptors/llama-3.1-405b.json";

    [Fact]
    public void LintReportsTheOptInErrorAndIsCleanWithScriptsAllowed()
    {
        var off = CliRunner.Run("lint", Pack);
        off.ExitCode.ShouldBe(2, off.All);
        off.Stdout.ShouldContain("compute-estimate.policy(10,70): error PE0700:");

        var on = CliRunner.Run("lint", Pack, "--allow-scripts");
        on.ExitCode.ShouldBe(0, on.All);
        on.Stdout.ShouldNotContain("error");
    }

    [Fact]
    public void LintReportsAForbiddenApiAtItsLineAndColumn()
    {
        var directory = Directory.CreateTempSubdirectory("policyengine-lint-");
        try
        {
            var file = Path.Combine(directory.FullName, "evil.policy");
            File.WriteAllText(file, "policy evil {\n  fn read(path: string): string = csharp {\n    return System.IO.File.ReadAllText(path);\n  }\n}\n");
            var result = CliRunner.Run("lint", file, "--allow-scripts");
            result.ExitCode.ShouldBe(2, result.All);
            result.Stdout.ShouldContain("evil.policy(3,12): error PE0702: 'System.IO.File' is not allowed in scripts: file system access");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void AllowScriptsInTheConfigurationOptsIn()
    {
        var directory = Directory.CreateTempSubdirectory("policyengine-config-");
        try
        {
            var config = Path.Combine(directory.FullName, PolicyConfiguration.FileName);
            File.WriteAllText(config, "{ \"allowScripts\": true, \"scriptTimeoutMs\": 1000 }");
            var result = CliRunner.Run("eval", Descriptor, "--policy", Pack, "--config", config, "--all");
            result.ExitCode.ShouldBe(0, result.All);
            result.Stdout.ShouldContain("COMPUTE-2");

            File.WriteAllText(config, "{ \"allowScripts\": false }");
            CliRunner.Run("eval", Descriptor, "--policy", Pack, "--config", config).Stderr.ShouldContain("PE0700");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("{ \"allowScripts\": \"yes\" }", "\"allowScripts\" must be true or false")]
    [InlineData("{ \"scriptTimeoutMs\": 0 }", "\"scriptTimeoutMs\" must be a whole number of milliseconds, at least 1")]
    [InlineData("{ \"allowScript\": true }", "Unknown setting 'allowScript'")]
    public void BadScriptSettingsAreConfigurationErrors(string json, string message)
    {
        var (configuration, diagnostics) = PolicyConfiguration.Parse(json, PolicyConfiguration.FileName);
        configuration.ShouldBeNull();
        diagnostics.ShouldContain(d => d.Id == "PE0601" && d.Message.Contains(message), string.Join("\n", diagnostics));
    }

    [Fact]
    public void TheScriptTimeoutMustBePositive()
    {
        var result = CliRunner.Run("test", Pack, "--allow-scripts", "--script-timeout", "0");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--script-timeout must be a positive number of milliseconds");
    }

    [Theory]
    [InlineData("eval")]
    [InlineData("test")]
    [InlineData("lint")]
    [InlineData("compare")]
    [InlineData("diff")]
    [InlineData("whatif")]
    public void EveryVerbThatCompilesPacksTakesTheScriptOptions(string verb)
    {
        var help = CliRunner.Run(verb, "--help");
        help.Stdout.ShouldContain("--allow-scripts");
        help.Stdout.ShouldContain("--script-timeout");
    }

    [Fact]
    public void WhatIfAndCompareRunScripts()
    {
        var whatif = CliRunner.Run("whatif", Descriptor, "--policy", Pack, "--set", "model.training.compute_flop=unknown", "--set", "model.training.tokens=1e12", "--allow-scripts");
        whatif.ExitCode.ShouldBeOneOf([0, 1], whatif.All);
        whatif.Stdout.ShouldContain("Training compute in FLOP (reported, else 6·N·D): 3.8e25 → 2.4e24");
        var compare = CliRunner.Run("compare", Descriptor, "--policy", Pack, "--allow-scripts");
        compare.ExitCode.ShouldBe(0, compare.All);
    }
}

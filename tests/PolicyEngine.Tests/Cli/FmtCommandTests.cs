namespace PolicyEngine.Tests.Cli;

public class FmtCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-fmt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EveryShippedPolicyFilePassesTheCheck()
    {
        var result = CliRunner.Run("fmt", "--check", "rules/");
        result.ExitCode.ShouldBe(0, result.Stdout + result.Stderr);
        result.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void FormatsAFileOnceAndThenLeavesItAlone()
    {
        var file = Path.Combine(_directory, "messy.policy");
        File.WriteAllText(file, "policy p {\n// why\n  rule A {  cite \"x\"\n require   model.general_purpose   and true }\n}\n");
        CliRunner.Run("fmt", "--check", file).ExitCode.ShouldBe(1);
        CliRunner.Run("fmt", file).ExitCode.ShouldBe(0);
        File.ReadAllText(file).ShouldBe("policy p {\n  // why\n  rule A {\n    cite     \"x\"\n    require  model.general_purpose and true\n  }\n}\n");
        var again = CliRunner.Run("fmt", "--check", file);
        again.ExitCode.ShouldBe(0);
        again.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void AFileWithSyntaxErrorsIsReportedAndNeverRewritten()
    {
        var file = Path.Combine(_directory, "broken.policy");
        const string text = "policy p {\n  rule A { require and }\n}\n";
        File.WriteAllText(file, text);
        var result = CliRunner.Run("fmt", file);
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("error PE0003");
        File.ReadAllText(file).ShouldBe(text);
    }
}

namespace PolicyEngine.Tests.Cli;

public class LintCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-lint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReportsAnUnknownPropertyASyntaxErrorAndATypeMismatchInOneRun()
    {
        var file = Path.Combine(_directory, "broken.policy");
        File.WriteAllText(file, """
            policy broken "Three independent mistakes" {
              rule A "Unknown property" {
                cite    "x"
                require model.trainng.compute_flop > 1e25
              }

              rule B "Syntax error" {
                cite    "x"
                require model.general_purpose and and
              }

              rule C "Type mismatch" {
                cite    "x"
                require model.training.compute_flop > "big"
              }
            }
            """);

        var result = CliRunner.Run("lint", file);

        result.ExitCode.ShouldBe(2);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldBe([
            $"{file}(4,19): error PE0100: 'trainng' is not a property of model; did you mean 'training'?",
            $"{file}(9,39): error PE0003: Syntax error: unexpected keyword `and`, expected expression",
            $"{file}(14,43): error PE0102: Cannot compare a number with a string: 'model.training.compute_flop' is a number but '\"big\"' is a string",
        ]);
        result.All.ShouldNotContain("   at ");
    }

    [Fact]
    public void ACleanPackExitsZeroAndPrintsNothing()
    {
        var result = CliRunner.Run("lint", "rules/eu-ai-act");
        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void AMissingFileIsADiagnosticWithExitTwo()
    {
        var result = CliRunner.Run("lint", "no/such/pack.policy");
        result.ExitCode.ShouldBe(2);
        result.All.ShouldContain("error PE0400");
        result.All.ShouldNotContain("Exception");
    }
}

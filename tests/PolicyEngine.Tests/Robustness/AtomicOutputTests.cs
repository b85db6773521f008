using System.Diagnostics;
using PolicyEngine.Cli.Io;
using PolicyEngine.Tests.Cli;

namespace PolicyEngine.Tests.Robustness;

/// <summary>-o files are written to a temporary file in the same folder and renamed: a run that is killed while it
/// writes, or that fails, leaves the previous file as it was — never a half-written one.</summary>
public class AtomicOutputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-atomic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Previous = "previous report\n";

    /// <summary>Starts eval writing a large JSON report (every example against every pack, with proofs) to the file.</summary>
    private static Process StartLargeRun(string report)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { ProcessRunner.ToolPath, "eval", "examples/descriptors", "--policy", "rules", "--explain", "--format", "json", "-o", report, "--as-of", "2026-01-01" })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        return process;
    }

    [Fact]
    public void KillingTheProcessWhileItWritesLeavesThePreviousFileIntact()
    {
        var report = Path.Combine(_directory, "report.json");
        var killedMidWrite = 0;
        for (var attempt = 0; attempt < 5 && killedMidWrite < 2; attempt++)
        {
            File.WriteAllText(report, Previous);
            using var process = StartLargeRun(report);
            var clock = Stopwatch.StartNew();
            // The temporary file exists from the moment the report starts being written until the rename.
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (Directory.EnumerateFiles(_directory, ".report.json.*.tmp").Any())
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                    killedMidWrite++;
                    File.ReadAllText(report).ShouldBe(Previous, "a run killed while writing replaced the previous report");
                    break;
                }
                Thread.Sleep(1);
            }
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            // Whatever the timing, the report is the previous one or a complete new one, never a partial one.
            var text = File.ReadAllText(report);
            if (text != Previous) Should.NotThrow(() => System.Text.Json.JsonDocument.Parse(text).Dispose());
        }
        killedMidWrite.ShouldBeGreaterThanOrEqualTo(1, "the write was never caught in progress");

        // The temporary files of killed runs are all that is left behind; a complete run then replaces the report.
        Directory.EnumerateFiles(_directory).Select(Path.GetFileName).ShouldAllBe(f => f == "report.json" || f!.StartsWith(".report.json.", StringComparison.Ordinal));
        using var complete = StartLargeRun(report);
        complete.WaitForExit(120_000).ShouldBeTrue();
        complete.ExitCode.ShouldBe(1);
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report));
        document.RootElement.GetProperty("format").GetString().ShouldBe("policyengine-eval");
    }

    [Fact]
    public void AWriterThatFailsHalfwayLeavesThePreviousFileAndNoTemporaryFile()
    {
        var report = Path.Combine(_directory, "report.txt");
        File.WriteAllText(report, Previous);
        Should.Throw<InvalidOperationException>(() => AtomicFile.Write(report, writer =>
        {
            writer.Write(new string('x', 1_000_000));
            writer.Flush();
            throw new InvalidOperationException("failed halfway");
        }));
        File.ReadAllText(report).ShouldBe(Previous);
        Directory.EnumerateFiles(_directory).Select(Path.GetFileName).ShouldBe(["report.txt"]);

        AtomicFile.Write(report, writer => writer.Write("new report\n"));
        File.ReadAllText(report).ShouldBe("new report\n");
        Directory.EnumerateFiles(_directory).Select(Path.GetFileName).ShouldBe(["report.txt"]);
    }

    [Fact]
    public void EveryVerbThatWritesAFileChecksItBeforeDoingAnyWork()
    {
        var missingFolder = Path.Combine(_directory, "no", "such", "report.txt");
        foreach (var args in new[]
        {
            new[] { "eval", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "-o", missingFolder },
            ["lint", "rules/osaid", "-o", missingFolder],
            ["rules", "rules/osaid", "-o", missingFolder],
            ["compare", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "-o", missingFolder],
            ["diff", "examples/descriptors/gpt-4.json", "--old", "rules/osaid", "--new", "rules/osaid", "-o", missingFolder],
            ["schema", "-o", missingFolder],
            ["import", "rules/mof/testdata/class-1.json", "-o", missingFolder],
            ["eval", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "-o", _directory],
        })
        {
            var result = CliRunner.Run(args);
            result.ExitCode.ShouldBe(2, string.Join(' ', args));
            result.Stderr.ShouldStartWith("policyengine: error PE0402: ", customMessage: string.Join(' ', args));
        }
        Directory.Exists(Path.Combine(_directory, "no")).ShouldBeFalse();
    }
}

using PolicyEngine.Cli;

namespace PolicyEngine.Tests.Cli;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;
}

/// <summary>Runs the command in-process with captured output, from the repository root.</summary>
public static class CliRunner
{
    private static readonly object Gate = new();

    public static CliResult Run(params string[] args)
    {
        // The working directory is process-wide; runs that depend on it are serialised.
        lock (Gate)
        {
            var previous = Directory.GetCurrentDirectory();
            Directory.SetCurrentDirectory(TestPaths.RepositoryRoot);
            try
            {
                var stdout = new StringWriter();
                var stderr = new StringWriter();
                var code = PolicyEngineCommand.Run(args, stdout, stderr);
                return new CliResult(code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Directory.SetCurrentDirectory(previous);
            }
        }
    }
}

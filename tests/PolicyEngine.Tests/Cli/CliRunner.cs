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

    public static CliResult Run(params string[] args) => FromRepositoryRoot(() =>
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = PolicyEngineCommand.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    });

    /// <summary>Runs the command in-process with the given text as standard input.</summary>
    public static CliResult RunWithInput(string stdin, params string[] args) => FromRepositoryRoot(() =>
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = PolicyEngineCommand.Run(args, stdout, stderr, () => new StringReader(stdin));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    });

    /// <summary>Runs an action with the repository root as working directory, so relative paths are the ones a user
    /// would type. The working directory is process-wide; everything that depends on it is serialised here.</summary>
    public static T FromRepositoryRoot<T>(Func<T> action)
    {
        lock (Gate)
        {
            var previous = Directory.GetCurrentDirectory();
            Directory.SetCurrentDirectory(TestPaths.RepositoryRoot);
            try
            {
                return action();
            }
            finally
            {
                Directory.SetCurrentDirectory(previous);
            }
        }
    }
}

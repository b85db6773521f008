using PolicyEngine.Diagnostics;

namespace PolicyEngine.Cli.Commands;

/// <summary>The process's streams, so commands can be run in-process by tests.</summary>
public sealed record CommandContext(TextWriter Stdout, TextWriter Stderr, Func<TextReader> Stdin)
{
    public void Report(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in DiagnosticFormatter.Sort(diagnostics)) Stderr.WriteLine(DiagnosticFormatter.Format(diagnostic));
    }

    public int UsageError(string message)
    {
        Stderr.WriteLine($"policyengine: error PE0402: {DiagnosticFormatter.OneLine(message)}");
        return ExitCodes.BadInput;
    }
}

using PolicyEngine.Cli.Io;
using PolicyEngine.Reporting;

namespace PolicyEngine.Cli.Commands;

/// <summary>The output formats by name, and where the output goes.</summary>
public static class Formats
{
    public static IReadOnlyList<string> EvalNames { get; } = ["text", "json", "jsonl", "sarif", "markdown", "junit"];
    public static IReadOnlyList<string> LintNames { get; } = ["text", "json", "sarif"];

    public static ILintWriter Lint(string name) => name switch
    {
        "json" => new Reporting.JsonWriter(),
        "sarif" => new SarifWriter(),
        _ => new TextLintWriter(),
    };

    /// <summary>The writers other than text (text needs to know about colour, see EvalCommand).</summary>
    public static IEvaluationWriter Eval(string name) => name switch
    {
        "json" => new Reporting.JsonWriter(),
        "sarif" => new SarifWriter(),
        "markdown" => new MarkdownWriter(),
        "junit" => new JUnitWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown format"),
    };

    /// <summary>Writes to standard output, or atomically to a file.</summary>
    public static void Emit(CommandContext io, string? outputPath, Action<TextWriter> write)
    {
        if (outputPath is null)
        {
            write(io.Stdout);
            io.Stdout.Flush();
            return;
        }
        AtomicFile.Write(outputPath, write);
    }
}

using System.CommandLine;
using PolicyEngine.Cli.Io;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Reporting;

namespace PolicyEngine.Cli.Commands;

public static class LintCommand
{
    public static Command Create(CommandContext io)
    {
        var paths = new Argument<string[]>("policies") { Description = "Policy files, pack folders, or a folder of packs such as rules/.", Arity = ArgumentArity.OneOrMore };
        var format = Options.Format(Formats.LintNames);
        var output = Options.Output();
        var compilation = new CompilationArguments(schema: true);
        var command = new Command("lint", "Compile policy packs and print their diagnostics. Exit 0 clean (warnings allowed), 2 if any diagnostic is an error.");
        command.Arguments.Add(paths);
        Options.RejectOptionLikeValues(paths);
        command.Options.Add(format);
        command.Options.Add(output);
        compilation.AddTo(command);
        command.SetAction(parse =>
        {
            var outputPath = parse.GetValue(output);
            if (outputPath is not null && AtomicFile.CheckWritable(outputPath) is { } problem) return io.UsageError(problem);
            if (compilation.Read(parse, io, out var exitCode) is not { } options) return exitCode;
            var packs = parse.GetValue(paths)!.SelectMany(PackDiscovery.Find).Distinct().Select(p => PolicyCompiler.CompilePath(p, options)).ToList();
            var run = new LintRun(packs);
            var writer = Formats.Lint(parse.GetValue(format)!);
            Formats.Emit(io, outputPath, w => writer.Write(run, w));
            return run.HasErrors ? ExitCodes.BadInput : ExitCodes.Pass;
        });
        return command;
    }
}

/// <summary>The plain-text lint format: one diagnostic per line, compiler style.</summary>
public sealed class TextLintWriter : ILintWriter
{
    public void Write(LintRun run, TextWriter output)
    {
        foreach (var diagnostic in DiagnosticFormatter.Sort(run.Diagnostics)) output.Write(DiagnosticFormatter.Format(diagnostic) + "\n");
    }
}

using System.CommandLine;
using PolicyEngine.Cli.Io;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;

namespace PolicyEngine.Cli.Commands;

public static class DiffCommand
{
    public static Command Create(CommandContext io)
    {
        var descriptors = new Argument<string[]>("descriptors") { Description = "The corpus: descriptor files, folders or globs.", Arity = ArgumentArity.OneOrMore };
        Options.RejectOptionLikeValues(descriptors);
        var oldPack = new Option<string>("--old") { Description = "The current version of the pack (file or folder).", Required = true };
        var newPack = new Option<string>("--new") { Description = "The draft version of the pack (file or folder).", Required = true };
        var format = Options.Format(CompareCommand.FormatNames);
        var output = Options.Output();
        var compilation = new CompilationArguments();
        var command = new Command("diff", "Two versions of a pack over a corpus: rules added, removed and changed, every outcome that moves, and why. Exit 0 when nothing moves, 1 when some verdict or outcome moves, 2 on bad input.");
        command.Arguments.Add(descriptors);
        command.Options.Add(oldPack);
        command.Options.Add(newPack);
        command.Options.Add(format);
        command.Options.Add(output);
        compilation.AddTo(command);
        command.SetAction(parse =>
        {
            var outputPath = parse.GetValue(output);
            if (outputPath is not null && AtomicFile.CheckWritable(outputPath) is { } problem) return io.UsageError(problem);
            if (compilation.Read(parse, io, out var exitCode) is not { } compilationOptions) return exitCode;
            var diagnostics = new List<Diagnostic>();
            var oldPath = parse.GetValue(oldPack)!;
            var newPath = parse.GetValue(newPack)!;
            var packs = Loading.Packs([oldPath, newPath], diagnostics, discover: false, options: compilationOptions);
            var loaded = Loading.Descriptors(parse.GetValue(descriptors)!, io, diagnostics, compilationOptions.Limits);
            if (Loading.HasErrors(diagnostics) || packs.Count != 2 || loaded.Count == 0)
            {
                io.Report(diagnostics);
                return ExitCodes.BadInput;
            }
            var (old, draft) = (packs[0].Pack, packs[1].Pack);
            var options = new EvaluationOptions { Explain = true };
            var verdicts = new (Verdict, Verdict, string)[loaded.Count];
            var done = 0;
            Progress.Run(io, "Diffing", () => done, loaded.Count, () => Parallel.For(0, loaded.Count, i =>
            {
                verdicts[i] = (old.Evaluate(loaded[i], options), draft.Evaluate(loaded[i], options), loaded[i].Path);
                Interlocked.Increment(ref done);
            }));
            var diff = PackDiff.From(oldPath, old.Bound, newPath, draft.Bound, verdicts);
            var text = parse.GetValue(format) switch
            {
                "json" => ComparisonWriters.Json(diff),
                "markdown" => ComparisonWriters.Markdown(diff),
                "html" => HtmlReport.Diff(diff),
                _ => ComparisonWriters.Text(diff),
            };
            Formats.Emit(io, outputPath, w => w.Write(text));
            return diff.Models.Count > 0 ? ExitCodes.Blocked : ExitCodes.Pass;
        });
        return command;
    }
}

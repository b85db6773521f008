using System.CommandLine;
using PolicyEngine.Cli.Io;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;

namespace PolicyEngine.Cli.Commands;

public static class CompareCommand
{
    public static IReadOnlyList<string> FormatNames { get; } = ["text", "json", "markdown", "html"];

    public static Command Create(CommandContext io)
    {
        var descriptors = new Argument<string[]>("descriptors") { Description = "Descriptors to compare (files, folders, globs, - for standard input).", Arity = ArgumentArity.OneOrMore };
        Options.RejectOptionLikeValues(descriptors);
        var policy = new Option<string[]>("--policy", "-p") { Description = "Packs to compare: .policy files, pack folders, or a folder of packs such as rules/ (repeatable).", Required = true };
        var format = Options.Format(FormatNames);
        var output = Options.Output();
        var compilation = new CompilationArguments();
        var command = new Command("compare", "A matrix of models × policy packs: verdicts, classifications, the facts that decided each cell, and where packs disagree. Exit 0, or 2 on bad input.");
        command.Arguments.Add(descriptors);
        command.Options.Add(policy);
        command.Options.Add(format);
        command.Options.Add(output);
        compilation.AddTo(command);
        command.SetAction(parse =>
        {
            var outputPath = parse.GetValue(output);
            if (outputPath is not null && AtomicFile.CheckWritable(outputPath) is { } problem) return io.UsageError(problem);
            if (compilation.Read(parse, io, out var exitCode) is not { } compilationOptions) return exitCode;
            var diagnostics = new List<Diagnostic>();
            var packs = Loading.Packs(parse.GetValue(policy)!, diagnostics, options: compilationOptions);
            var loaded = Loading.Descriptors(parse.GetValue(descriptors)!, io, diagnostics, compilationOptions.Limits);
            if (Loading.HasErrors(diagnostics) || packs.Count == 0 || loaded.Count == 0)
            {
                io.Report(diagnostics);
                return ExitCodes.BadInput;
            }
            var formatName = parse.GetValue(format);
            // Only the HTML report shows fixes; finding them re-evaluates each failing rule, so other formats skip it.
            var options = new EvaluationOptions { Explain = true, Fixes = formatName == "html" };
            var entries = new EvaluationEntry[loaded.Count * packs.Count];
            var done = 0;
            Progress.Run(io, "Comparing", () => done, entries.Length, () => Parallel.For(0, entries.Length, i =>
            {
                var (path, pack) = packs[i % packs.Count];
                var descriptor = loaded[i / packs.Count];
                entries[i] = new EvaluationEntry(pack.Evaluate(descriptor, options), path, pack, descriptor);
                Interlocked.Increment(ref done);
            }));
            var comparison = Comparison.From(entries);
            var text = formatName switch
            {
                "json" => ComparisonWriters.Json(comparison),
                "markdown" => ComparisonWriters.Markdown(comparison),
                "html" => HtmlReport.Comparison(comparison),
                _ => ComparisonWriters.Text(comparison),
            };
            Formats.Emit(io, outputPath, w => w.Write(text));
            return ExitCodes.Pass;
        });
        return command;
    }
}

using System.CommandLine;
using PolicyEngine.Cli.Io;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Reporting;

namespace PolicyEngine.Cli.Commands;

public static class RulesCommand
{
    public static Command Create(CommandContext io)
    {
        var paths = new Argument<string[]>("packs") { Description = "Packs to list: .policy files, pack folders, or a folder of packs such as rules/.", Arity = ArgumentArity.OneOrMore };
        var output = Options.Output();
        var limit = Options.Limit();
        var command = new Command("rules", "List every rule of the packs (ID, title, severity, citation) as Markdown; docs/rules.md is made this way.");
        command.Arguments.Add(paths);
        Options.RejectOptionLikeValues(paths);
        command.Options.Add(output);
        command.Options.Add(limit);
        command.SetAction(parse =>
        {
            var outputPath = parse.GetValue(output);
            if (outputPath is not null && AtomicFile.CheckWritable(outputPath) is { } problem) return io.UsageError(problem);
            var (limits, limitError) = Options.ReadLimits(parse.GetValue(limit));
            if (limits is null) return io.UsageError(limitError!);
            var options = new CompilationOptions { Limits = limits };
            var packs = new List<(string, CompiledPack)>();
            var failed = false;
            foreach (var path in parse.GetValue(paths)!.SelectMany(PackDiscovery.Find).Distinct())
            {
                var compilation = PolicyCompiler.CompilePath(path, options);
                io.Report(compilation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
                if (compilation.Pack is null) failed = true;
                else packs.Add((path, compilation.Pack));
            }
            if (failed) return ExitCodes.BadInput;
            var markdown = RuleCatalogue.Markdown(packs);
            Formats.Emit(io, outputPath, w => w.Write(markdown));
            return ExitCodes.Pass;
        });
        return command;
    }
}

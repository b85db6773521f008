using System.CommandLine;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;
using PolicyEngine.Text;

namespace PolicyEngine.Cli;

/// <summary>The <c>policyengine</c> command: argument parsing and wiring only; the work is in the library.</summary>
public static class PolicyEngineCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("PolicyEngine: release-gating rules over AI model release descriptors, with explained verdicts.");
        root.Subcommands.Add(LintCommand(stdout, stderr));
        root.Subcommands.Add(EvalCommand(stdout, stderr));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"policyengine: error PE0402: {error.Message}");
            stderr.WriteLine("Run 'policyengine --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"policyengine: error PE0402: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static Command LintCommand(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("policies") { Description = "Policy files or pack folders to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("lint", "Compile policy packs and print their diagnostics; exit 2 if any is an error.");
        command.Arguments.Add(paths);
        command.SetAction(parse =>
        {
            var failed = false;
            foreach (var path in parse.GetValue(paths)!)
            {
                var compilation = PolicyCompiler.CompilePath(path);
                foreach (var diagnostic in compilation.Diagnostics) stdout.WriteLine(DiagnosticFormatter.Format(diagnostic));
                failed |= !compilation.Success;
            }
            return failed ? ExitCodes.BadInput : ExitCodes.Pass;
        });
        return command;
    }

    private static Command EvalCommand(TextWriter stdout, TextWriter stderr)
    {
        var descriptors = new Argument<string[]>("descriptors") { Description = "Descriptor files (JSON or YAML).", Arity = ArgumentArity.OneOrMore };
        var policy = new Option<string[]>("--policy", "-p") { Description = "A .policy file or a pack folder (repeatable).", Required = true, AllowMultipleArgumentsPerToken = true };
        var explain = new Option<bool>("--explain", "-x") { Description = "Show the proof of each finding: sub-conditions, fact values, lines and sources." };
        var all = new Option<bool>("--all") { Description = "List passing and not-applicable rules too." };
        var command = new Command("eval", "Evaluate descriptors against policy packs. Exit 0 pass, 1 blocked, 2 bad input.");
        command.Arguments.Add(descriptors);
        command.Options.Add(policy);
        command.Options.Add(explain);
        command.Options.Add(all);
        command.SetAction(parse =>
        {
            var packs = new List<(string Path, CompiledPack Pack)>();
            var bad = false;
            foreach (var path in parse.GetValue(policy)!)
            {
                var compilation = PolicyCompiler.CompilePath(path);
                foreach (var diagnostic in compilation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) stderr.WriteLine(DiagnosticFormatter.Format(diagnostic));
                if (compilation.Pack is null) bad = true;
                else packs.Add((path, compilation.Pack));
            }
            var loaded = new List<Descriptor>();
            foreach (var path in parse.GetValue(descriptors)!)
            {
                var result = DescriptorLoader.LoadFile(path);
                foreach (var diagnostic in result.Diagnostics) stderr.WriteLine(DiagnosticFormatter.Format(diagnostic));
                if (!result.Succeeded) bad = true;
                else loaded.Add(result.Descriptor!);
            }
            if (bad) return ExitCodes.BadInput;

            var blocked = false;
            var options = new EvaluationOptions { Explain = parse.GetValue(explain) };
            foreach (var descriptor in loaded)
            {
                foreach (var (path, pack) in packs)
                {
                    var verdict = pack.Evaluate(descriptor, options);
                    var sink = new StringSink();
                    TextReporter.Write(sink, verdict, path, options.Explain, parse.GetValue(all));
                    stdout.Write(sink.ToString());
                    blocked |= verdict.IsBlocking(FailOn.Error);
                }
            }
            return blocked ? ExitCodes.Blocked : ExitCodes.Pass;
        });
        return command;
    }
}

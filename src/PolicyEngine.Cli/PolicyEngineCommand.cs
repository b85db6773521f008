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
        root.Subcommands.Add(TestCommand(stdout, stderr));

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

    private static Command TestCommand(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("packs") { Description = "Packs to test: .policy files, pack folders, or a folder of packs such as rules/.", Arity = ArgumentArity.OneOrMore };
        var minCoverage = new Option<double>("--min-coverage") { Description = "Fail unless at least this percentage of rules is referenced by an expectation.", DefaultValueFactory = _ => 0 };
        var command = new Command("test", "Run the test blocks of policy packs and report rule coverage. Exit 0 all pass, 1 a test failed or coverage is too low, 2 a pack does not compile.");
        command.Arguments.Add(paths);
        command.Options.Add(minCoverage);
        command.SetAction(parse =>
        {
            var compileFailed = false;
            var passed = 0;
            var failed = 0;
            var rules = 0;
            var covered = 0;
            foreach (var pack in parse.GetValue(paths)!.SelectMany(PackDiscovery.Find))
            {
                var compilation = PolicyCompiler.CompilePath(pack);
                foreach (var diagnostic in compilation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) stderr.WriteLine(DiagnosticFormatter.Format(diagnostic));
                if (compilation.Pack is null)
                {
                    compileFailed = true;
                    continue;
                }
                var run = TestRunner.Run(compilation.Pack);
                passed += run.Passed;
                failed += run.Failed;
                rules += run.Coverage.Count;
                covered += run.Coverage.Count(c => c.Referenced);
                stdout.WriteLine($"{pack}: {run.Results.Count} tests, {run.Passed} passed, {run.Failed} failed; rules referenced by tests {run.Coverage.Count(c => c.Referenced)}/{run.Coverage.Count}");
                foreach (var result in run.Results.Where(r => !r.Passed))
                {
                    stdout.WriteLine($"  ✗ \"{result.Name}\"  {result.Location}");
                    if (result.Error is not null) stdout.WriteLine($"      error: {result.Error}");
                    foreach (var expectation in result.Expectations.Where(e => !e.Passed))
                    {
                        stdout.WriteLine($"      {expectation.Location}: expect {expectation.Expression}");
                        stdout.WriteLine($"          actual: {expectation.Actual}");
                    }
                    if (result.Verdict is { } verdict)
                    {
                        var sink = new StringSink();
                        TextReporter.Write(sink, verdict, pack, explain: true, showPassing: false);
                        foreach (var line in sink.ToString().TrimEnd().Split('\n')) stdout.WriteLine("      " + line);
                    }
                }
                foreach (var rule in run.Coverage.Where(c => !c.Referenced)) stdout.WriteLine($"  not covered: {rule.RuleId}");
            }
            var percent = rules == 0 ? 100 : 100.0 * covered / rules;
            stdout.WriteLine($"coverage: {covered}/{rules} rules ({percent:0.0}%) referenced by tests");
            stdout.WriteLine($"tests: {passed} passed, {failed} failed");
            if (compileFailed) return ExitCodes.BadInput;
            var min = parse.GetValue(minCoverage);
            if (percent + 1e-9 < min) stdout.WriteLine($"coverage {percent:0.0}% is below --min-coverage {min}");
            return failed > 0 || percent + 1e-9 < min ? ExitCodes.Blocked : ExitCodes.Pass;
        });
        return command;
    }
}

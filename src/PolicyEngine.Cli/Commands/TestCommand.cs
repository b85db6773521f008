using System.CommandLine;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;

namespace PolicyEngine.Cli.Commands;

public static class TestCommand
{
    public static Command Create(CommandContext io)
    {
        var paths = new Argument<string[]>("packs") { Description = "Packs to test: .policy files, pack folders, or a folder of packs such as rules/.", Arity = ArgumentArity.OneOrMore };
        var minCoverage = new Option<double>("--min-coverage") { Description = "Fail unless at least this percentage of rules is referenced by an expectation.", DefaultValueFactory = _ => 0 };
        var compilationArguments = new CompilationArguments(schema: true);
        var command = new Command("test", "Run the test blocks of policy packs and report rule coverage. Exit 0 all pass, 1 a test failed or coverage is too low, 2 a pack does not compile.");
        command.Arguments.Add(paths);
        Options.RejectOptionLikeValues(paths);
        command.Options.Add(minCoverage);
        compilationArguments.AddTo(command);
        command.SetAction(parse =>
        {
            if (compilationArguments.Read(parse, io, out var exitCode) is not { } options) return exitCode;
            var compileFailed = false;
            var passed = 0;
            var failed = 0;
            var rules = 0;
            var covered = 0;
            foreach (var pack in parse.GetValue(paths)!.SelectMany(PackDiscovery.Find))
            {
                var compilation = PolicyCompiler.CompilePath(pack, options);
                foreach (var diagnostic in compilation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) io.Stderr.WriteLine(DiagnosticFormatter.Format(diagnostic));
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
                io.Stdout.WriteLine($"{pack}: {run.Results.Count} tests, {run.Passed} passed, {run.Failed} failed; rules referenced by tests {run.Coverage.Count(c => c.Referenced)}/{run.Coverage.Count}");
                foreach (var result in run.Results.Where(r => !r.Passed))
                {
                    io.Stdout.WriteLine($"  ✗ \"{result.Name}\"  {result.Location}");
                    if (result.Error is not null) io.Stdout.WriteLine($"      error: {result.Error}");
                    foreach (var expectation in result.Expectations.Where(e => !e.Passed))
                    {
                        io.Stdout.WriteLine($"      {expectation.Location}: expect {expectation.Expression}");
                        io.Stdout.WriteLine($"          actual: {expectation.Actual}");
                    }
                    if (result.Verdict is { } verdict)
                    {
                        var sink = new StringSink();
                        TextReporter.Write(sink, verdict, pack, explain: true, showPassing: false);
                        foreach (var line in sink.ToString().TrimEnd().Split('\n')) io.Stdout.WriteLine("      " + line);
                    }
                }
                foreach (var rule in run.Coverage.Where(c => !c.Referenced)) io.Stdout.WriteLine($"  not covered: {rule.RuleId}");
            }
            var percent = rules == 0 ? 100 : 100.0 * covered / rules;
            io.Stdout.WriteLine($"coverage: {covered}/{rules} rules ({percent:0.0}%) referenced by tests");
            io.Stdout.WriteLine($"tests: {passed} passed, {failed} failed");
            if (compileFailed) return ExitCodes.BadInput;
            var min = parse.GetValue(minCoverage);
            if (percent + 1e-9 < min) io.Stdout.WriteLine($"coverage {percent:0.0}% is below --min-coverage {min}");
            return failed > 0 || percent + 1e-9 < min ? ExitCodes.Blocked : ExitCodes.Pass;
        });
        return command;
    }

}

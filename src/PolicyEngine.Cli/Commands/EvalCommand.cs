using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PolicyEngine.Cli.Io;
using PolicyEngine.Compilation;
using PolicyEngine.Configuration;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;
using PolicyEngine.Text;

namespace PolicyEngine.Cli.Commands;

public static class EvalCommand
{
    public static Command Create(CommandContext io)
    {
        var descriptors = new Argument<string[]>("descriptors")
        {
            Description = "Descriptors: JSON or YAML files, folders, globs (quote them), .jsonl files of one descriptor per line, or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var policy = new Option<string[]>("--policy", "-p")
        {
            Description = "A .policy file, a pack folder, or a folder of packs such as rules/ (repeatable).",
            Required = true,
        };
        var explain = new Option<bool>("--explain", "-x") { Description = "Show the proof of each finding: sub-conditions with their values, the facts with their descriptor line and source, the citation, rationale and remedy." };
        var all = new Option<bool>("--all") { Description = "List passing and not-applicable rules too (text format)." };
        var failOn = new Option<string>("--fail-on") { Description = "What blocks (exit 1): error (failing error-severity rules), warning (failing warnings too), unknown (undecided rules too).", DefaultValueFactory = _ => "error" };
        Options.OneOf(failOn, "error", "warning", "unknown");
        var config = new Option<string?>("--config", "-c") { Description = $"Severity overrides and waivers; by default the nearest {PolicyConfiguration.FileName} beside each descriptor or in a folder above it." };
        var asOf = new Option<string?>("--as-of") { Description = "The date waivers are checked against (YYYY-MM-DD); today by default." };
        var format = Options.Format(Formats.EvalNames);
        var output = Options.Output();
        var noColour = Options.NoColour();
        var compilationArguments = new CompilationArguments(schema: true);
        var threads = new Option<int?>("--threads") { Description = "Evaluate on at most this many threads (one per processor by default); the output is the same for any number." };

        var command = new Command("eval", "Evaluate descriptors against policy packs. Exit 0 pass, 1 blocked, 2 bad input or usage.");
        command.Arguments.Add(descriptors);
        Options.RejectOptionLikeValues(descriptors);
        foreach (var option in new Option[] { policy, explain, all, failOn, config, asOf, format, output, noColour, threads }) command.Options.Add(option);
        compilationArguments.AddTo(command);

        command.SetAction(parse =>
        {
            var outputPath = parse.GetValue(output);
            if (outputPath is not null && AtomicFile.CheckWritable(outputPath) is { } unwritable) return io.UsageError(unwritable);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            if (parse.GetValue(asOf) is { } asOfText && !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out today))
                return io.UsageError($"--as-of '{asOfText}' is not a date (YYYY-MM-DD)");
            var threadCount = parse.GetValue(threads) ?? Environment.ProcessorCount;
            if (threadCount < 1) return io.UsageError($"--threads {threadCount}: give at least 1");
            if (compilationArguments.Read(parse, io, out var exitCode, parse.GetValue(config)) is not { } compilationOptions) return exitCode;
            var (limits, schema) = (compilationOptions.Limits, compilationOptions.Schema);

            var diagnostics = new List<Diagnostic>();
            var packs = new List<(string Path, CompiledPack Pack)>();
            foreach (var path in parse.GetValue(policy)!.SelectMany(PackDiscovery.Find).Distinct())
            {
                var compilation = PolicyCompiler.CompilePath(path, compilationOptions);
                diagnostics.AddRange(compilation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
                if (compilation.Pack is not null) packs.Add((path, compilation.Pack));
            }

            PolicyConfiguration? fixedConfig = null;
            if (parse.GetValue(config) is { } configPath)
            {
                if (!File.Exists(configPath)) return io.UsageError($"--config '{configPath}': file not found");
                var (loaded, configDiagnostics) = PolicyConfiguration.Load(configPath);
                diagnostics.AddRange(configDiagnostics);
                fixedConfig = loaded;
            }

            var failOnValue = parse.GetValue(failOn) switch { "warning" => FailOn.Warning, "unknown" => FailOn.Unknown, _ => FailOn.Error };
            var explainValue = parse.GetValue(explain);
            var formatName = parse.GetValue(format)!;
            var colour = outputPath is null && ConsoleSink.ColourWanted(io.Stdout, parse.GetValue(noColour));

            // Batches (.jsonl) and the jsonl format stream: read, evaluated on every core and written in input order,
            // a chunk at a time, so memory stays flat however long the batch is.
            if (parse.GetValue(descriptors)!.Any(DescriptorInputs.IsBatch) || formatName == "jsonl")
            {
                if (Loading.HasErrors(diagnostics) || packs.Count == 0)
                {
                    io.Report(diagnostics);
                    return ExitCodes.BadInput;
                }
                return Stream(io, parse.GetValue(descriptors)!, packs, fixedConfig, failOnValue, explainValue, today, formatName, outputPath,
                    parse.GetValue(all), colour, diagnostics, limits, threadCount, schema);
            }

            var inputs = DescriptorInputs.Expand(parse.GetValue(descriptors)!, io.Stdin, diagnostics, limits, schema);
            var loadedDescriptors = new List<Descriptor>();
            foreach (var input in inputs)
            {
                var result = input.Load();
                diagnostics.AddRange(result.Diagnostics);
                if (result.Succeeded) loadedDescriptors.Add(result.Descriptor!);
            }

            var configurations = new ConfigurationResolver(fixedConfig, diagnostics);
            foreach (var descriptor in loadedDescriptors) configurations.For(descriptor);

            if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || packs.Count == 0 || loadedDescriptors.Count == 0)
            {
                io.Report(diagnostics);
                return ExitCodes.BadInput;
            }

            var allRules = packs.SelectMany(p => p.Pack.Bound.Rules).ToList();
            foreach (var configuration in configurations.Loaded) diagnostics.AddRange(configuration.CheckAgainst(allRules));

            var entries = Evaluate(io, packs, loadedDescriptors, configurations.For, explainValue, today, diagnostics, threadCount);
            // A rule that faulted is a finding (error, which blocks) and a diagnostic at the rule.
            diagnostics.AddRange(entries.SelectMany(e => e.Verdict.Findings).Select(f => f.ErrorDiagnostic).OfType<Diagnostic>());
            var run = new EvaluationRun(entries, DiagnosticFormatter.Sort(diagnostics), failOnValue, explainValue);

            IEvaluationWriter writer = formatName == "text" ? new TextEvaluationWriter(parse.GetValue(all), colour) : Formats.Eval(formatName);
            Formats.Emit(io, outputPath, w => writer.Write(run, w));
            io.Report(diagnostics);
            return run.IsBlocked ? ExitCodes.Blocked : ExitCodes.Pass;
        });
        return command;
    }

    private const int ChunkSize = 512;

    private static int Stream(CommandContext io, string[] arguments, List<(string Path, CompiledPack Pack)> packs, PolicyConfiguration? fixedConfig,
        FailOn failOn, bool explain, DateOnly today, string formatName, string? outputPath, bool showPassing, bool colour, List<Diagnostic> diagnostics,
        Limits limits, int threads, PolicyEngine.Schema.DescriptorSchema? schema)
    {
        var configurations = new ConfigurationResolver(fixedConfig, diagnostics);

        using var pending = outputPath is null ? null : AtomicFile.Begin(outputPath);
        var output = pending?.Writer ?? io.Stdout;
        var document = formatName is "text" or "jsonl" ? null : new List<EvaluationEntry>();
        var textWriter = new TextEvaluationWriter(showPassing, colour);
        var blocked = false;
        var failed = false;
        var processed = 0;

        void Work()
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
            foreach (var chunk in DescriptorInputs.Expand(arguments, io.Stdin, diagnostics, limits, schema).Chunk(ChunkSize))
            {
                var loaded = new DescriptorLoadResult[chunk.Length];
                Parallel.For(0, chunk.Length, parallel, i => loaded[i] = chunk[i].Load());
                var descriptors = new List<Descriptor>();
                foreach (var result in loaded)
                {
                    // Problems are reported in input order, as they are met.
                    io.Report(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
                    lock (diagnostics) diagnostics.AddRange(result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error));
                    if (result.Succeeded) descriptors.Add(result.Descriptor!);
                    else failed = true;
                }
                var waivers = new List<Diagnostic>[descriptors.Count * packs.Count];
                var entries = new EvaluationEntry[descriptors.Count * packs.Count];
                // JSON Lines are serialised on the workers too (a verdict's JSON costs more than evaluating it), then
                // written in input order.
                var lines = formatName == "jsonl" ? new string[entries.Length] : null;
                Parallel.For(0, entries.Length, parallel, i =>
                {
                    var descriptor = descriptors[i / packs.Count];
                    var (path, pack) = packs[i % packs.Count];
                    var config = configurations.For(descriptor);
                    var verdict = pack.Evaluate(descriptor, new EvaluationOptions { Explain = explain, Fixes = explain, Severity = config.SeverityOf });
                    waivers[i] = [.. config.ApplyWaivers(verdict, descriptor, today)];
                    entries[i] = new EvaluationEntry(verdict, path, pack, descriptor);
                    if (lines is not null) lines[i] = VerdictJsonWriter.Line(entries[i], failOn);
                });
                foreach (var list in waivers) diagnostics.AddRange(list);
                // A rule that faulted is a finding (error, which blocks) and a diagnostic at the rule.
                diagnostics.AddRange(entries.SelectMany(e => e.Verdict.Findings).Select(f => f.ErrorDiagnostic).OfType<Diagnostic>());
                for (var index = 0; index < entries.Length; index++)
                {
                    var entry = entries[index];
                    blocked |= entry.Verdict.IsBlocking(failOn);
                    if (document is not null) document.Add(entry);
                    else if (lines is not null)
                    {
                        output.Write(lines[index]);
                        output.Write('\n');
                    }
                    else textWriter.Write(new EvaluationRun([entry], [], failOn, explain), output);
                }
                Interlocked.Add(ref processed, chunk.Length);
            }
        }
        Progress.Run(io, "Evaluating", () => processed, -1, Work);

        if (document is not null)
        {
            var writer = Formats.Eval(formatName);
            writer.Write(new EvaluationRun(document, DiagnosticFormatter.Sort(diagnostics), failOn, explain), output);
        }
        output.Flush();
        var allRules = packs.SelectMany(p => p.Pack.Bound.Rules).ToList();
        foreach (var configuration in configurations.Loaded) diagnostics.AddRange(configuration.CheckAgainst(allRules));
        io.Report(diagnostics);
        if (failed || Loading.HasErrors(diagnostics)) return ExitCodes.BadInput;
        pending?.Commit();
        return blocked ? ExitCodes.Blocked : ExitCodes.Pass;
    }

    private static List<EvaluationEntry> Evaluate(CommandContext io, List<(string Path, CompiledPack Pack)> packs, List<Descriptor> descriptors,
        Func<Descriptor, PolicyConfiguration> configFor, bool explain, DateOnly today, List<Diagnostic> diagnostics, int threads)
    {
        var total = packs.Count * descriptors.Count;
        var entries = new EvaluationEntry[total];
        var waiverDiagnostics = new List<Diagnostic>[total];
        var done = 0;
        void Work()
        {
            Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
            {
                var descriptor = descriptors[i / packs.Count];
                var (path, pack) = packs[i % packs.Count];
                var config = configFor(descriptor);
                var verdict = pack.Evaluate(descriptor, new EvaluationOptions { Explain = explain, Fixes = explain, Severity = config.SeverityOf });
                waiverDiagnostics[i] = [.. config.ApplyWaivers(verdict, descriptor, today)];
                entries[i] = new EvaluationEntry(verdict, path, pack, descriptor);
                Interlocked.Increment(ref done);
            });
        }
        Progress.Run(io, "Evaluating", () => done, total, Work);
        foreach (var list in waiverDiagnostics) diagnostics.AddRange(list);
        return [.. entries];
    }
}

/// <summary>The human-readable verdicts, one block per descriptor × pack.</summary>
public sealed class TextEvaluationWriter : IEvaluationWriter
{
    private readonly bool _showPassing;
    private readonly bool _colour;

    public TextEvaluationWriter(bool showPassing, bool colour)
    {
        _showPassing = showPassing;
        _colour = colour;
    }

    public void Write(EvaluationRun run, TextWriter output)
    {
        var sink = new ConsoleSink(output, _colour);
        foreach (var entry in run.Entries) TextReporter.Write(sink, entry.Verdict, entry.PackPath, run.Explain, _showPassing);
    }
}

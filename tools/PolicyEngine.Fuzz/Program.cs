using System.Globalization;
using PolicyEngine.Fuzz;
using PolicyEngine.Fuzz.Running;

namespace PolicyEngine.Fuzz
{
    /// <summary>dotnet run --project tools/PolicyEngine.Fuzz -c Release -- --target policy|descriptor|cli|all --count 1000000 --seed N
    /// (docs/robustness.md).</summary>
    public static class FuzzProgram
    {
        private const string Usage = """
            PolicyEngine.Fuzz: fuzzes the policy compiler, the descriptor reader and the policyengine command.

              --target policy|descriptor|cli|all   what to fuzz (all: the three, one after another)
              --count N          inputs per target (default 10000)
              --seed N           the run's seed (default 1); with --start, any input can be made again
              --start N          the first input's index (default 0)
              --jobs N           worker processes (default: one per processor)
              --in-process       run inputs in this process (faster; a stack overflow ends the run)
              --time-bound-ms N  an input slower than this, three times running, is a crash (policy and descriptor 2000, cli 10000)
              --timeout-ms N     a worker that does not answer within this is killed: a crash (default 60000)
              --out DIR          where crash files go (default fuzz-results)
              --no-minimise      keep crashing inputs as they are
              --max-crashes N    stop after N distinct crashes (default 20)
              --repo DIR         the repository (found from the tool's folder by default)
              --replay FILE      run a saved .case file in this process and print what happens
              Ctrl-C or SIGTERM stops a run cleanly: the summary says which --start continues it.
              --print N          print the first N inputs of --target instead of running them

            Exit code: 0 no crash, 1 crashes found, 2 bad usage.
            """;

        public static int Main(string[] args)
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            var flags = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                if (arg is "--in-process" or "--no-minimise" or "--worker" or "--help" or "-h" or "--culture-probe") flags.Add(arg);
                else if (arg.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length) options[arg] = args[++i];
                else
                {
                    Console.Error.WriteLine($"PolicyEngine.Fuzz: unknown argument '{arg}'\n\n{Usage}");
                    return 2;
                }
            }
            if (flags.Contains("--help") || flags.Contains("-h"))
            {
                Console.WriteLine(Usage);
                return 0;
            }
            if (flags.Contains("--culture-probe"))
            {
                // For the determinism tests: shows the culture a child process started the way they start the CLI gets.
                var culture = CultureInfo.CurrentCulture;
                Console.WriteLine($"{culture.Name}|{1.5.ToString(culture)}|{"i".ToUpper(culture)}");
                return 0;
            }
            if (options.TryGetValue("--repo", out var repo)) RepoPaths.Root = repo;
            var target = options.GetValueOrDefault("--target", "all");
            if (flags.Contains("--worker")) return Worker.Run(target);
            if (options.TryGetValue("--replay", out var replay)) return Replay(replay);

            long Number(string name, long fallback) =>
                options.TryGetValue(name, out var text) ? long.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

            var targets = target == "all" ? Generation.Targets : [target];
            if (targets.Any(t => !Generation.Targets.Contains(t) && t != "selftest"))
            {
                Console.Error.WriteLine($"PolicyEngine.Fuzz: no target '{target}'\n\n{Usage}");
                return 2;
            }
            if (options.ContainsKey("--print"))
            {
                foreach (var t in targets)
                {
                    for (var i = 0L; i < Number("--print", 10); i++) Console.WriteLine(Generation.Generate(t, Number("--seed", 1), Number("--start", 0) + i).Describe() + "\n----");
                }
                return 0;
            }

            var crashes = 0;
            foreach (var t in targets)
            {
                var campaign = new Campaign(new CampaignOptions
                {
                    Target = t,
                    Count = Number("--count", 10_000),
                    Seed = Number("--seed", 1),
                    Start = Number("--start", 0),
                    Jobs = (int)Number("--jobs", Environment.ProcessorCount),
                    InProcess = flags.Contains("--in-process"),
                    TimeBound = options.ContainsKey("--time-bound-ms") ? TimeSpan.FromMilliseconds(Number("--time-bound-ms", 0)) : CampaignOptions.DefaultTimeBound(t),
                    Timeout = TimeSpan.FromMilliseconds(Number("--timeout-ms", 60_000)),
                    OutputDirectory = options.GetValueOrDefault("--out", "fuzz-results"),
                    Minimise = !flags.Contains("--no-minimise"),
                    MaxCrashes = (int)Number("--max-crashes", 20),
                    Log = Console.Out,
                });
                Console.WriteLine($"fuzzing {t} ({Environment.ProcessorCount} processors, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription})");
                // Ctrl-C (or SIGTERM) ends the campaign cleanly, with its summary.
                ConsoleCancelEventHandler onCancel = (_, e) =>
                {
                    e.Cancel = true;
                    campaign.Interrupt();
                };
                Console.CancelKeyPress += onCancel;
                using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
                {
                    context.Cancel = true;
                    campaign.Interrupt();
                });
                var result = campaign.Run();
                Console.CancelKeyPress -= onCancel;
                Console.WriteLine(result.Summary());
                crashes += result.Crashes.Count;
            }
            return crashes == 0 ? 0 : 1;
        }

        private static int Replay(string path)
        {
            var input = FuzzCase.FromLine(File.ReadAllText(path));
            Console.WriteLine(input.Describe());
            using var fixtures = new Fixtures();
            if (input.Target == "cli") Directory.SetCurrentDirectory(fixtures.Directory);
            var result = Execution.Execute(Execution.CreateTarget(input.Target, fixtures), input);
            Console.WriteLine(result.Ok ? $"ok ({result.Note}, {result.Milliseconds:N0} ms)" : $"{result.Kind}: {result.Message}");
            return result.Ok ? 0 : 1;
        }
    }
}

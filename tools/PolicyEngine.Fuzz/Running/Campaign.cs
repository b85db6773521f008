using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PolicyEngine.Fuzz.Running;

public sealed record CampaignOptions
{
    public required string Target { get; init; }
    public long Count { get; init; } = 10_000;
    public long Seed { get; init; } = 1;
    public long Start { get; init; }
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public bool InProcess { get; init; }

    /// <summary>An input that takes longer than this (three times running) is a crash.</summary>
    public TimeSpan TimeBound { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A worker that does not answer within this is killed, and the input is a crash.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public string? OutputDirectory { get; init; }
    public bool Minimise { get; init; } = true;

    /// <summary>Time one crash may be minimised for.</summary>
    public TimeSpan MinimiseBudget { get; init; } = TimeSpan.FromMinutes(3);
    public int MaxCrashes { get; init; } = 20;
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Where case <c>index</c> comes from; by default the generators.</summary>
    public Func<long, FuzzCase>? Cases { get; init; }

    public static TimeSpan DefaultTimeBound(string target) => target == "cli" ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(2);
}

public sealed record Crash(FuzzCase Case, CaseResult Result, FuzzCase? Minimised, int MinimiseAttempts)
{
    public int Occurrences { get; set; } = 1;
}

public sealed class CampaignResult
{
    public required CampaignOptions Options { get; init; }
    public long Runs { get; set; }
    public SortedDictionary<string, long> Notes { get; } = new(StringComparer.Ordinal);
    public List<Crash> Crashes { get; } = new();
    public TimeSpan Elapsed { get; set; }
    public double SlowestMilliseconds { get; set; }
    public long SlowestIndex { get; set; } = -1;
    public bool Stopped { get; set; }
    public bool Interrupted { get; set; }
    public long NextIndex { get; set; }

    public string Summary()
    {
        var sb = new StringBuilder();
        var rate = Runs / Math.Max(0.001, Elapsed.TotalSeconds);
        sb.Append(CultureInfo.InvariantCulture, $"target {Options.Target}: {Runs:N0} inputs (seed {Options.Seed}, from {Options.Start:N0}) in {Elapsed:hh\\:mm\\:ss}, {rate:N0}/s, ");
        sb.Append(Options.InProcess ? "in process" : $"{Options.Jobs} worker processes").Append('\n');
        sb.Append("  outcomes: ").Append(string.Join(", ", Notes.Select(n => $"{n.Key} {n.Value:N0}"))).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"  slowest input: {SlowestMilliseconds:N0} ms (index {SlowestIndex})\n");
        sb.Append(CultureInfo.InvariantCulture, $"  crashes: {Crashes.Count} distinct, {Crashes.Sum(c => c.Occurrences)} inputs{(Stopped ? " (stopped early)" : "")}\n");
        if (Interrupted) sb.Append(CultureInfo.InvariantCulture, $"  interrupted: inputs {Options.Start:N0} to {NextIndex - 1:N0} ran; --start {NextIndex} continues\n");
        foreach (var crash in Crashes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  - {crash.Result.Signature} ×{crash.Occurrences} (first at index {crash.Case.Index})\n");
        }
        return sb.ToString();
    }
}

/// <summary>A fuzzing run: generates cases, runs them in worker processes (or in this process), confirms slow ones,
/// records, de-duplicates and minimises crashes, and keeps statistics.</summary>
public sealed class Campaign
{
    private readonly CampaignOptions _options;
    private readonly CampaignResult _result;
    private readonly object _gate = new();
    private long _next;

    public Campaign(CampaignOptions options)
    {
        _options = options;
        _result = new CampaignResult { Options = options };
        _next = options.Start;
    }

    private FuzzCase CaseAt(long index) => _options.Cases?.Invoke(index) ?? Generation.Generate(_options.Target, _options.Seed, index);

    public CampaignResult Run()
    {
        var clock = Stopwatch.StartNew();
        using var progress = new Timer(_ => Progress(clock), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        if (_options.InProcess) RunInProcess();
        else
        {
            var threads = Enumerable.Range(0, Math.Max(1, _options.Jobs)).Select(_ => new Thread(RunWorker)).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }
        _result.Elapsed = clock.Elapsed;
        return _result;
    }

    private void Progress(Stopwatch clock)
    {
        lock (_gate)
        {
            var rate = _result.Runs / Math.Max(0.001, clock.Elapsed.TotalSeconds);
            _options.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{clock.Elapsed:hh\\:mm\\:ss}] {_options.Target}: {_result.Runs:N0}/{_options.Count:N0} inputs, {_result.Crashes.Count} crashes, {rate:N0}/s"));
            _options.Log.Flush();
        }
    }

    /// <summary>Stops taking inputs: the ones running finish, then the summary is printed, with the index to resume
    /// from (inputs are a function of seed and index, so <c>--start</c> that index continues the run).</summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            _result.Stopped = true;
            _result.Interrupted = true;
            _result.NextIndex = _next;
        }
    }

    private bool TryTake(out long index)
    {
        lock (_gate)
        {
            index = _next;
            if (_result.Stopped || _next >= _options.Start + _options.Count) return false;
            _next++;
            return true;
        }
    }

    private void RunInProcess()
    {
        using var fixtures = new Fixtures();
        var previous = Directory.GetCurrentDirectory();
        if (_options.Target == "cli") Directory.SetCurrentDirectory(fixtures.Directory);
        var executor = new InProcessExecutor(Execution.CreateTarget(_options.Target, fixtures));
        try
        {
            while (TryTake(out var index))
            {
                var input = CaseAt(index);
                var result = Confirmed(input, c => executor.Run(c, _options.Timeout));
                Record(input, result, executor.Wedged ? null : c => executor.Run(c, _options.Timeout));
                if (executor.Wedged) lock (_gate) _result.Stopped = true;
            }
        }
        finally
        {
            executor.Dispose();
            if (_options.Target == "cli") Directory.SetCurrentDirectory(previous);
        }
    }

    private void RunWorker()
    {
        using var worker = new WorkerProcess(_options.Target, RepoPaths.Root);
        while (TryTake(out var index))
        {
            var input = CaseAt(index);
            var result = Confirmed(input, c => worker.Run(c, _options.Timeout));
            Record(input, result, c => worker.Run(c, _options.Timeout));
        }
    }

    /// <summary>An input over the time bound is run twice more; only if every run is over the bound is it slow (a busy
    /// machine or a garbage collection can stretch one run).</summary>
    private CaseResult Confirmed(FuzzCase input, Func<FuzzCase, CaseResult> run)
    {
        var result = run(input);
        if (!result.Ok || result.Milliseconds <= _options.TimeBound.TotalMilliseconds) return result;
        var fastest = result.Milliseconds;
        for (var i = 0; i < 2; i++)
        {
            var again = run(input);
            if (!again.Ok) return again;
            fastest = Math.Min(fastest, again.Milliseconds);
            if (fastest <= _options.TimeBound.TotalMilliseconds) return again;
        }
        return CaseResult.Fail(CrashKinds.Slow, string.Create(CultureInfo.InvariantCulture,
            $"took {fastest:N0} ms at the fastest of three runs, over the bound of {_options.TimeBound.TotalMilliseconds:N0} ms"), fastest);
    }

    private void Record(FuzzCase input, CaseResult result, Func<FuzzCase, CaseResult>? rerun)
    {
        Crash? fresh = null;
        lock (_gate)
        {
            _result.Runs++;
            if (result.Ok)
            {
                _result.Notes[result.Note] = _result.Notes.GetValueOrDefault(result.Note) + 1;
                if (result.Milliseconds > _result.SlowestMilliseconds)
                {
                    _result.SlowestMilliseconds = result.Milliseconds;
                    _result.SlowestIndex = input.Index;
                }
                return;
            }
            _result.Notes["crash"] = _result.Notes.GetValueOrDefault("crash") + 1;
            var known = _result.Crashes.FirstOrDefault(c => c.Result.Signature == result.Signature);
            if (known is not null)
            {
                known.Occurrences++;
                return;
            }
            _options.Log.WriteLine($"CRASH {result.Signature} at index {input.Index}");
            if (_result.Crashes.Count + 1 >= _options.MaxCrashes) _result.Stopped = true;
        }

        FuzzCase? minimised = null;
        var attempts = 0;
        if (_options.Minimise)
        {
            // A hang in process leaves its thread busy: attempts then run in a worker process.
            using var spare = rerun is null ? new WorkerProcess(_options.Target, RepoPaths.Root) : null;
            var run = rerun ?? (c => spare!.Run(c, _options.Timeout));
            // Slow inputs are minimised as slow: each attempt then costs up to three runs, so the budget is smaller.
            var minimiser = new Minimiser(c => Confirmed(c, run), maxAttempts: result.Kind is CrashKinds.Slow or CrashKinds.Hang ? 60 : 400, budget: _options.MinimiseBudget);
            minimised = minimiser.Minimise(input, result.Signature);
            attempts = minimiser.Attempts;
        }
        fresh = new Crash(input, result, minimised, attempts);
        lock (_gate) _result.Crashes.Add(fresh);
        Save(fresh);
    }

    private void Save(Crash crash)
    {
        if (_options.OutputDirectory is null) return;
        Directory.CreateDirectory(_options.OutputDirectory);
        var stem = Path.Combine(_options.OutputDirectory, $"{crash.Case.Target}-{crash.Case.Seed}-{crash.Case.Index}");
        File.WriteAllText(stem + ".case", crash.Case.ToLine() + "\n");
        var report = new StringBuilder();
        report.Append("# ").Append(crash.Result.Signature).Append("\n\n").Append(crash.Result.Message).Append("\n\n## Input\n\n").Append(crash.Case.Describe()).Append('\n');
        if (crash.Minimised is { } min)
        {
            File.WriteAllText(stem + ".min.case", min.ToLine() + "\n");
            report.Append(CultureInfo.InvariantCulture, $"\n## Minimised ({crash.MinimiseAttempts} attempts)\n\n").Append(min.Describe()).Append('\n');
        }
        report.Append("\nReplay: dotnet run --project tools/PolicyEngine.Fuzz -c Release -- --replay ").Append(stem).Append(".case\n");
        File.WriteAllText(stem + ".txt", report.ToString());
    }
}

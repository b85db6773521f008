using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Evaluation;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;
using PolicyEngine.Text;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// gating-20 over the 10,000 descriptors of the shared corpus, every engine in one run. Each benchmark that
/// goes over the corpus reports time per descriptor (OperationsPerInvoke = corpus size). Every engine's
/// checksums are verified in the setup, so a fast wrong answer cannot be reported.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Gating20Benchmarks
{
    public const int Descriptors = 10_000;

    private byte[][] _json = [];
    private string[] _text = [];
    private DescriptorSchema _schema = null!;
    private CompiledPack _pack = null!;
    private Record[] _records = [];
    private Descriptor[] _descriptors = [];
    private G20Descriptor[] _pocos = [];
    private RulesEngineGating _rulesEngine = null!;
    private string _generatedPack = "";
    private readonly EvaluationOptions _explain = new() { Explain = true };
    private EvaluationContext? _context;

    [GlobalSetup]
    public void Setup()
    {
        _json = Gating20.ReadCorpus();
        if (_json.Length != Descriptors) throw new InvalidOperationException($"the corpus has {_json.Length} descriptors, not {Descriptors}");
        _text = _json.Select(j => System.Text.Encoding.UTF8.GetString(j)).ToArray();
        _schema = Gating20.LoadSchema();
        _pack = Gating20.CompilePack(_schema);
        _descriptors = _text.Select((t, i) =>
        {
            var loaded = DescriptorLoader.Load(t, $"corpus.jsonl:{i + 1}", _schema);
            return loaded.Succeeded ? loaded.Descriptor! : throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics));
        }).ToArray();
        _records = _descriptors.Select(d => d.Root).ToArray();
        _pocos = _json.Select(j => HandWritten.Parse(j)).ToArray();
        _rulesEngine = new RulesEngineGating();
        _generatedPack = PackGenerator.Generate(1000);

        // Every engine, every path: the published checksums or no benchmark.
        Gating20.Verify("PolicyEngine (warm)", Masks(i => EvaluateRecord(_records[i])));
        Gating20.Verify("PolicyEngine (from JSON)", Masks(i => LoadAndEvaluate(i)));
        Gating20.Verify("PolicyEngine (Evaluate)", Masks(i => Gating20.Mask(_pack.Evaluate(_descriptors[i]).Findings)));
        Gating20.Verify("PolicyEngine (traced)", Masks(i => Gating20.Mask(_pack.Evaluate(_descriptors[i], _explain).Findings)));
        Gating20.Verify("PolicyEngine (from JSON, LoadFast)", Masks(LoadDescriptorAndEvaluate));
        Gating20.Verify("PolicyEngine (from JSON, Load with diagnostics)", Masks(LoadWithDiagnosticsAndEvaluate));
        Gating20.Verify("PolicyEngine (batch)", BatchMasks());
        Gating20.Verify("PolicyEngine (warm batch)", WarmBatchMasks());
        if (_json.Count(j => !DescriptorLoader.TryLoadFast(j, _schema, out _)) is var slow and > 0) throw new InvalidOperationException($"{slow} descriptors need the full loader");
        Gating20.Verify("hand-written C# (warm)", Masks(i => HandWritten.Evaluate(_pocos[i])));
        Gating20.Verify("hand-written C# (from JSON)", Masks(i => HandWritten.Evaluate(HandWritten.Parse(_json[i]))));
        Gating20.Verify("Microsoft RulesEngine", Masks(i => _rulesEngine.Evaluate(_pocos[i])));
        var generated = Compile1000();
        if (generated.Bound.Rules.Count != 1000) throw new InvalidOperationException("the generated pack does not have 1,000 rules");
    }

    private static uint[] Masks(Func<int, uint> evaluate)
    {
        var masks = new uint[Descriptors];
        for (var i = 0; i < Descriptors; i++) masks[i] = evaluate(i);
        return masks;
    }

    /// <summary>All 20 outcomes of one descriptor on a context reused from descriptor to descriptor.</summary>
    private uint EvaluateRecord(EvaluationContext context, Record record)
    {
        context.Reset(record);
        _pack.EvaluateOutcomes(context);
        return Gating20.Mask(context.Outcomes);
    }

    private uint EvaluateRecord(Record record) => EvaluateRecord(_context ??= _pack.NewContext(record), record);

    private uint LoadAndEvaluate(int i) => LoadAndEvaluate(_context ??= _pack.NewContext(_records[0]), i);

    /// <summary>JSON bytes to 20 outcomes: the fast loader straight into the record (the full loader only if it gives up).</summary>
    private uint LoadAndEvaluate(EvaluationContext context, int i)
    {
        if (!DescriptorLoader.TryLoadFast(_json[i], _schema, out var root))
        {
            root = DescriptorLoader.LoadFast(_json[i], "corpus.json", _schema).Descriptor?.Root ?? throw new InvalidOperationException($"line {i + 1} does not load");
        }
        return EvaluateRecord(context, root);
    }

    /// <summary>The same through the full loader's public result (a Descriptor with its text and SHA-256).</summary>
    private uint LoadDescriptorAndEvaluate(int i) =>
        EvaluateRecord(_context ??= _pack.NewContext(_records[0]), DescriptorLoader.LoadFast(_json[i], "corpus.json", _schema).Descriptor!.Root);

    /// <summary>The same through the Newtonsoft reader with diagnostics (DescriptorLoader.Load on the text).</summary>
    private uint LoadWithDiagnosticsAndEvaluate(int i) =>
        EvaluateRecord(_context ??= _pack.NewContext(_records[0]), DescriptorLoader.Load(_text[i], "corpus.json", _schema).Descriptor!.Root);

    /// <summary>From JSON to outcomes on every core: one context per worker, descriptors handed out in ranges.</summary>
    private uint[] BatchMasks()
    {
        var masks = new uint[Descriptors];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, Descriptors, 250), range =>
        {
            var context = _pack.NewContext(_records[0]);
            for (var i = range.Item1; i < range.Item2; i++) masks[i] = LoadAndEvaluate(context, i);
        });
        return masks;
    }

    private CompiledPack Compile1000()
    {
        var compilation = PolicyCompiler.Compile("generated", [new SourceText(_generatedPack, "generated.policy")], new CompilationOptions { Schema = _schema });
        return compilation.Pack ?? throw new InvalidOperationException(string.Join("\n", compilation.Diagnostics.Take(5)));
    }

    /// <summary>Loaded descriptors to outcomes on every core.</summary>
    private uint[] WarmBatchMasks()
    {
        var masks = new uint[Descriptors];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, Descriptors, 250), range =>
        {
            var context = _pack.NewContext(_records[0]);
            for (var i = range.Item1; i < range.Item2; i++) masks[i] = EvaluateRecord(context, _records[i]);
        });
        return masks;
    }

    // ---- warm: descriptors already loaded ------------------------------------------------------------

    [Benchmark(Baseline = true, OperationsPerInvoke = Descriptors), BenchmarkCategory("1 warm")]
    public uint HandWrittenWarm()
    {
        var h = 0u;
        foreach (var d in _pocos) h = h * 31 + HandWritten.Evaluate(d);
        return h;
    }

    [Benchmark(OperationsPerInvoke = Descriptors), BenchmarkCategory("1 warm")]
    public uint PolicyEngineWarm()
    {
        var h = 0u;
        foreach (var r in _records) h = h * 31 + EvaluateRecord(r);
        return h;
    }

    [Benchmark(OperationsPerInvoke = Descriptors), BenchmarkCategory("1 warm")]
    public uint RulesEngineWarm()
    {
        var h = 0u;
        foreach (var d in _pocos) h = h * 31 + _rulesEngine.Evaluate(d);
        return h;
    }

    // ---- from JSON text to 20 outcomes -------------------------------------------------------------

    [Benchmark(Baseline = true, OperationsPerInvoke = Descriptors), BenchmarkCategory("2 from JSON")]
    public uint HandWrittenFromJson()
    {
        var h = 0u;
        foreach (var j in _json) h = h * 31 + HandWritten.Evaluate(HandWritten.Parse(j));
        return h;
    }

    [Benchmark(OperationsPerInvoke = Descriptors), BenchmarkCategory("2 from JSON")]
    public uint PolicyEngineFromJson()
    {
        var h = 0u;
        for (var i = 0; i < _json.Length; i++) h = h * 31 + LoadAndEvaluate(i);
        return h;
    }

    [Benchmark(OperationsPerInvoke = Descriptors), BenchmarkCategory("2 from JSON")]
    public uint PolicyEngineFromJsonLoadFast()
    {
        var h = 0u;
        for (var i = 0; i < _json.Length; i++) h = h * 31 + LoadDescriptorAndEvaluate(i);
        return h;
    }

    [Benchmark(OperationsPerInvoke = Descriptors), BenchmarkCategory("2 from JSON")]
    public uint PolicyEngineFromJsonWithDiagnostics()
    {
        var h = 0u;
        for (var i = 0; i < _text.Length; i++) h = h * 31 + LoadWithDiagnosticsAndEvaluate(i);
        return h;
    }

    // ---- verdicts, with and without explanations ---------------------------------------------------------

    [Benchmark(Baseline = true, OperationsPerInvoke = Descriptors), BenchmarkCategory("3 verdicts")]
    public uint Verdicts()
    {
        var h = 0u;
        foreach (var d in _descriptors) h = h * 31 + Gating20.Mask(_pack.Evaluate(d).Findings);
        return h;
    }

    [Benchmark(OperationsPerInvoke = Descriptors), BenchmarkCategory("3 verdicts")]
    public uint VerdictsExplained()
    {
        var h = 0u;
        foreach (var d in _descriptors) h = h * 31 + Gating20.Mask(_pack.Evaluate(d, _explain).Findings);
        return h;
    }

    // ---- batch: on every core ----------------------------------------------------------------------------

    [Benchmark(OperationsPerInvoke = Descriptors), BenchmarkCategory("2 from JSON")]
    public uint PolicyEngineFromJsonBatch() => BatchMasks()[^1];

    [Benchmark(OperationsPerInvoke = Descriptors), BenchmarkCategory("1 warm")]
    public uint PolicyEngineWarmBatch() => WarmBatchMasks()[^1];

    // ---- compile a 1,000-rule pack ---------------------------------------------------------------------

    [Benchmark, BenchmarkCategory("4 compile")]
    public CompiledPack Compile1000Rules() => Compile1000();

    /// <summary>Compile, then evaluate once: anything deferred to the first evaluation is counted.</summary>
    [Benchmark, BenchmarkCategory("4 compile")]
    public RuleOutcome Compile1000RulesAndEvaluateOnce()
    {
        var pack = Compile1000();
        var context = pack.NewContext(_records[0]);
        pack.EvaluateOutcomes(context);
        return context.Outcomes[^1];
    }
}

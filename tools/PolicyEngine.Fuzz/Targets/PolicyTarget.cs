using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;
using PolicyEngine.Text;

namespace PolicyEngine.Fuzz.Targets;

/// <summary>Compiles the text as a pack (in the fixture folder, so imports and tables resolve); when it compiles,
/// evaluates it against three descriptors (with proofs and fixes for a quarter of inputs), runs its tests and writes
/// reports. Diagnostics, verdicts and reports are checked by the <see cref="Oracle"/>.</summary>
public sealed class PolicyTarget : ITarget
{
    private readonly Fixtures _fixtures;
    private readonly Lazy<Descriptor[]> _descriptors;

    public PolicyTarget(Fixtures fixtures)
    {
        _fixtures = fixtures;
        _descriptors = new(() => new[] { "model.json", "minimal.json", "model.yaml" }
            .Select(name => DescriptorLoader.LoadFile(Path.Combine(fixtures.Directory, name)))
            .Select(r => r.Descriptor ?? throw new InvalidOperationException("fixture descriptor does not load: " + string.Join("; ", r.Diagnostics)))
            .ToArray());
    }

    public string Name => "policy";

    public (string Note, string? Problem) Run(FuzzCase input)
    {
        var source = new SourceText(input.Text, _fixtures.PolicyPath);
        var compilation = PolicyCompiler.Compile("fuzz", [source]);
        if (Oracle.Check(compilation.Diagnostics) is { } problem) return ("", problem);
        var errors = compilation.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        if (compilation.Pack is null)
        {
            return errors == 0 ? ("", "the pack did not compile but no diagnostic is an error") : ("rejected", null);
        }
        if (errors > 0) return ("", "the pack compiled despite an error diagnostic");

        var pack = compilation.Pack;
        // Proofs for a quarter of inputs, counterfactual fixes (a search of up to 400 evaluations per finding) for a sixteenth.
        var thorough = input.Index % 4 == 0;
        var fixes = input.Index % 16 == 0;
        var entries = new List<EvaluationEntry>();
        foreach (var descriptor in _descriptors.Value)
        {
            var verdict = pack.Evaluate(descriptor, new EvaluationOptions { Explain = thorough, ExplainAll = thorough && input.Index % 8 == 0, Fixes = fixes });
            if (Oracle.Check(verdict) is { } wrong) return ("", wrong);
            entries.Add(new EvaluationEntry(verdict, "fuzz.policy", pack, descriptor));
        }
        var tests = TestRunner.Run(pack);
        if (tests.Results.Any(r => r.Error is { } e && e.Contains("   at ", StringComparison.Ordinal))) return ("", "a test reports a stack trace");
        if (thorough)
        {
            var run = new EvaluationRun(entries, [], FailOn.Error, Explain: true);
            if (Oracle.CheckReports(run) is { } badReport) return ("", badReport);
            foreach (var entry in entries) TextReporter.Write(new StringSink(), entry.Verdict, "fuzz.policy", explain: true, showPassing: true);
        }
        return ("compiled", null);
    }
}

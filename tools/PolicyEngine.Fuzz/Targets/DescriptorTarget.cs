using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;

namespace PolicyEngine.Fuzz.Targets;

/// <summary>Loads the bytes as a descriptor (JSON or YAML by the file name); when it loads, evaluates it against every
/// shipped pack (with proofs and reports for one input in sixteen, counterfactual fixes for one in 128). Checked by the
/// <see cref="Oracle"/>.</summary>
public sealed class DescriptorTarget : ITarget
{
    private static readonly Lazy<(string Path, CompiledPack Pack)[]> Packs = new(() =>
        Directory.GetDirectories(RepoPaths.Rules).OrderBy(p => p, StringComparer.Ordinal)
            .Where(d => PolicyCompiler.PackFiles(d).Count > 0)
            .Select(d => (d, PolicyCompiler.CompilePath(d)))
            .Select(c => (c.d, c.Item2.Pack ?? throw new InvalidOperationException($"shipped pack {c.d} does not compile")))
            .ToArray());

    public string Name => "descriptor";

    public (string Note, string? Problem) Run(FuzzCase input)
    {
        var result = DescriptorLoader.LoadFast(input.Data, input.Name);
        if (Oracle.Check(result.Diagnostics) is { } problem) return ("", problem);
        foreach (var d in result.Diagnostics)
        {
            if (d.Location.Path != input.Name) return ("", $"diagnostic for another file: {d}");
        }
        if (!result.Succeeded)
        {
            return result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? ("rejected", null) : ("", "the descriptor was refused without an error");
        }
        var descriptor = result.Descriptor!;
        var thorough = input.Index % 16 == 0;
        var entries = new List<EvaluationEntry>();
        foreach (var (path, pack) in Packs.Value)
        {
            var verdict = pack.Evaluate(descriptor, new EvaluationOptions { Explain = thorough, Fixes = input.Index % 128 == 0 });
            if (Oracle.Check(verdict) is { } wrong) return ("", $"{path}: {wrong}");
            entries.Add(new EvaluationEntry(verdict, path, pack, descriptor));
        }
        if (thorough)
        {
            var run = new EvaluationRun(entries, result.Diagnostics, FailOn.Unknown, Explain: true);
            if (Oracle.CheckReports(run) is { } badReport) return ("", badReport);
        }
        return (result.Diagnostics.Count == 0 ? "loaded" : "loaded-with-warnings", null);
    }
}

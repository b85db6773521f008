using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;

namespace PolicyEngine.Reporting;

/// <summary>One verdict of a run: a pack (as the user named it) against a descriptor.</summary>
public sealed record EvaluationEntry(Verdict Verdict, string PackPath, CompiledPack Pack, Descriptor Descriptor);

/// <summary>Everything an <c>eval</c> run produced, in input order: what the writers print.</summary>
public sealed record EvaluationRun(IReadOnlyList<EvaluationEntry> Entries, IReadOnlyList<Diagnostic> Diagnostics, FailOn FailOn, bool Explain)
{
    public bool IsBlocked => Entries.Any(e => e.Verdict.IsBlocking(FailOn));
}

/// <summary>The packs a <c>lint</c> run compiled, with their diagnostics.</summary>
public sealed record LintRun(IReadOnlyList<PackCompilation> Packs)
{
    public IEnumerable<Diagnostic> Diagnostics => Packs.SelectMany(p => p.Diagnostics);
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>An output format of <c>eval</c>.</summary>
public interface IEvaluationWriter
{
    void Write(EvaluationRun run, TextWriter output);
}

/// <summary>An output format of <c>lint</c>.</summary>
public interface ILintWriter
{
    void Write(LintRun run, TextWriter output);
}

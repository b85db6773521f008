using PolicyEngine.Binding;
using PolicyEngine.Diagnostics;
using PolicyEngine.Runtime;

namespace PolicyEngine.Evaluation;

public enum VerdictKind
{
    Pass,
    Warn,
    /// <summary>Nothing blocks, but a blocking rule could not be decided for lack of facts.</summary>
    Inconclusive,
    Block,
}

public static class VerdictKindText
{
    public static string Text(this VerdictKind kind) => kind switch
    {
        VerdictKind.Pass => "pass",
        VerdictKind.Warn => "warn",
        VerdictKind.Inconclusive => "inconclusive",
        _ => "block",
    };
}

/// <summary>A fact behind a finding: its path, value, line in the descriptor and published source.</summary>
public sealed record FactReference(string Path, string Value, int Line, string? Source, bool Missing);

/// <summary>One step of a proof: an expression, the value it had, and the parts or facts that gave it that value.</summary>
public sealed record ExplanationNode(string Role, string Expression, string Value, IReadOnlyList<ExplanationNode> Parts, IReadOnlyList<FactReference> Facts);

/// <summary>What one rule decided for one descriptor, and why.</summary>
public sealed class Finding
{
    internal Finding(BoundRule rule, RuleOutcome outcome, DiagnosticSeverity severity)
    {
        Rule = rule;
        Outcome = outcome;
        Severity = severity;
    }

    public BoundRule Rule { get; }
    public RuleOutcome Outcome { get; internal set; }

    /// <summary>The rule's severity after configuration.</summary>
    public DiagnosticSeverity Severity { get; internal set; }

    /// <summary>The rule's message with actual values, for fail and unknown findings.</summary>
    public string? Message { get; internal set; }

    /// <summary>Fact paths whose absence made the outcome unknown.</summary>
    public IReadOnlyList<string> MissingFacts { get; internal set; } = [];

    /// <summary>The proof: one node per clause (when, unless, require), when explanations were asked for.</summary>
    public IReadOnlyList<ExplanationNode> Explanation { get; internal set; } = [];

    /// <summary>Smallest fact changes that would make the finding pass, each verified (with explanations).</summary>
    public IReadOnlyList<Fix> Fixes { get; internal set; } = [];

    /// <summary>For <see cref="RuleOutcome.Error"/>: what went wrong.</summary>
    public string? Error { get; internal set; }

    /// <summary>For <see cref="RuleOutcome.Error"/>: the fault as a diagnostic at the rule (PE0300), or at the
    /// <c>matches</c> that ran over its time limit (PE0803).</summary>
    public Diagnostic? ErrorDiagnostic { get; internal set; }

    /// <summary>For <see cref="RuleOutcome.Waived"/>: the waiver's justification, owner and expiry.</summary>
    public string? WaiverJustification { get; internal set; }
    public string? WaiverOwner { get; internal set; }
    public DateOnly? WaiverExpires { get; internal set; }

    /// <summary>What the outcome would have been without the waiver.</summary>
    public RuleOutcome? WaivedOutcome { get; internal set; }

    /// <summary>Marks the finding waived, remembering what it would have been.</summary>
    public void Waive(string justification, string owner, DateOnly expires)
    {
        WaivedOutcome = Outcome;
        Outcome = RuleOutcome.Waived;
        WaiverJustification = justification;
        WaiverOwner = owner;
        WaiverExpires = expires;
    }

    public bool IsBlocking(FailOn failOn) => Outcome switch
    {
        RuleOutcome.Error => true,
        RuleOutcome.Fail => Severity == DiagnosticSeverity.Error || failOn <= FailOn.Warning && Severity == DiagnosticSeverity.Warning,
        RuleOutcome.Unknown => failOn == FailOn.Unknown && Severity >= DiagnosticSeverity.Warning,
        _ => false,
    };
}

/// <summary>What blocks a release: error findings (always), warnings too, or unknown findings as well.</summary>
public enum FailOn { Unknown = 0, Warning = 1, Error = 2 }

public sealed record ClassificationResult(string Name, string Title, string? Label, IReadOnlyList<string> MissingFacts);

public sealed record ScoreResult(string Name, string Title, double? Value, IReadOnlyList<string> MissingFacts);

/// <summary>Hashes that let anyone reproduce a verdict: same pack, same descriptor, same engine.</summary>
public sealed record Provenance(string PackSha256, string DescriptorSha256, string EngineVersion);

/// <summary>One policy pack's verdict on one descriptor.</summary>
public sealed class Verdict
{
    public const string Unclassified = "(none)";

    internal Verdict(string pack, string descriptorPath, string model, IReadOnlyList<Finding> findings,
        IReadOnlyList<ClassificationResult> classifications, IReadOnlyList<ScoreResult> scores, Provenance provenance)
    {
        Pack = pack;
        DescriptorPath = descriptorPath;
        Model = model;
        Findings = findings;
        Classifications = classifications;
        Scores = scores;
        Provenance = provenance;
    }

    public string Pack { get; }
    public string DescriptorPath { get; }
    public string Model { get; }
    public IReadOnlyList<Finding> Findings { get; }
    public IReadOnlyList<ClassificationResult> Classifications { get; }
    public IReadOnlyList<ScoreResult> Scores { get; }
    public Provenance Provenance { get; }

    public VerdictKind Kind => Decide(Findings);

    /// <summary>block: an error-severity rule fails or any rule errors; inconclusive: an error-severity rule is
    /// unknown; warn: a warning-severity rule fails or is unknown; otherwise pass.</summary>
    public static VerdictKind Decide(IEnumerable<Finding> findings)
    {
        var list = findings.ToList();
        if (list.Any(f => f.Outcome == RuleOutcome.Error || f.Outcome == RuleOutcome.Fail && f.Severity == DiagnosticSeverity.Error)) return VerdictKind.Block;
        if (list.Any(f => f.Outcome == RuleOutcome.Unknown && f.Severity == DiagnosticSeverity.Error)) return VerdictKind.Inconclusive;
        if (list.Any(f => f.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown && f.Severity == DiagnosticSeverity.Warning)) return VerdictKind.Warn;
        return VerdictKind.Pass;
    }

    public int Count(RuleOutcome outcome) => Findings.Count(f => f.Outcome == outcome);

    public bool IsBlocking(FailOn failOn) => Findings.Any(f => f.IsBlocking(failOn));
}

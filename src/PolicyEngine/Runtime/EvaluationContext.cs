using PolicyEngine.Evaluation;

namespace PolicyEngine.Runtime;

/// <summary>Everything compiled code reads for one descriptor: its facts and the outputs computed so far.</summary>
public sealed class EvaluationContext
{
    public EvaluationContext(Record root, int rules, int classifications, int scores, Tracer? tracer = null)
    {
        Root = root;
        Outcomes = new RuleOutcome[rules];
        Classifications = new string?[classifications];
        Scores = new double[scores];
        Tracer = tracer;
    }

    public Record Root;
    public readonly RuleOutcome[] Outcomes;
    public readonly string?[] Classifications;
    public readonly double[] Scores;
    public Tracer? Tracer;

    /// <summary>The verdict, for test expectations (<c>expect verdict == "block"</c>).</summary>
    public string? Verdict;

    // Each let is computed at most once per evaluation; these hold the values (by the let's index).
    internal byte[] LetState = [];
    internal double[] LetNumbers = [];
    internal Tri[] LetFlags = [];
    internal object?[] LetObjects = [];

    /// <summary>Points the context at another descriptor's facts, for evaluating many descriptors with one context.</summary>
    public void Reset(Record root)
    {
        Root = root;
        Verdict = null;
        if (LetState.Length != 0) Array.Clear(LetState);
    }

    /// <summary>Forgets the values of lets 0..count-1 (a new evaluation), with room for them.</summary>
    internal void ClearLets(int count)
    {
        if (count == 0) return;
        EnsureLets(count);
        Array.Clear(LetState, 0, count);
    }

    internal void EnsureLets(int count)
    {
        if (LetState.Length >= count) return;
        var size = Math.Max(count, LetState.Length * 2);
        Array.Resize(ref LetState, size);
        Array.Resize(ref LetNumbers, size);
        Array.Resize(ref LetFlags, size);
        Array.Resize(ref LetObjects, size);
    }
}

namespace PolicyEngine.Fuzz.Targets;

/// <summary>A fuzz target: runs one input and says whether the engine behaved. Throwing is the engine's failure,
/// so targets let exceptions escape; the runner records them.</summary>
public interface ITarget
{
    string Name { get; }

    /// <summary>Runs the case; returns a note (what happened, for statistics) or a problem found by the oracle.</summary>
    (string Note, string? Problem) Run(FuzzCase input);
}

namespace PolicyEngine;

/// <summary>Bounds that keep compilation and evaluation finite on any input. Each has its own diagnostic.</summary>
public sealed record Limits
{
    public static Limits Default { get; } = new();

    /// <summary>Brackets and quantifiers nested inside one another (PE0004).</summary>
    public int MaxNestingDepth { get; init; } = 100;

    /// <summary>Depth of an expression tree, e.g. a chain of 'and' (PE0004).</summary>
    public int MaxExpressionDepth { get; init; } = 1000;

    /// <summary>Size of a policy file or descriptor in bytes (PE0403).</summary>
    public long MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Time one regular-expression match may take before the rule is an error.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Nesting depth of a descriptor's JSON or YAML.</summary>
    public int MaxDescriptorDepth { get; init; } = 64;
}

using System.Globalization;

namespace PolicyEngine;

/// <summary>Bounds that keep compilation and evaluation finite on any input. Each has its own diagnostic, and each
/// can be changed (<see cref="With"/>; on the command line <c>--limit name=value</c>) within a ceiling that is
/// itself tested not to crash. docs/robustness.md lists them.</summary>
public sealed record Limits
{
    public static Limits Default { get; } = new();

    /// <summary>Brackets and quantifiers nested inside one another (PE0004).</summary>
    public int MaxNestingDepth { get; init; } = 100;

    /// <summary>Depth of an expression tree, e.g. a chain of 'and' (PE0004).</summary>
    public int MaxExpressionDepth { get; init; } = 1000;

    /// <summary>Size of a policy file or descriptor in bytes (PE0403).</summary>
    public long MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Time one regular-expression match may take before the rule is an error (PE0803).</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Nesting depth of a descriptor's JSON or YAML (PE0802).</summary>
    public int MaxDescriptorDepth { get; init; } = 64;

    /// <summary>Rules in one pack (PE0800).</summary>
    public int MaxRules { get; init; } = 5_000;

    /// <summary>Items in one list: a list in a descriptor or table, or a list literal in a policy (PE0801).</summary>
    public int MaxListItems { get; init; } = 10_000;

    /// <summary>Expression nodes that expanding function calls may create in one pack (PE0804). Functions are
    /// expanded where they are called, so a chain of functions each calling the previous one twice doubles per link.</summary>
    public int MaxExpandedNodes { get; init; } = 200_000;

    /// <summary>A limit as it is named on the command line: its default, the largest value it may be set to, and
    /// how it is read and applied.</summary>
    public sealed record Setting(string Name, string Description, long Default, long Ceiling, Func<Limits, long> Get, Func<Limits, long, Limits> Set);

    /// <summary>The limits by name, in the order they are documented.</summary>
    public static IReadOnlyList<Setting> Settings { get; } =
    [
        new("max-file-bytes", "size of a policy file, descriptor, table or standard input, in bytes", Default.MaxFileBytes, int.MaxValue,
            l => l.MaxFileBytes, (l, v) => l with { MaxFileBytes = v }),
        new("max-nesting-depth", "brackets and quantifiers open at once in one policy expression", Default.MaxNestingDepth, 500,
            l => l.MaxNestingDepth, (l, v) => l with { MaxNestingDepth = (int)v }),
        new("max-expression-depth", "depth of a policy expression tree, and of a chain of lets", Default.MaxExpressionDepth, 5_000,
            l => l.MaxExpressionDepth, (l, v) => l with { MaxExpressionDepth = (int)v }),
        new("max-descriptor-depth", "nesting of a descriptor's or table's JSON or YAML", Default.MaxDescriptorDepth, 1_000,
            l => l.MaxDescriptorDepth, (l, v) => l with { MaxDescriptorDepth = (int)v }),
        new("max-rules", "rules in one pack", Default.MaxRules, 1_000_000,
            l => l.MaxRules, (l, v) => l with { MaxRules = (int)v }),
        new("max-list-items", "items in one list of a descriptor or table, or of a policy's list literal", Default.MaxListItems, 100_000_000,
            l => l.MaxListItems, (l, v) => l with { MaxListItems = (int)v }),
        new("max-expanded-nodes", "expression nodes that expanding function calls may create in one pack", Default.MaxExpandedNodes, 10_000_000,
            l => l.MaxExpandedNodes, (l, v) => l with { MaxExpandedNodes = (int)v }),
        new("regex-timeout-ms", "time one regular-expression match may take, in milliseconds", (long)Default.RegexTimeout.TotalMilliseconds, 60_000,
            l => (long)l.RegexTimeout.TotalMilliseconds, (l, v) => l with { RegexTimeout = TimeSpan.FromMilliseconds(v) }),
    ];

    /// <summary>These limits with one changed, from <c>name=value</c>; or why the assignment is not valid.</summary>
    public (Limits? Limits, string? Error) With(string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        var names = string.Join(", ", Settings.Select(s => s.Name));
        if (equals <= 0) return (null, $"--limit '{assignment}': write name=value, where name is one of {names}");
        var name = assignment[..equals].Trim();
        var text = assignment[(equals + 1)..].Trim().Replace("_", "", StringComparison.Ordinal);
        var setting = Settings.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
        if (setting is null) return (null, $"--limit '{assignment}': there is no limit '{name}'; use one of {names}");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > setting.Ceiling)
            return (null, $"--limit '{assignment}': {name} must be a whole number from 1 to {setting.Ceiling.ToString(CultureInfo.InvariantCulture)}");
        return (setting.Set(this, value), null);
    }
}

namespace PolicyEngine.Binding;

/// <summary>The built-in functions: name, parameter kinds (null = any value) and a short description.</summary>
public static class Builtins
{
    public sealed record Builtin(string Name, string Signature, string Description, int Arity);

    public static IReadOnlyList<Builtin> All { get; } =
    [
        new("known", "known(x) → bool", "true when the fact or value is known; never unknown itself", 1),
        new("lower", "lower(s: string) → string", "lower-case (invariant culture)", 1),
        new("upper", "upper(s: string) → string", "upper-case (invariant culture)", 1),
        new("trim", "trim(s: string) → string", "removes leading and trailing white space", 1),
        new("length", "length(x: string | list) → number", "number of characters or elements", 1),
        new("contains", "contains(s: string, part: string) → bool", "whether s contains part (ordinal)", 2),
        new("starts_with", "starts_with(s: string, prefix: string) → bool", "whether s starts with prefix (ordinal)", 2),
        new("ends_with", "ends_with(s: string, suffix: string) → bool", "whether s ends with suffix (ordinal)", 2),
        new("min", "min(a: number, b: number) → number", "the smaller number", 2),
        new("max", "max(a: number, b: number) → number", "the larger number", 2),
        new("abs", "abs(x: number) → number", "absolute value", 1),
        new("floor", "floor(x: number) → number", "rounds down", 1),
        new("ceil", "ceil(x: number) → number", "rounds up", 1),
        new("round", "round(x: number) → number", "rounds to the nearest whole number (halves away from zero)", 1),
        new("log10", "log10(x: number) → number", "base-10 logarithm (orders of magnitude of compute)", 1),
        new("number", "number(b: bool) → number", "1 for true, 0 for false (for scores)", 1),
        new("days", "days(d: duration) → number", "the number of days in a duration", 1),
        new("year", "year(d: date) → number", "the calendar year of a date", 1),
        new("if", "if(condition: bool, then, else) → type of then", "then when condition is true, else when false, unknown when unknown", 3),
    ];

    public static Builtin? Find(string name) => All.FirstOrDefault(b => b.Name == name);
}

using PolicyEngine.Evaluation;

namespace PolicyEngine.Runtime;

/// <summary>Built-in functions as called by compiled rules. Unknown in, unknown out.</summary>
public static class Functions
{
    public static string? Lower(string? s) => s?.ToLowerInvariant();
    public static string? Upper(string? s) => s?.ToUpperInvariant();
    public static string? Trim(string? s) => s?.Trim();
    public static double Length(string? s) => s is null ? double.NaN : s.Length;
    public static double Length(Array? list) => list is null ? double.NaN : list.Length;
    public static Tri Contains(string? s, string? part) => s is null || part is null ? Tri.Unknown : s.Contains(part, StringComparison.Ordinal).ToTri();
    public static Tri StartsWith(string? s, string? part) => s is null || part is null ? Tri.Unknown : s.StartsWith(part, StringComparison.Ordinal).ToTri();
    public static Tri EndsWith(string? s, string? part) => s is null || part is null ? Tri.Unknown : s.EndsWith(part, StringComparison.Ordinal).ToTri();
    public static double Min(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b);
    public static double Max(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);
    public static double Round(double a) => Math.Round(a, MidpointRounding.AwayFromZero);

    public static double Log10(double a)
    {
        if (a <= 0) throw new PolicyRuntimeException($"log10 of {Values.Format(a)} is undefined");
        return Math.Log10(a);
    }

    public static double Number(Tri b) => b switch { Tri.True => 1, Tri.False => 0, _ => double.NaN };
    public static double Year(double day) => double.IsNaN(day) ? double.NaN : DateValue.ToDate(day).Year;

    public static Record? Lookup(IReadOnlyDictionary<string, Record> rows, string? key) =>
        key is not null && rows.TryGetValue(key, out var row) ? row : null;

    public static Tri TableContains(IReadOnlyDictionary<string, Record> rows, string? key) =>
        key is null ? Tri.Unknown : rows.ContainsKey(key).ToTri();

    public static Tri Is(RuleOutcome actual, RuleOutcome expected) => (actual == expected).ToTri();
}

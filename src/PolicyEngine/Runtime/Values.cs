using System.Globalization;
using PolicyEngine.Binding;

namespace PolicyEngine.Runtime;

/// <summary>Prints values the same way everywhere (explanations, messages, JSON), independent of culture.</summary>
public static class Values
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "unknown";
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return value.ToString("0", CultureInfo.InvariantCulture);
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Replace("E+", "e").Replace("E-", "e-");
    }

    public static string Format(object? value, PolicyType? type = null)
    {
        switch (value)
        {
            case null: return "unknown";
            case Tri t: return t.Text();
            case bool b: return b ? "true" : "false";
            case string s: return Syntax.Ast.LiteralExpr.Quote(s);
            case DateOnly d: return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case double n when double.IsNaN(n): return "unknown";
            case double n when type?.Kind == TypeKind.Date: return DateValue.Format(n);
            case double n when type?.Kind == TypeKind.Duration: return Format(n) + (n == 1 ? " day" : " days");
            case double n when type?.Kind == TypeKind.CalendarDuration: return Format(n) + (n == 1 ? " month" : " months");
            case double n: return Format(n);
            case Record r: return r.Path.Length == 0 ? "{…}" : r.Path;
            case Record[] records: return records.Length == 1 ? "[1 element]" : $"[{records.Length} elements]";
            case Array a: return "[" + string.Join(", ", a.Cast<object?>().Select(x => Format(x, type?.Element))) + "]";
            default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
    }

    /// <summary>Is a traced value the unknown of its type?</summary>
    public static bool IsUnknown(object? value) => value switch
    {
        null => true,
        Tri t => t == Tri.Unknown,
        double d => double.IsNaN(d),
        _ => false,
    };
}

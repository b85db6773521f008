using System.Collections.Immutable;
using PolicyEngine.Runtime;

namespace PolicyEngine.Scripting;

/// <summary>
/// Calls a script function from compiled policy code: policy values (double with NaN, Tri, string or null, day
/// numbers, arrays) become C# values and back. Unknown in, unknown out: a script is not called when an argument is
/// unknown, and a null result is unknown.
/// </summary>
public static class ScriptCalls
{
    public static object? Call(ScriptDefinition script, object?[] arguments)
    {
        var function = script.Function ?? throw new PolicyRuntimeException($"the script '{script.Name}' is not compiled");
        var parameters = script.Source.Parameters;
        var clr = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var value = ToClr(arguments[i], parameters[i].Type);
            if (value is null) return Unknown(script.Source.Result);
            clr[i] = value;
        }
        var result = function.Invoke(clr);
        return FromClr(result, script.Source.Result, script.Name);
    }

    /// <summary>The policy's unknown of a result type, boxed.</summary>
    public static object? Unknown(ScriptType type) =>
        type.IsList ? null : type.Kind switch
        {
            ScriptValueKind.Bool => Tri.Unknown,
            ScriptValueKind.String => null,
            _ => double.NaN,
        };

    /// <summary>A policy value as the script sees it; null when the value is unknown.</summary>
    internal static object? ToClr(object? value, ScriptType type)
    {
        if (!type.IsList) return Scalar(value, type.Kind);
        switch (value)
        {
            case double[] numbers:
                if (numbers.Any(double.IsNaN)) return null;
                return type.Kind == ScriptValueKind.Date
                    ? numbers.Select(DateValue.ToDate).ToImmutableArray()
                    : ImmutableArray.Create(numbers);
            case string[] strings:
                return strings.Any(s => s is null) ? null : ImmutableArray.Create(strings);
            case Tri[] flags:
                return flags.Any(f => f == Tri.Unknown) ? null : flags.Select(f => f == Tri.True).ToImmutableArray();
            default:
                return null;
        }
    }

    private static object? Scalar(object? value, ScriptValueKind kind) => (kind, value) switch
    {
        (_, null) => null,
        (ScriptValueKind.Bool, Tri t) => t == Tri.Unknown ? null : t == Tri.True,
        (ScriptValueKind.String, string s) => s,
        (ScriptValueKind.Date, double d) => double.IsNaN(d) ? null : DateValue.ToDate(d),
        (ScriptValueKind.Number or ScriptValueKind.Duration, double d) => double.IsNaN(d) ? null : d,
        _ => null,
    };

    /// <summary>A script's result as a policy value.</summary>
    internal static object? FromClr(object? result, ScriptType type, string name)
    {
        if (result is null) return Unknown(type);
        if (!type.IsList) return FromScalar(result, type.Kind, name);
        switch (type.Kind, result)
        {
            case (ScriptValueKind.Bool, ImmutableArray<bool> flags):
                return flags.IsDefault ? null : flags.Select(f => f.ToTri()).ToArray();
            case (ScriptValueKind.String, ImmutableArray<string> strings):
                if (strings.IsDefault) return null;
                if (strings.Any(s => s is null)) throw new PolicyRuntimeException($"the script '{name}' returned a list with a null element");
                return strings.ToArray();
            case (ScriptValueKind.Date, ImmutableArray<DateOnly> dates):
                return dates.IsDefault ? null : dates.Select(d => (double)d.DayNumber).ToArray();
            case (_, ImmutableArray<double> numbers):
                if (numbers.IsDefault) return null;
                foreach (var n in numbers) Finite(n, name);
                return numbers.ToArray();
            default:
                throw new PolicyRuntimeException($"the script '{name}' returned {result.GetType().Name}, not {type}");
        }
    }

    private static object FromScalar(object result, ScriptValueKind kind, string name) => (kind, result) switch
    {
        (ScriptValueKind.Bool, bool b) => b.ToTri(),
        (ScriptValueKind.String, string s) => s,
        (ScriptValueKind.Date, DateOnly d) => (double)d.DayNumber,
        (ScriptValueKind.Number or ScriptValueKind.Duration, double d) => Finite(d, name),
        _ => throw new PolicyRuntimeException($"the script '{name}' returned {result.GetType().Name}, not {kind.ToString().ToLowerInvariant()}"),
    };

    private static double Finite(double value, string name) =>
        double.IsInfinity(value) ? throw new PolicyRuntimeException($"the script '{name}' returned {value}, which is too large for a number") : value;
}

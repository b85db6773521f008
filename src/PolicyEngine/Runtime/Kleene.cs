using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using PolicyEngine.Text;

namespace PolicyEngine.Runtime;

/// <summary>
/// Three-valued operators called by compiled rules. Unknown operands give unknown results, except where
/// Kleene logic decides without them (<c>false and unknown</c> is false; <c>true or unknown</c> is true).
/// </summary>
public static class Kleene
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri Not(Tri value) => value switch
    {
        Tri.True => Tri.False,
        Tri.False => Tri.True,
        _ => Tri.Unknown,
    };

    /// <summary>Kleene 'and' of two values already computed (for operands that cannot fault; see ExpressionCompiler).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri And(Tri a, Tri b) =>
        a == Tri.False || b == Tri.False ? Tri.False : a == Tri.True && b == Tri.True ? Tri.True : Tri.Unknown;

    /// <summary>Kleene 'or' of two values already computed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri Or(Tri a, Tri b) =>
        a == Tri.True || b == Tri.True ? Tri.True : a == Tri.False && b == Tri.False ? Tri.False : Tri.Unknown;

    /// <summary>Kleene 'implies' (not a, or b) of two values already computed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri Implies(Tri a, Tri b) =>
        a == Tri.False || b == Tri.True ? Tri.True : a == Tri.True && b == Tri.False ? Tri.False : Tri.Unknown;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri Less(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? Tri.Unknown : (a < b).ToTri();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri LessOrEqual(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? Tri.Unknown : (a <= b).ToTri();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri Greater(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? Tri.Unknown : (a > b).ToTri();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri GreaterOrEqual(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? Tri.Unknown : (a >= b).ToTri();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri Equal(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? Tri.Unknown : (a == b).ToTri();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri NotEqual(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? Tri.Unknown : (a != b).ToTri();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri Equal(string? a, string? b) => a is null || b is null ? Tri.Unknown : string.Equals(a, b, StringComparison.Ordinal).ToTri();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri NotEqual(string? a, string? b) => a is null || b is null ? Tri.Unknown : (!string.Equals(a, b, StringComparison.Ordinal)).ToTri();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri Equal(Tri a, Tri b) => a == Tri.Unknown || b == Tri.Unknown ? Tri.Unknown : (a == b).ToTri();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tri NotEqual(Tri a, Tri b) => a == Tri.Unknown || b == Tri.Unknown ? Tri.Unknown : (a != b).ToTri();

    public static Tri In(double value, double[]? list)
    {
        if (double.IsNaN(value) || list is null) return Tri.Unknown;
        var sawUnknown = false;
        foreach (var item in list)
        {
            if (double.IsNaN(item)) sawUnknown = true;
            else if (item == value) return Tri.True;
        }
        return sawUnknown ? Tri.Unknown : Tri.False;
    }

    public static Tri In(string? value, string?[]? list)
    {
        if (value is null || list is null) return Tri.Unknown;
        var sawUnknown = false;
        foreach (var item in list)
        {
            if (item is null) sawUnknown = true;
            else if (string.Equals(item, value, StringComparison.Ordinal)) return Tri.True;
        }
        return sawUnknown ? Tri.Unknown : Tri.False;
    }

    public static Tri In(Tri value, Tri[]? list)
    {
        if (value == Tri.Unknown || list is null) return Tri.Unknown;
        var sawUnknown = false;
        foreach (var item in list)
        {
            if (item == Tri.Unknown) sawUnknown = true;
            else if (item == value) return Tri.True;
        }
        return sawUnknown ? Tri.Unknown : Tri.False;
    }

    public static Tri Matches(string? value, Regex pattern) => Matches(value, pattern, Location.None);

    public static Tri Matches(string? value, Regex pattern, Location location)
    {
        if (value is null) return Tri.Unknown;
        try
        {
            return pattern.IsMatch(value).ToTri();
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new RegexTimeLimitException(pattern, location, e);
        }
    }

    /// <summary>Arithmetic that overflows a double is a fault, not a silent infinity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Finite(double value) =>
        double.IsInfinity(value) ? throw new PolicyRuntimeException("the result is too large for a number") : value;

    public static double Divide(double a, double b)
    {
        if (b == 0 && !double.IsNaN(a)) throw new PolicyRuntimeException("division by zero");
        return a / b;
    }

    public static double Modulo(double a, double b)
    {
        if (b == 0 && !double.IsNaN(a)) throw new PolicyRuntimeException("division by zero");
        return a % b;
    }

    public static string? Concat(string? a, string? b) => a is null || b is null ? null : a + b;

    /// <summary>The rule decision: not applicable when it surely does not apply; a satisfied requirement passes
    /// whether or not it applies; otherwise fail when it surely applies, unknown when that is not known.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Evaluation.RuleOutcome Decide(Tri applies, Tri requirement) =>
        applies == Tri.False ? Evaluation.RuleOutcome.NotApplicable
        : requirement == Tri.True ? Evaluation.RuleOutcome.Pass
        : applies == Tri.True && requirement == Tri.False ? Evaluation.RuleOutcome.Fail
        : Evaluation.RuleOutcome.Unknown;
}

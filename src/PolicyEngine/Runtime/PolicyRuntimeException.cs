using System.Globalization;
using System.Text.RegularExpressions;
using PolicyEngine.Text;

namespace PolicyEngine.Runtime;

/// <summary>A fault while evaluating a rule (division by zero, a regular expression that timed out).
/// The rule's outcome becomes <c>error</c>, which blocks; it is never a pass.</summary>
public class PolicyRuntimeException : Exception
{
    public PolicyRuntimeException(string message) : base(message) { }

    public PolicyRuntimeException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A regular-expression match ran over its time limit (<see cref="Limits.RegexTimeout"/>, PE0803).</summary>
public sealed class RegexTimeLimitException : PolicyRuntimeException
{
    public RegexTimeLimitException(Regex pattern, Location location, Exception inner)
        : base($"the regular expression /{pattern}/ took longer than the limit of {Milliseconds(pattern)} ms", inner)
    {
        Pattern = pattern.ToString();
        Limit = pattern.MatchTimeout;
        Location = location;
    }

    public string Pattern { get; }
    public TimeSpan Limit { get; }

    /// <summary>The <c>matches</c> expression that timed out.</summary>
    public Location Location { get; }

    internal static string Milliseconds(Regex pattern) =>
        ((long)pattern.MatchTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}

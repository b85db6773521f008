namespace PolicyEngine.Runtime;

/// <summary>A fault while evaluating a rule (division by zero, a regular expression that timed out).
/// The rule's outcome becomes <c>error</c>, which blocks; it is never a pass.</summary>
public sealed class PolicyRuntimeException : Exception
{
    public PolicyRuntimeException(string message) : base(message) { }

    public PolicyRuntimeException(string message, Exception inner) : base(message, inner) { }
}

namespace PolicyEngine.Cli;

/// <summary>The exit codes, documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>Every descriptor passes (or only non-blocking findings).</summary>
    public const int Pass = 0;

    /// <summary>A blocking finding (see --fail-on).</summary>
    public const int Blocked = 1;

    /// <summary>Bad input or usage: a policy that does not compile, an unreadable descriptor, a bad argument.</summary>
    public const int BadInput = 2;
}

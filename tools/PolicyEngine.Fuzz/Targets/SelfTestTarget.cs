namespace PolicyEngine.Fuzz.Targets;

/// <summary>A target that misbehaves on purpose, to show the harness notices each kind of crash and minimises the input
/// (used by the harness's own tests): "overflow" recurses without end, "hang" never answers, "slow" takes longer than
/// the bound, "throw" throws, "bad" breaks the oracle, "exit" ends the process.</summary>
public sealed class SelfTestTarget : ITarget
{
    public string Name => "selftest";

    public int SlowMilliseconds { get; init; } = 1_000;

    public (string Note, string? Problem) Run(FuzzCase input)
    {
        var text = input.Text;
        if (text.Contains("overflow", StringComparison.Ordinal)) return (Recurse(0).ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        if (text.Contains("hang", StringComparison.Ordinal)) Thread.Sleep(Timeout.Infinite);
        if (text.Contains("slow", StringComparison.Ordinal)) Thread.Sleep(SlowMilliseconds);
        if (text.Contains("throw", StringComparison.Ordinal)) throw new InvalidOperationException("thrown on purpose");
        if (text.Contains("exit", StringComparison.Ordinal)) Environment.Exit(3);
        if (text.Contains("bad", StringComparison.Ordinal)) return ("", "bad output on purpose");
        return ("ok", null);
    }

    private static int Recurse(int depth)
    {
        Span<byte> pad = stackalloc byte[256];
        pad[0] = (byte)depth;
        return Recurse(depth + 1) + pad[0];
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyEngine.Fuzz;

/// <summary>One input for a target: the bytes of a policy or descriptor (with the file name it is read as), or an
/// argument vector and standard input for the command line. <see cref="Seed"/> and <see cref="Index"/> regenerate it.</summary>
public sealed record FuzzCase(string Target, long Seed, long Index, string Name, byte[] Data, string[] Args)
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public string Text => Encoding.UTF8.GetString(Data);

    public FuzzCase WithData(byte[] data) => this with { Data = data };

    public FuzzCase WithArgs(string[] args) => this with { Args = args };

    /// <summary>One line, for the worker protocol and crash files.</summary>
    public string ToLine() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this, Json));

    public static FuzzCase FromLine(string line) => JsonSerializer.Deserialize<FuzzCase>(Convert.FromBase64String(line.Trim()), Json)!;

    /// <summary>How the input reads to a person (crash reports).</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append("target ").Append(Target).Append(", seed ").Append(Seed).Append(", index ").Append(Index).Append('\n');
        if (Args.Length > 0) sb.Append("args: ").Append(JsonSerializer.Serialize(Args)).Append('\n');
        sb.Append(Name.Length > 0 ? $"{Name} " : "").Append($"({Data.Length} bytes)");
        if (Data.Length > 0)
        {
            var text = Encoding.UTF8.GetString(Data, 0, Math.Min(Data.Length, 4000));
            sb.Append(":\n").Append(text);
            if (Data.Length > 4000) sb.Append("\n…");
        }
        return sb.ToString();
    }
}

/// <summary>What running one case found. <see cref="Kind"/> is null when the target behaved.</summary>
public sealed record CaseResult(string? Kind, string Message, double Milliseconds, string Note)
{
    public bool Ok => Kind is null;

    /// <summary>What two failures must share to be the same bug (for minimisation): the kind and the first line.</summary>
    [JsonIgnore]
    public string Signature => Kind is null ? "ok" : Kind + ": " + FirstFrame(Message);

    public static CaseResult Pass(double ms, string note) => new(null, "", ms, note);

    public static CaseResult Fail(string kind, string message, double ms = 0) => new(kind, message, ms, "");

    private static string FirstFrame(string message)
    {
        var lines = message.Split('\n');
        // An exception: its type, and the first frame of ours that it passed through.
        var type = lines[0].Split(':')[0].Trim();
        var frame = lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at PolicyEngine", StringComparison.Ordinal) || l.StartsWith("at ", StringComparison.Ordinal));
        return frame is null ? type : $"{type} {frame}";
    }

    public string ToLine() => JsonSerializer.Serialize(this);

    public static CaseResult FromLine(string line) => JsonSerializer.Deserialize<CaseResult>(line)!;
}

/// <summary>The kinds of crash the harness reports.</summary>
public static class CrashKinds
{
    /// <summary>An exception escaped the engine or the command.</summary>
    public const string Exception = "exception";

    /// <summary>The output was not diagnostics with locations (or the exit code was not 0, 1 or 2, or a failure passed).</summary>
    public const string BadOutput = "bad-output";

    /// <summary>The input took longer than the time bound (confirmed by running it again).</summary>
    public const string Slow = "slow";

    /// <summary>The worker process did not answer within the hard timeout and was killed.</summary>
    public const string Hang = "hang";

    /// <summary>The worker process died: a stack overflow, running out of memory, or a fail-fast.</summary>
    public const string Died = "died";
}

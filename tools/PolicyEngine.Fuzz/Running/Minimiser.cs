using System.Diagnostics;
using System.Text;

namespace PolicyEngine.Fuzz.Running;

/// <summary>
/// Shrinks a crashing input while it still crashes the same way (same kind, same exception and first frame): drops
/// arguments, then removes chunks of each argument and of the data, halving the chunk size down to one character
/// (delta debugging). Each attempt runs in a fresh-enough worker, so crashes that kill the process can be minimised too.
/// </summary>
public sealed class Minimiser
{
    private readonly Func<FuzzCase, CaseResult> _run;
    private readonly int _maxAttempts;
    private readonly TimeSpan _budget;
    private int _attempts;
    private Stopwatch _clock = new();

    public Minimiser(Func<FuzzCase, CaseResult> run, int maxAttempts = 400, TimeSpan? budget = null)
    {
        _run = run;
        _maxAttempts = maxAttempts;
        _budget = budget ?? TimeSpan.FromMinutes(3);
    }

    public int Attempts => _attempts;

    private bool Exhausted => _attempts >= _maxAttempts || _clock.Elapsed > _budget;

    public FuzzCase Minimise(FuzzCase input, string signature)
    {
        _clock = Stopwatch.StartNew();
        _attempts = 0;
        var current = input;

        // Arguments: drop each one that is not needed.
        for (var i = current.Args.Length - 1; i >= 0 && !Exhausted; i--)
        {
            var fewer = current.Args.Where((_, j) => j != i).ToArray();
            if (Same(current.WithArgs(fewer), signature)) current = current.WithArgs(fewer);
        }
        // Each argument's text.
        for (var i = 0; i < current.Args.Length && !Exhausted; i++)
        {
            var index = i;
            var shorter = Shrink(current.Args[i], text =>
            {
                var args = (string[])current.Args.Clone();
                args[index] = text;
                return Same(current.WithArgs(args), signature);
            });
            var updated = (string[])current.Args.Clone();
            updated[i] = shorter;
            current = current.WithArgs(updated);
        }
        // The data: as text when it is UTF-8 (characters), else as bytes.
        var isText = IsUtf8(current.Data);
        if (isText)
        {
            var text = Shrink(Encoding.UTF8.GetString(current.Data), t => Same(current.WithData(Encoding.UTF8.GetBytes(t)), signature));
            current = current.WithData(Encoding.UTF8.GetBytes(text));
        }
        else
        {
            var bytes = ShrinkBytes(current.Data, b => Same(current.WithData(b), signature));
            current = current.WithData(bytes);
        }
        return current;
    }

    private bool Same(FuzzCase candidate, string signature)
    {
        if (Exhausted) return false;
        _attempts++;
        return _run(candidate).Signature == signature;
    }

    private string Shrink(string text, Func<string, bool> stillFails)
    {
        var chunk = Math.Max(1, text.Length / 2);
        while (chunk >= 1 && text.Length > 0 && !Exhausted)
        {
            var removed = false;
            for (var start = 0; start < text.Length && !Exhausted;)
            {
                var candidate = text.Remove(start, Math.Min(chunk, text.Length - start));
                if (stillFails(candidate))
                {
                    text = candidate;
                    removed = true;
                }
                else start += chunk;
            }
            if (!removed) chunk /= 2;
        }
        return text;
    }

    private byte[] ShrinkBytes(byte[] data, Func<byte[], bool> stillFails)
    {
        var chunk = Math.Max(1, data.Length / 2);
        while (chunk >= 1 && data.Length > 0 && !Exhausted)
        {
            var removed = false;
            for (var start = 0; start < data.Length && !Exhausted;)
            {
                var candidate = data.Take(start).Concat(data.Skip(start + chunk)).ToArray();
                if (stillFails(candidate))
                {
                    data = candidate;
                    removed = true;
                }
                else start += chunk;
            }
            if (!removed) chunk /= 2;
        }
        return data;
    }

    private static bool IsUtf8(byte[] data)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}

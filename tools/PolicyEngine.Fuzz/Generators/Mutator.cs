using System.Text;

namespace PolicyEngine.Fuzz.Generators;

/// <summary>Random edits of text and bytes: delete, insert (a token from a dictionary, or random characters), duplicate,
/// swap, flip bits, splice in a piece of another input, and repeat a piece many times.</summary>
public sealed class Mutator
{
    private readonly Random _random;
    private readonly IReadOnlyList<string> _dictionary;

    public Mutator(Random random, IReadOnlyList<string> dictionary)
    {
        _random = random;
        _dictionary = dictionary;
    }

    private static readonly string[] Interesting =
    [
        "\0", "\uFEFF", "\u0130", "\u0131", "i", "I", "\u00A0", "\u2028", "\u200B", "\uD800", "\uDFFF", "\U0001F600", "\r", "\r\n", "\t", "\\",
        "\"", "'", "{", "}", "[", "]", "(", ")", ",", ":", ";", "#", "//", "/*", "*/", "-", "--", "NaN", "Infinity", "-Infinity",
        "1e308", "1e309", "-1e309", "5e-324", "1e-400", "-0", "0x10", "9223372036854775808", "1,5", "1.5", "٣", "１",
    ];

    public string Mutate(string text, int maxEdits = 4, IReadOnlyList<string>? others = null)
    {
        var sb = new StringBuilder(text);
        var edits = _random.Next(1, maxEdits + 1);
        for (var i = 0; i < edits; i++)
        {
            var at = sb.Length == 0 ? 0 : _random.Next(sb.Length + 1);
            switch (_random.Next(11))
            {
                case 0 when sb.Length > 0:
                    sb.Remove(Math.Min(at, sb.Length - 1), Math.Min(sb.Length - Math.Min(at, sb.Length - 1), _random.Next(1, 16)));
                    break;
                case 1: sb.Insert(at, Pick(_dictionary)); break;
                case 2: sb.Insert(at, " " + Pick(_dictionary) + " "); break;
                case 3: sb.Insert(at, Pick(Interesting)); break;
                case 4 when sb.Length > 0:
                    var start = _random.Next(sb.Length);
                    var length = Math.Min(sb.Length - start, _random.Next(1, 60));
                    sb.Insert(_random.Next(sb.Length + 1), sb.ToString(start, length));
                    break;
                case 5 when sb.Length > 0:
                    sb[Math.Min(at, sb.Length - 1)] = (char)_random.Next(32, 127);
                    break;
                case 6 when sb.Length > 1:
                    var a = _random.Next(sb.Length);
                    var b = _random.Next(sb.Length);
                    (sb[a], sb[b]) = (sb[b], sb[a]);
                    break;
                case 7 when others is { Count: > 0 }:
                    var other = Pick(others);
                    if (other.Length > 0)
                    {
                        var from = _random.Next(other.Length);
                        sb.Insert(at, other.AsSpan(from, Math.Min(other.Length - from, _random.Next(1, 200))));
                    }
                    break;
                case 8 when sb.Length > 0:
                    // Repeat a short piece many times: long lines, deep nesting, long lists.
                    var p = _random.Next(sb.Length);
                    var piece = sb.ToString(p, Math.Min(sb.Length - p, _random.Next(1, 8)));
                    sb.Insert(p, string.Concat(Enumerable.Repeat(piece, _random.Next(2, _random.Next(10) == 0 ? 5_000 : 50))));
                    break;
                case 9 when sb.Length > 0:
                    // Cut the text short.
                    sb.Length = _random.Next(sb.Length);
                    break;
                default:
                    sb.Insert(at, (char)_random.Next(0, 0x3000));
                    break;
            }
        }
        return sb.ToString();
    }

    public byte[] MutateBytes(byte[] data, int maxEdits = 4)
    {
        var bytes = new List<byte>(data);
        var edits = _random.Next(1, maxEdits + 1);
        for (var i = 0; i < edits; i++)
        {
            var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count + 1);
            switch (_random.Next(6))
            {
                case 0 when bytes.Count > 0: bytes[Math.Min(at, bytes.Count - 1)] ^= (byte)(1 << _random.Next(8)); break;
                case 1: bytes.Insert(at, (byte)_random.Next(256)); break;
                case 2: bytes.InsertRange(at, Pick(InterestingBytes)); break;
                case 3 when bytes.Count > 0: bytes.RemoveAt(Math.Min(at, bytes.Count - 1)); break;
                case 4 when bytes.Count > 0: bytes[Math.Min(at, bytes.Count - 1)] = (byte)_random.Next(0x80, 0x100); break;
                default: bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(_dictionary))); break;
            }
        }
        return [.. bytes];
    }

    private static readonly byte[][] InterestingBytes =
    [
        [0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0xFF, 0xFE], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0xE2, 0x82], [0x00], [0x80], [0xFF],
    ];

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}

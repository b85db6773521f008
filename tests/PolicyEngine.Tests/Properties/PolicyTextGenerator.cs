using System.Text;

namespace PolicyEngine.Tests.Properties;

/// <summary>Generates random policy texts from the grammar (valid and nearly valid), and mutates texts.</summary>
public sealed class PolicyTextGenerator
{
    private static readonly string[] Paths =
    [
        "model.training.compute_flop", "model.general_purpose", "model.name", "release.date", "release.access_level",
        "weights.availability", "licence.grants.use", "licence.user_thresholds.mau", "model.modalities.output",
        "safety.adversarial_testing.performed", "developer.annual_revenue_usd", "model.trainng.compute_flop", "nonsense",
    ];

    private static readonly string[] Binary = ["and", "or", "implies", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "??", "in", "not in", "matches"];
    private static readonly string[] Tokens =
    [
        "{", "}", "(", ")", "[", "]", ",", ".", ":", "=", "==", "rule", "let", "fn", "require", "when", "unless", "policy",
        "\"", "1e25", "x", "and", "not", "any", "in", "EU-1", "is", "pass", "//", "/*", "2024-01-01", "-", "??", "\\",
    ];

    private readonly Random _random;

    public PolicyTextGenerator(int seed) => _random = new Random(seed);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string Expression(int depth)
    {
        if (depth <= 0 || _random.Next(4) == 0) return Atom();
        return _random.Next(9) switch
        {
            0 => $"not {Expression(depth - 1)}",
            1 => $"({Expression(depth - 1)})",
            2 => $"any c in release.components: c.released {Pick(Binary)} {Expression(depth - 1)}",
            3 => $"count(c in release.components: {Expression(depth - 1)})",
            4 => $"{Pick(["known", "lower", "length", "min", "if", "nope"])}({Expression(depth - 1)}, {Atom()})",
            5 => $"[{Atom()}, {Atom()}]",
            6 => $"R{_random.Next(3)} is {Pick(["pass", "fail", "unknown", "maybe"])}",
            _ => $"{Expression(depth - 1)} {Pick(Binary)} {Expression(depth - 1)}",
        };
    }

    private string Atom() => _random.Next(8) switch
    {
        0 => _random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => Pick(["1e25", "3.8e25", "1_000", "0.5", "1e999"]),
        2 => Pick(["\"text\"", "\"downloadable\"", "\"a\\qb\"", "\"\""]),
        3 => Pick(["true", "false"]),
        4 => Pick(["2025-08-02", "2024-13-45"]),
        5 => Pick(["180 days", "6 months", "1 years"]),
        _ => Pick(Paths),
    };

    public string Policy()
    {
        var sb = new StringBuilder();
        sb.Append(_random.Next(10) == 0 ? "library" : "policy").Append(" p \"Generated\" {\n");
        var members = _random.Next(1, 6);
        for (var i = 0; i < members; i++)
        {
            switch (_random.Next(7))
            {
                case 0: sb.Append($"  let v{i} = {Expression(3)}\n"); break;
                case 1: sb.Append($"  fn f{i}(a: number, b) = a > 1 and {Expression(2)}\n"); break;
                case 2: sb.Append($"  classify c{i} {{\n    \"A\" when {Expression(2)}\n    otherwise \"B\"\n  }}\n"); break;
                case 3: sb.Append($"  score s{i} = count(c in release.components: {Expression(2)})\n"); break;
                case 4: sb.Append($"  test \"t{i}\" {{\n    set model.training.compute_flop = 1e26\n    expect R0 is pass\n  }}\n"); break;
                default:
                    sb.Append($"  rule R{_random.Next(3)} \"Rule\" {{\n    severity {Pick(["error", "warning", "info", "fatal"])}\n    cite \"Art. 1\"\n");
                    if (_random.Next(2) == 0) sb.Append($"    when {Expression(3)}\n");
                    sb.Append($"    require {Expression(4)}\n");
                    if (_random.Next(3) == 0) sb.Append($"    message \"value {{{Pick(Paths)}}} {{{{literal}}}}\"\n");
                    sb.Append("  }\n");
                    break;
            }
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>Deletes, inserts, duplicates or swaps pieces of the text.</summary>
    public string Mutate(string text)
    {
        var sb = new StringBuilder(text);
        var count = _random.Next(1, 5);
        for (var i = 0; i < count && sb.Length > 0; i++)
        {
            var at = _random.Next(sb.Length);
            switch (_random.Next(5))
            {
                case 0: sb.Remove(at, Math.Min(sb.Length - at, _random.Next(1, 12))); break;
                case 1: sb.Insert(at, Pick(Tokens)); break;
                case 2: sb.Insert(at, " " + Pick(Tokens) + " "); break;
                case 3:
                    var length = Math.Min(sb.Length - at, _random.Next(1, 40));
                    sb.Insert(_random.Next(sb.Length), sb.ToString(at, length));
                    break;
                default: sb[at] = (char)_random.Next(32, 127); break;
            }
        }
        return sb.ToString();
    }
}

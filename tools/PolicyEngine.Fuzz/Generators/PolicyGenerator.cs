using System.Globalization;
using System.Text;
using PolicyEngine.Schema;
using PolicyEngine.Syntax;

namespace PolicyEngine.Fuzz.Generators;

/// <summary>
/// Policy texts from the grammar (grammar/policy.ebnf): every declaration, clause, step, operator, built-in and literal
/// form, over the schema's real fact paths (and near misses); and mutations of those and of the shipped packs.
/// Most generated texts are valid or nearly so, so the binder, compiler and evaluator are reached, not just the parser.
/// </summary>
public sealed class PolicyGenerator
{
    private static readonly Lazy<IReadOnlyList<string>> Shipped = new(() =>
        Directory.GetFiles(RepoPaths.Rules, "*.policy", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).Select(File.ReadAllText).ToList());

    private static readonly Lazy<(string[] Values, string[] Lists, string[] Objects)> SchemaPaths = new(() =>
    {
        var all = DescriptorSchema.Default.Root.AllFields;
        return ([.. all.Where(f => f.Kind is not (FieldKind.Object or FieldKind.List)).Select(f => f.Path)],
                [.. all.Where(f => f.Kind == FieldKind.List).Select(f => f.Path)],
                [.. all.Where(f => f.Kind == FieldKind.Object).Select(f => f.Path)]);
    });

    /// <summary>Keywords, operators and pieces of the language, for insertions.</summary>
    public static IReadOnlyList<string> Dictionary { get; } =
    [
        .. Keywords.All.Keys, .. Keywords.Symbols.Keys, "count", "sum", "known", "lower", "if", "matches", "\"", "{", "}", "1e25", "2024-01-01", "6 months",
        "EU-1", "R0", "is pass", "is not error", "model.training.compute_flop", "release.components", "c.released", "??", "//", "/*", "*/", "\\", "\\q", "{{", "}}",
    ];

    private static readonly string[] Builtins =
        ["known", "lower", "upper", "trim", "length", "contains", "starts_with", "ends_with", "min", "max", "abs", "floor", "ceil", "round", "log10", "number", "days", "year", "if"];

    private static readonly string[] Binary =
        ["and", "or", "implies", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "??", "in", "not in"];

    private static readonly string[] Regexes =
    [
        "^a", "(?i)llama", "^(Apache-2\\\\.0|MIT)$", "[", "(a+)+$", "^(\\\\w+\\\\s?)*$", "(?<=a)b", "(a)\\\\1", "\\\\p{L}+", "(?", "*", "", ".*.*.*=.*", "^(a|aa)+(?<=a)$",
    ];

    private readonly Random _random;
    private readonly Mutator _mutator;

    public PolicyGenerator(Random random)
    {
        _random = random;
        _mutator = new Mutator(random, Dictionary);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(int inN) => _random.Next(inN) == 0;

    /// <summary>One input: a well-typed policy (as it is, or mutated), a loosely generated one, a shipped pack mutated,
    /// or an input at the edges.</summary>
    public string Next()
    {
        switch (_random.Next(20))
        {
            case < 8: return TypedPolicy();
            case < 11: return _mutator.Mutate(TypedPolicy(), 2, Shipped.Value);
            case < 13: return Policy();
            case < 14: return _mutator.Mutate(Policy(), 3, Shipped.Value);
            case < 19: return _mutator.Mutate(Pick(Shipped.Value), 3, Shipped.Value);
            default: return Extreme();
        }
    }

    /// <summary>A policy whose expressions are well typed, so it usually compiles and is evaluated.</summary>
    public string TypedPolicy()
    {
        var typed = new TypedExpressions(_random);
        var sb = new StringBuilder();
        sb.Append(Chance(12) ? "library" : "policy").Append(" p \"Typed\" {\n");
        if (Chance(3)) sb.Append("  version \"1\"\n");
        if (Chance(4)) sb.Append("  import \"lib.policy\"\n");
        var tys = new[] { Ty.Bool, Ty.Bool, Ty.Bool, Ty.Number, Ty.Number, Ty.String, Ty.Date, Ty.Days, Ty.Months };
        var members = _random.Next(1, 7);
        var rules = new List<string>();
        var outputs = new List<string>();
        for (var i = 0; i < members; i++)
        {
            switch (_random.Next(10))
            {
                case 0:
                case 1:
                    var ty = Pick(tys);
                    sb.Append($"  let v{i} = {typed.Of(ty, _random.Next(1, 5))}\n");
                    if (!typed.Definitions.TryGetValue(ty, out var names)) typed.Definitions[ty] = names = new List<string>();
                    names.Add($"v{i}");
                    break;
                case 2:
                    sb.Append($"  fn f{i}(a: number, b: bool) = (a > {typed.Of(Ty.Number, 1)}) and b\n");
                    if (!typed.Definitions.TryGetValue(Ty.Bool, out var bools)) typed.Definitions[Ty.Bool] = bools = new List<string>();
                    bools.Add($"f{i}({typed.Of(Ty.Number, 1)}, {typed.Of(Ty.Bool, 1)})");
                    break;
                case 3:
                    sb.Append($"  classify c{i} \"Class\" {{\n    \"A\" when {typed.Of(Ty.Bool, 2)}\n    \"B\" when {typed.Of(Ty.Bool, 2)}\n{(Chance(3) ? "" : "    otherwise \"C\"\n")}  }}\n");
                    outputs.Add($"c{i} == \"A\"");
                    break;
                case 4:
                    sb.Append($"  score s{i} \"Score\" = {typed.Of(Ty.Number, 3)}\n");
                    outputs.Add($"s{i} > 1");
                    break;
                case 5 when rules.Count > 0 || outputs.Count > 0:
                    sb.Append($"  test \"t{i}\" {{\n");
                    if (Chance(2)) sb.Append($"    given \"{Pick(["model.json", "minimal.json", "model.yaml", "gpt-4.json"])}\"\n");
                    if (Chance(2)) { var t = Pick(new[] { Ty.Bool, Ty.Number, Ty.Date }); sb.Append($"    set {typed.FactOf(t)} = {typed.Literal(t)}\n"); }
                    if (Chance(4)) sb.Append($"    unset {typed.FactOf(Pick(new[] { Ty.Bool, Ty.Number }))}\n");
                    sb.Append($"    expect {(rules.Count > 0 && Chance(2) ? $"{Pick(rules)} is {Pick(["pass", "fail", "unknown", "not_applicable", "error"])}" : outputs.Count > 0 ? Pick(outputs) : "verdict is pass")}\n");
                    sb.Append("  }\n");
                    break;
                default:
                    var id = $"R-{i}";
                    sb.Append($"  rule {id} \"Rule {i}\" {{\n    severity {Pick(["error", "warning", "info"])}\n    cite \"Art. {i}\"\n");
                    if (Chance(2)) sb.Append($"    when {typed.Of(Ty.Bool, 3)}\n");
                    if (Chance(5)) sb.Append($"    unless {typed.Of(Ty.Bool, 2)}\n");
                    sb.Append($"    require {(rules.Count > 0 && Chance(5) ? $"{Pick(rules)} is pass or " : "")}{typed.Of(Ty.Bool, _random.Next(1, 6))}\n");
                    if (Chance(3)) sb.Append($"    message \"got {{{typed.Of(Pick(new[] { Ty.Number, Ty.Date, Ty.Bool, Ty.Days }), 1)}}} and {{{{braces}}}}\"\n");
                    sb.Append("  }\n");
                    rules.Add(id);
                    break;
            }
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>Inputs at the edges: deep nesting, long chains, long literals, huge numbers, odd characters.</summary>
    private string Extreme()
    {
        var n = _random.Next(100) switch { < 60 => _random.Next(50, 500), < 90 => _random.Next(500, 3_000), < 98 => _random.Next(3_000, 20_000), _ => 100_000 };
        var body = _random.Next(12) switch
        {
            0 => new string('(', n) + "true" + new string(')', n),
            1 => string.Concat(Enumerable.Repeat("not ", n)) + "true",
            2 => "true" + string.Concat(Enumerable.Repeat(" and model.general_purpose", n)),
            3 => "1" + string.Concat(Enumerable.Repeat(" + 1", n)),
            4 => string.Concat(Enumerable.Repeat("any c in release.components: ", Math.Min(n, 600))) + "true",
            5 => "[" + string.Join(", ", Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture))) + "] == []",
            6 => "model.name == \"" + new string('x', n * 10) + "\"",
            7 => new string('-', n) + "1 > 0",
            8 => "1" + new string('0', n) + " > 1",
            9 => "model.name matches \"" + string.Concat(Enumerable.Repeat("(a", Math.Min(n, 2000))) + string.Concat(Enumerable.Repeat(")", Math.Min(n, 2000))) + "\"",
            10 => "true" + string.Concat(Enumerable.Repeat(" implies true", n)),
            _ => "model.training.compute_flop" + string.Concat(Enumerable.Repeat(" ?? 1", n)),
        };
        return Chance(3)
            ? "policy p \"P\" {\n" + string.Concat(Enumerable.Range(0, Math.Min(n, 6_000)).Select(i => $"let v{i + 1} = v{i} and {(Chance(2) ? "true" : $"v{i}")}\n")) + "let v0 = model.general_purpose\n  rule R { cite \"c\" require not v" + Math.Min(n, 6_000) + " }\n}\n"
            : $"policy p \"P\" {{\n  rule R {{ cite \"c\" require {body} }}\n}}\n";
    }

    public string Policy()
    {
        var sb = new StringBuilder();
        if (Chance(8)) sb.Append("// generated\n");
        sb.Append(Chance(10) ? "library" : "policy").Append(' ').Append(Pick(["p", "eu-ai-act", "p_2", "Ünïcode", "1p"])).Append(Chance(4) ? "" : " \"Generated\"").Append(" {\n");
        var members = _random.Next(1, 9);
        for (var i = 0; i < members; i++)
        {
            switch (_random.Next(12))
            {
                case 0: sb.Append($"  {Pick(["version", "source", "status", "version"])} \"{Pick(["1", "draft", "vetoed 2024-09-29", ""])}\"\n"); break;
                case 1: sb.Append($"  import \"{Pick(["lib.policy", "cycle-a.policy", "missing.policy", "broken-lib.policy", "pack.policy", "fuzz.policy", "", "/etc/passwd", "table.json"])}\"\n"); break;
                case 2: sb.Append($"  let v{i} = {Expression(3)}\n"); break;
                case 3: sb.Append($"  fn f{i}({Parameters()}) = {Expression(2, ["a", "b"])}\n"); break;
                case 4: sb.Append($"  table t{i} from \"{Pick(["table.json", "table.yaml", "missing.json", "model.json", "deep.json"])}\" key {Pick(["id", "open", "nope"])}\n"); break;
                case 5: sb.Append($"  classify c{i} \"Class\" {{\n    \"A\" when {Expression(2)}\n{(Chance(2) ? $"    \"B\" when {Expression(2)}\n" : "")}{(Chance(3) ? "" : "    otherwise \"C\"\n")}  }}\n"); break;
                case 6: sb.Append($"  score s{i} \"Score\" = {Pick([$"count(c in release.components: {Expression(2, ["c"])})", $"sum(c in release.components: number(c.released))", Expression(2)])}\n"); break;
                case 7: sb.Append(Test(i)); break;
                default: sb.Append(Rule()); break;
            }
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private string Parameters() => _random.Next(4) switch
    {
        0 => "",
        1 => $"a: {Pick(["number", "bool", "string", "date", "duration", "list", "nope"])}",
        2 => "a, b",
        _ => $"a: number, b: {Pick(["number", "bool", "string"])}",
    };

    private string Rule()
    {
        var sb = new StringBuilder();
        sb.Append($"  rule {Pick(["R0", "R1", "R2", "EU-53-1a", "X-1"])} \"Rule\" {{\n");
        if (!Chance(4)) sb.Append($"    severity {Pick(["error", "warning", "info", "fatal"])}\n");
        if (Chance(4)) sb.Append("    category \"safety\"\n");
        if (Chance(5)) sb.Append("    tags \"a\", \"b\"\n");
        if (!Chance(6)) sb.Append($"    cite \"{Pick(["Art. 1", "", "\\u00e9"])}\"\n");
        if (Chance(2)) sb.Append($"    when {Expression(3)}\n");
        if (Chance(4)) sb.Append($"    unless {Expression(2)}\n");
        if (!Chance(12)) sb.Append($"    require {Expression(4)}\n");
        if (Chance(4)) sb.Append("    because \"Reasons.\"\n    remedy \"Fix it.\"\n");
        if (Chance(3)) sb.Append($"    message \"{Pick(["value {model.training.compute_flop}", "{{literal}} {model.name}", "{release.date + 6 months}", "{", "}}", "{1/0}", "{model.training}"])}\"\n");
        if (Chance(15)) sb.Append("    require true\n");
        sb.Append("  }\n");
        return sb.ToString();
    }

    private string Test(int i)
    {
        var sb = new StringBuilder();
        sb.Append($"  test \"t{(Chance(4) ? 0 : i)}\" {{\n");
        if (Chance(2)) sb.Append($"    given \"{Pick(["model.json", "minimal.json", "model.yaml", "missing.json", "bad.json", "deep.json"])}\"\n");
        if (Chance(2)) sb.Append($"    set {Pick(SchemaPaths.Value.Values)} = {Atom()}\n");
        if (Chance(4)) sb.Append($"    unset {Pick(SchemaPaths.Value.Values)}\n");
        if (!Chance(6)) sb.Append($"    expect {Pick(["R0 is pass", "R1 is fail", "verdict is block", "c2 == \"A\"", "s6 > 1", Expression(2)])}\n");
        sb.Append("  }\n");
        return sb.ToString();
    }

    public string Expression(int depth, IReadOnlyList<string>? locals = null)
    {
        if (depth <= 0 || Chance(4)) return Atom(locals);
        return _random.Next(14) switch
        {
            0 => $"not {Expression(depth - 1, locals)}",
            1 => $"({Expression(depth - 1, locals)})",
            2 => $"{Pick(["any", "all", "none"])} c in {Pick(SchemaPaths.Value.Lists)}: {Expression(depth - 1, ["c", "c.released", "c.name", .. locals ?? []])}",
            3 => $"{Pick(["count", "sum"])}(c in {Pick(SchemaPaths.Value.Lists)}: {Expression(depth - 1, ["c.released", "c.name", "1"])})",
            4 => $"{Pick(Builtins)}({string.Join(", ", Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Expression(depth - 1, locals)))})",
            5 => $"[{string.Join(", ", Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Atom(locals)))}]",
            6 => $"{Pick(["R0", "R1", "EU-53-1a", "verdict", "c5"])} is {Pick(["pass", "fail", "unknown", "not_applicable", "error", "waived", "not pass", "maybe"])}",
            7 => $"{Pick(SchemaPaths.Value.Values)} matches \"{Pick(Regexes)}\"",
            8 => $"{Pick(["f3", "f2", "v2", "t4", "nope"])}({Expression(depth - 1, locals)})",
            9 => $"t4[{Atom(locals)}].{Pick(["open", "rank", "nope"])}",
            10 => $"{Pick(SchemaPaths.Value.Lists)}[{Pick(["0", "1", "-1", "99", "\"a\""])}]{(Chance(2) ? ".name" : "")}",
            _ => $"{Expression(depth - 1, locals)} {Pick(Binary)} {Expression(depth - 1, locals)}",
        };
    }

    private string Atom(IReadOnlyList<string>? locals = null) => _random.Next(12) switch
    {
        0 => _random.Next(-10, 1000).ToString(CultureInfo.InvariantCulture),
        1 => Pick(["1e25", "3.8e25", "1_000", "0.5", "1e999", "1e308", "5e-324", "0", "-0", "1.", ".5", "0x10", "1e-400"]),
        2 => Pick(["\"text\"", "\"downloadable\"", "\"a\\qb\"", "\"\"", "\"\\u0130\"", "\"é\"", "\"open_download\"", "\"{x}\"", "\"Apache-2.0\""]),
        3 => Pick(["true", "false"]),
        4 => Pick(["2025-08-02", "2024-13-45", "0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29"]),
        5 => Pick(["180 days", "6 months", "1 years", "2 weeks", "3650001 days", "0 days", "1e9 years"]),
        6 when locals is { Count: > 0 } => Pick(locals),
        7 => Pick(SchemaPaths.Value.Objects),
        8 => Pick(["v2", "open_weights", "big", "nope", "lib", "over(1, 2)"]),
        _ => Pick(SchemaPaths.Value.Values),
    };
}

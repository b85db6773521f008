using System.Globalization;
using PolicyEngine.Schema;

namespace PolicyEngine.Fuzz.Generators;

/// <summary>The types expressions are generated at.</summary>
public enum Ty { Bool, Number, String, Date, Days, Months }

/// <summary>
/// Well-typed expressions over the descriptor schema: each request names a type, and the generator picks a form that
/// has it — a fact of that type, a literal, an operator or built-in whose result has it — so most generated policies
/// get through the binder to the compiler and the evaluator. Quantifiers bind a variable over a list of records and
/// use that record's fields; enum-valued facts are compared with their allowed values.
/// </summary>
public sealed class TypedExpressions
{
    private static readonly Lazy<Schema> Facts = new(() => new Schema(DescriptorSchema.Default.Root.AllFields));

    private sealed class Schema
    {
        public Schema(IReadOnlyList<FieldInfo> all)
        {
            foreach (var field in all)
            {
                switch (field.Kind)
                {
                    case FieldKind.Boolean: Bools.Add(field.Path); break;
                    case FieldKind.Number: Numbers.Add(field.Path); break;
                    case FieldKind.Date: Dates.Add(field.Path); break;
                    case FieldKind.String: Strings.Add((field.Path, field.EnumValues)); break;
                    case FieldKind.List when field.ElementShape is { } shape: RecordLists.Add((field.Path, shape)); break;
                    case FieldKind.List when field.ElementKind == FieldKind.String: StringLists.Add((field.Path, field.ElementEnumValues)); break;
                }
            }
        }

        public List<string> Bools { get; } = new();
        public List<string> Numbers { get; } = new();
        public List<string> Dates { get; } = new();
        public List<(string Path, IReadOnlyList<string>? Allowed)> Strings { get; } = new();
        public List<(string Path, RecordShape Shape)> RecordLists { get; } = new();
        public List<(string Path, IReadOnlyList<string>? Allowed)> StringLists { get; } = new();
    }

    /// <summary>A variable bound by a quantifier, and its record's fields by type.</summary>
    private sealed record Variable(string Name, RecordShape Shape);

    private readonly Random _random;
    private readonly List<Variable> _scope = new();
    private int _fresh;

    public TypedExpressions(Random random) => _random = random;

    /// <summary>Names defined in the policy being generated that expressions may use, by type.</summary>
    public Dictionary<Ty, List<string>> Definitions { get; } = new();

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(int inN) => _random.Next(inN) == 0;

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public string Of(Ty type, int depth)
    {
        if (depth <= 0 || Chance(3)) return Leaf(type);
        return type switch
        {
            Ty.Bool => Bool(depth),
            Ty.Number => Number(depth),
            Ty.String => String(depth),
            Ty.Date => _random.Next(3) switch
            {
                0 => $"{Of(Ty.Date, depth - 1)} + {Of(Ty.Days, depth - 1)}",
                1 => $"{Of(Ty.Date, depth - 1)} + {Of(Ty.Months, depth - 1)}",
                _ => $"({Of(Ty.Date, depth - 1)} ?? {Leaf(Ty.Date)})",
            },
            Ty.Days => _random.Next(3) switch
            {
                0 => $"{Of(Ty.Date, depth - 1)} - {Of(Ty.Date, depth - 1)}",
                1 => $"{Of(Ty.Days, depth - 1)} * {Leaf(Ty.Number)}",
                _ => $"-{Leaf(Ty.Days)}",
            },
            _ => $"{Of(Ty.Months, depth - 1)} + {Leaf(Ty.Months)}",
        };
    }

    private string Leaf(Ty type)
    {
        if (Definitions.TryGetValue(type, out var names) && names.Count > 0 && Chance(4)) return Pick(names);
        var variable = _scope.Count > 0 && Chance(2) ? _scope[^1] : null;
        switch (type)
        {
            case Ty.Bool:
                if (variable is not null && FieldsOf(variable, FieldKind.Boolean) is { Count: > 0 } vb) return $"{variable.Name}.{Pick(vb).Name}";
                return _random.Next(5) switch { 0 => Pick(["true", "false"]), _ => Pick(Facts.Value.Bools) };
            case Ty.Number:
                if (variable is not null && FieldsOf(variable, FieldKind.Number) is { Count: > 0 } vn) return $"{variable.Name}.{Pick(vn).Name}";
                return _random.Next(4) switch
                {
                    0 => Pick(["0", "1", "2", "1e25", "3.8e25", "1e26", "0.5", "100", "1_000", "1e308", "5e-324", "-3", "1e-7", "12345678901234567890"]),
                    1 => _random.Next(-5, 1_000_000).ToString(CultureInfo.InvariantCulture),
                    _ => Pick(Facts.Value.Numbers),
                };
            case Ty.String:
                if (variable is not null && FieldsOf(variable, FieldKind.String) is { Count: > 0 } vs) return $"{variable.Name}.{Pick(vs).Name}";
                return Chance(3) ? Pick(["\"text\"", "\"\"", "\"Apache-2.0\"", "\"\\u0130\"", "\"é\"", "\"a\\\"b\"", "\"line\\nbreak\""]) : Pick(Facts.Value.Strings).Path;
            case Ty.Date:
                return Chance(2) ? Pick(Facts.Value.Dates) : Pick(["2025-08-02", "2024-02-29", "0001-01-01", "9999-12-31", "2023-01-01"]);
            case Ty.Days:
                return Pick(["180 days", "2 weeks", "0 days", "3650000 days", "1 days", "52 weeks"]);
            default:
                return Pick(["6 months", "1 years", "12 months", "10000 years", "0 months"]);
        }
    }

    private static List<FieldInfo> FieldsOf(Variable variable, FieldKind kind) => variable.Shape.Fields.Values.Where(f => f.Kind == kind).ToList();

    private string Bool(int depth)
    {
        switch (_random.Next(16))
        {
            case 0: return $"not {Of(Ty.Bool, depth - 1)}";
            case 1: return $"{Of(Ty.Bool, depth - 1)} and {Of(Ty.Bool, depth - 1)}";
            case 2: return $"{Of(Ty.Bool, depth - 1)} or {Of(Ty.Bool, depth - 1)}";
            case 3: return $"({Of(Ty.Bool, depth - 1)}) implies {Of(Ty.Bool, depth - 1)}";
            case 4: return $"{Of(Ty.Number, depth - 1)} {Pick(["<", "<=", ">", ">=", "==", "!="])} {Of(Ty.Number, depth - 1)}";
            case 5:
                var (path, allowed) = Pick(Facts.Value.Strings);
                return allowed is { Count: > 0 } ? $"{path} {Pick(["==", "!="])} \"{Pick(allowed)}\"" : $"{path} == {Of(Ty.String, depth - 1)}";
            case 6: return $"known({Pick([.. Facts.Value.Numbers, .. Facts.Value.Bools, .. Facts.Value.Dates])})";
            case 7: return Quantifier(depth);
            case 8:
                var (list, values) = Pick(Facts.Value.StringLists);
                return Chance(2) ? $"{Of(Ty.String, depth - 1)} in {list}" : $"\"{(values is { Count: > 0 } ? Pick(values) : "x")}\" {Pick(["in", "not in"])} {list}";
            case 9: return $"{Of(Ty.String, depth - 1)} matches \"{Pick(["^a", "(?i)llama", "^(Apache-2\\\\.0|MIT)$", "\\\\d+", ".*", "(a+)+$", "^(\\\\w+\\\\s?)*$", "(?<=a)b", "(a)\\\\1"])}\"";
            case 10: return $"{Of(Ty.Date, depth - 1)} {Pick(["<", "<=", ">", ">="])} {Of(Ty.Date, depth - 1)}";
            case 11: return $"{Pick(["contains", "starts_with", "ends_with"])}({Of(Ty.String, depth - 1)}, {Leaf(Ty.String)})";
            case 12: return $"{Of(Ty.Bool, depth - 1)} ?? {Pick(["true", "false"])}";
            case 13: return $"{Of(Ty.String, depth - 1)} in [\"a\", {Leaf(Ty.String)}]";
            case 14: return $"if({Of(Ty.Bool, depth - 1)}, {Of(Ty.Bool, depth - 1)}, {Leaf(Ty.Bool)})";
            default: return $"{Of(Ty.Days, depth - 1)} {Pick(["<", ">="])} {Leaf(Ty.Days)}";
        }
    }

    private string Quantifier(int depth)
    {
        var (list, shape) = Pick(Facts.Value.RecordLists);
        var variable = new Variable($"x{_fresh++}", shape);
        _scope.Add(variable);
        try
        {
            var body = Of(Ty.Bool, depth - 1);
            return $"{Pick(["any", "all", "none"])} {variable.Name} in {list}: {body}";
        }
        finally
        {
            _scope.RemoveAt(_scope.Count - 1);
        }
    }

    private string Number(int depth)
    {
        switch (_random.Next(12))
        {
            case 0: return $"{Of(Ty.Number, depth - 1)} {Pick(["+", "-", "*", "/", "%"])} {Of(Ty.Number, depth - 1)}";
            case 1: return $"-{Of(Ty.Number, depth - 1)}";
            case 2: return $"{Pick(["min", "max"])}({Of(Ty.Number, depth - 1)}, {Of(Ty.Number, depth - 1)})";
            case 3: return $"{Pick(["abs", "floor", "ceil", "round", "log10"])}({Of(Ty.Number, depth - 1)})";
            case 4: return $"number({Of(Ty.Bool, depth - 1)})";
            case 5: return $"days({Of(Ty.Days, depth - 1)})";
            case 6: return $"year({Of(Ty.Date, depth - 1)})";
            case 7: return $"length({Of(Ty.String, depth - 1)})";
            case 8: return $"({Of(Ty.Number, depth - 1)} ?? {Leaf(Ty.Number)})";
            case 9:
            case 10:
                var (list, shape) = Pick(Facts.Value.RecordLists);
                var variable = new Variable($"x{_fresh++}", shape);
                _scope.Add(variable);
                try
                {
                    return _random.Next(2) == 0
                        ? $"count({variable.Name} in {list}: {Of(Ty.Bool, depth - 1)})"
                        : $"sum({variable.Name} in {list}: {Of(Ty.Number, depth - 1)})";
                }
                finally
                {
                    _scope.RemoveAt(_scope.Count - 1);
                }
            default: return $"if({Of(Ty.Bool, depth - 1)}, {Of(Ty.Number, depth - 1)}, {Leaf(Ty.Number)})";
        }
    }

    private string String(int depth) => _random.Next(4) switch
    {
        0 => $"{Pick(["lower", "upper", "trim"])}({Of(Ty.String, depth - 1)})",
        1 => $"{Of(Ty.String, depth - 1)} + {Leaf(Ty.String)}",
        2 => $"if({Of(Ty.Bool, depth - 1)}, {Leaf(Ty.String)}, {Leaf(Ty.String)})",
        _ => $"({Of(Ty.String, depth - 1)} ?? \"none\")",
    };

    /// <summary>A value literal of the type (for test 'set' steps).</summary>
    public string Literal(Ty type) => type switch
    {
        Ty.Bool => Pick(["true", "false"]),
        Ty.Number => Pick(["1e26", "0", "1", "3.5"]),
        Ty.Date => Pick(["2024-01-01", "2025-08-02"]),
        _ => "\"text\"",
    };

    public string FactOf(Ty type) => type switch
    {
        Ty.Bool => Pick(Facts.Value.Bools),
        Ty.Number => Pick(Facts.Value.Numbers),
        Ty.Date => Pick(Facts.Value.Dates),
        _ => Pick(Facts.Value.Strings.Where(s => s.Allowed is null).Select(s => s.Path).ToList()),
    };
}

using System.Globalization;
using System.Text;
using PolicyEngine.Schema;

namespace PolicyEngine.Fuzz.Generators;

/// <summary>
/// Descriptors as JSON and YAML bytes: built from the schema (right and wrong types at every path, allowed and
/// disallowed values, dates real and not), with the hard cases the issue names — nesting to 100,000 levels, huge and
/// tiny numbers, NaN and infinities (as strings and bare), duplicate keys, BOMs, invalid UTF-8, very long strings —
/// and YAML's own corners (anchors, tags, documents, flow and block styles, tabs); and mutations of the shipped examples.
/// </summary>
public sealed class DescriptorGenerator
{
    private static readonly Lazy<IReadOnlyList<string>> Examples = new(() =>
        Directory.GetFiles(RepoPaths.Examples, "*.json").OrderBy(p => p, StringComparer.Ordinal).Select(File.ReadAllText).ToList());

    public static IReadOnlyList<string> Dictionary { get; } =
    [
        "{", "}", "[", "]", ":", ",", "\"", "null", "true", "false", "NaN", "Infinity", "-Infinity", "1e309", "5e-324", "\"descriptor_version\"", "\"model\"",
        "---", "...", "- ", ": ", "&a", "*a", "!!str", "!!binary", "? ", "<<: *a", "%YAML 1.2", "|", ">", "\t", "#", "~", ".nan", ".inf", "0x1F", "0o17", "yes", "no",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "1.5", "1e25", "3.8e25", "1e308", "1.7976931348623157e308", "1e309", "-1e309", "5e-324", "4.9e-324", "1e-400", "2.5E+10", "0.1",
        "9007199254740993", "123456789012345678901234567890", "-9223372036854775809", "1.0", "1e-7", "0.000001",
    ];

    private static readonly string[] OddNumbers = ["NaN", "Infinity", "-Infinity", "+1", "01", ".5", "5.", "1e", "0x10", "1_000", "1,5", "١٢٣", "1e+", "--1", "Infinity1"];

    private static readonly string[] Strings =
    [
        "", "x", "open_download", "downloadable", "Apache-2.0", "NaN", "Infinity", "-Infinity", "1e309", "2024-07-23", "2024-13-45", "2024-02-30", "0000-01-01",
        "9999-12-31", "10000-01-01", "2024-7-3", "İ", "ı", "é", "\u0000", "\uFEFF", "\\u0000", "\\ud800", "\\udc00\\ud800", "\U0001F600", "a\nb", "\t", "true", "null",
        "fuzz/model", "https://example.org", "1,5",
    ];

    private readonly Random _random;
    private readonly Mutator _mutator;

    /// <summary>Whether the tree being built may hold values of the wrong type or outside the allowed ones.</summary>
    private bool _dirty = true;

    public DescriptorGenerator(Random random)
    {
        _random = random;
        _mutator = new Mutator(random, Dictionary);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(int inN) => _random.Next(inN) == 0;

    /// <summary>One input: the file name it is read as (which decides JSON or YAML) and its bytes.</summary>
    public (string Name, byte[] Data) Next()
    {
        var yaml = Chance(3);
        var name = yaml ? Pick(["fuzz.yaml", "fuzz.yml"]) : "fuzz.json";
        string text;
        switch (_random.Next(20))
        {
            case < 7: text = yaml ? Yaml(Tree()) : Json(Tree()); break;
            case < 10: text = _mutator.Mutate(yaml ? Yaml(Tree()) : Json(Tree()), 3); break;
            case < 14:
                var example = Pick(Examples.Value);
                text = yaml ? Yaml(ParseLoosely(example)) : example;
                text = _mutator.Mutate(text, 3, Examples.Value);
                break;
            case < 16: text = Deep(yaml); break;
            case < 17: text = YamlCorner(); name = "fuzz.yaml"; break;
            case < 18: text = WrongTypeAtPath(yaml); break;
            default:
                var bytes = Encoding.UTF8.GetBytes(yaml ? Yaml(Tree()) : Json(Tree()));
                return (name, Bytes(bytes));
        }
        var data = Encoding.UTF8.GetBytes(text);
        if (Chance(20)) data = [0xEF, 0xBB, 0xBF, .. data];
        return (name, data);
    }

    private byte[] Bytes(byte[] valid) => _random.Next(4) switch
    {
        0 => [0xEF, 0xBB, 0xBF, .. valid],
        1 => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. valid],
        2 => _mutator.MutateBytes(valid, 3),
        _ => [.. valid.Take(valid.Length / 2), 0xC3, 0x28, .. valid.Skip(valid.Length / 2)],
    };

    /// <summary>Nesting from a few levels to 100,000, in every shape.</summary>
    private string Deep(bool yaml)
    {
        var n = _random.Next(4) switch { 0 => _random.Next(60, 70), 1 => _random.Next(100, 1_000), 2 => _random.Next(1_000, 20_000), _ => 100_000 };
        return _random.Next(6) switch
        {
            0 => new string('[', n) + new string(']', n),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n),
            2 => "{\"descriptor_version\": \"0.1\", \"model\": " + string.Concat(Enumerable.Repeat("{\"id\":", n)) + "1" + new string('}', n) + "}",
            3 => new string('[', n),
            4 => yaml ? string.Concat(Enumerable.Range(0, Math.Min(n, 1_500)).Select(i => new string(' ', i) + "a:\n")) : string.Concat(Enumerable.Repeat("[{\"a\":", n / 2)),
            _ => "{\"descriptor_version\": \"0.1\", \"model\": {\"id\": \"x\"}, \"release\": {\"hosted_partners\": [" + string.Join(",", Enumerable.Repeat("\"p\"", n)) + "]}}",
        };
    }

    /// <summary>A descriptor that is right except for one value of the wrong kind, at any path of the schema (inside
    /// list items too): over a long run every path gets every wrong kind.</summary>
    private string WrongTypeAtPath(bool yaml)
    {
        var all = DescriptorSchema.Default.Root.AllFields;
        var field = Pick(all);
        var path = field.Path;
        FieldInfo target = field;
        if (field.ElementShape is { } shape && shape.Fields.Count > 0 && Chance(2))
        {
            // A field of a list item: release.components[0].released
            target = Pick(shape.Fields.Values.ToList());
            path = $"{field.Path}[].{target.Name}";
        }
        var wrong = target.Kind switch
        {
            FieldKind.Boolean => Pick(["\"true\"", "1", "null", "[]", "{}", "\"NaN\""]),
            FieldKind.Number => Pick(["\"1e25\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "true", "[]", "{}", "NaN", "Infinity", "-Infinity", "1e400", "-1e400"]),
            FieldKind.Date => Pick(["20240723", "\"2024-07-23T00:00:00\"", "true", "[]", "\"NaN\""]),
            FieldKind.String => Pick(["1", "true", "[]", "{}", "1e309", "\"\""]),
            FieldKind.Object => Pick(["1", "\"x\"", "true", "[]", "null"]),
            _ => Pick(["1", "\"x\"", "true", "{}", "[[]]", "[1, \"x\", true, null, {}]"]),
        };
        // Lists and objects are written as raw JSON in both formats (YAML reads JSON's flow style).
        var value = new Node { Scalar = wrong };
        var segments = path.Split('.');
        Node node = value;
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            var segment = segments[i];
            if (segment.EndsWith("[]", StringComparison.Ordinal))
            {
                node = new Node { Members = [(segment[..^2], new Node { Items = [node] })] };
            }
            else node = new Node { Members = [(segment, node)] };
        }
        var root = node;
        root.Members!.Insert(0, ("descriptor_version", new Node { Scalar = "\"0.1\"" }));
        if (!path.StartsWith("model.", StringComparison.Ordinal) && path != "model") root.Members.Add(("model", new Node { Members = [("id", new Node { Scalar = "\"fuzz/wrong\"" })] }));
        return yaml ? Yaml(root) : Json(root);
    }

    private string YamlCorner() => Pick(
    [
        "descriptor_version: \"0.1\"\nmodel: &m\n  id: x\nlicence: *m\n",
        "descriptor_version: !!str 0.1\nmodel:\n  id: !!binary aGVsbG8=\n",
        "%YAML 1.2\n---\ndescriptor_version: \"0.1\"\nmodel: {id: x}\n...\n---\nmodel: {id: y}\n",
        "? [a, b]\n: c\n",
        "base: &b {id: x}\nmodel:\n  <<: *b\n  name: y\ndescriptor_version: \"0.1\"\n",
        "descriptor_version: \"0.1\"\nmodel:\n\tid: x\n",
        "descriptor_version: \"0.1\"\nmodel:\n  training:\n    compute_flop: .inf\n    tokens: .nan\n    gpu_hours: 0x1F\n    cost_usd: 0o17\n  general_purpose: yes\n",
        "descriptor_version: \"0.1\"\nmodel:\n  name: |\n    line\n  id: >\n    folded\n",
        "- a\n- b\n",
        "\"just a string\"\n",
        "",
        "---\n",
        "descriptor_version: \"0.1\"\nmodel:\n  id: x\n  id: y\n",
        "descriptor_version: \"0.1\"\nmodel: {id: x, id: y}\n",
        "descriptor_version: \"0.1\"\nmodel:\n  id: 'x\n",
        "&a [*a]\n",
        "descriptor_version: \"0.1\"\nmodel:\n  modalities: {input: [text, !custom image], output: [[nested]]}\n",
        "descriptor_version: \"0.1\"\nmodel:\n  training:\n    compute_flop: 1_000_000\n    tokens: 1e999\n    data_cutoff: 2024-01-01\n",
    ]);

    // ---- a descriptor as a tree of values, then written as JSON or YAML ----------------------

    private sealed class Node
    {
        public List<(string Key, Node Value)>? Members;
        public List<Node>? Items;
        public string? Scalar; // already in JSON form: "\"text\"", 1e25, true, null
    }

    private Node Tree()
    {
        // Half the trees are clean (every value of its field's type), so they load and reach the evaluator.
        _dirty = Chance(2);
        var root = Record(DescriptorSchema.Default.Root.Fields, 0);
        if (!Chance(8)) Ensure(root, "descriptor_version", new Node { Scalar = Chance(10) ? Pick(Numbers) : "\"0.1\"" });
        if (!Chance(8)) Ensure(root, "model", new Node { Members = [("id", new Node { Scalar = "\"fuzz/model\"" })] });
        if (Chance(6)) root.Members!.Add(("sources", new Node { Members = [("model.id", new Node { Scalar = Chance(2) ? "\"https://example.org\"" : "1" })] }));
        if (_dirty && root.Members!.Count > 0 && Chance(10)) root.Members!.Add((Pick(root.Members!).Key, Value(null, 1))); // a duplicate key
        if (Chance(10)) root.Members!.Add((Pick(["unknown", "modle", "descriptor-version", "İd", ""]), Value(null, 1)));
        return root;
    }

    private static void Ensure(Node node, string key, Node value)
    {
        if (!node.Members!.Any(m => m.Key == key)) node.Members!.Insert(0, (key, value));
    }

    private Node Record(IReadOnlyDictionary<string, FieldInfo> fields, int depth)
    {
        var node = new Node { Members = [] };
        foreach (var field in fields.Values)
        {
            if (!Chance(3)) continue;
            node.Members.Add((field.Name, _dirty && Chance(12) ? Value(null, depth + 1) : Value(field, depth + 1)));
        }
        return node;
    }

    /// <summary>A value for a field: usually of its type, sometimes of any other (null for no field: anything).</summary>
    private Node Value(FieldInfo? field, int depth)
    {
        if (field is null || depth > 6) return Any(depth);
        switch (field.Kind)
        {
            case FieldKind.Object: return Record(field.Children, depth);
            case FieldKind.List:
                var items = new List<Node>();
                var count = _random.Next(10) switch { 0 => 0, < 9 => _random.Next(1, 4), _ => _random.Next(4, depth > 2 ? 8 : 60) };
                for (var i = 0; i < count; i++)
                {
                    items.Add(field.ElementShape is { } shape ? (_dirty && Chance(15) ? Any(depth) : Record(shape.Fields, depth + 1))
                        : Scalar(field.ElementKind ?? FieldKind.String, field.ElementEnumValues));
                }
                return new Node { Items = items };
            default:
                return Chance(15) ? new Node { Scalar = "null" } : Scalar(field.Kind, field.EnumValues);
        }
    }

    private Node Scalar(FieldKind kind, IReadOnlyList<string>? allowed) => kind switch
    {
        FieldKind.Boolean => new Node { Scalar = _dirty && Chance(10) ? Pick(["\"true\"", "1", "0", "\"yes\""]) : Pick(["true", "false"]) },
        FieldKind.Number => new Node { Scalar = _dirty && Chance(8) ? Quote(Pick(OddNumbers)) : _dirty && Chance(12) ? Pick(OddNumbers) : Pick(Numbers) },
        FieldKind.Date => new Node { Scalar = Quote(_dirty ? Pick(["2024-07-23", "2024-02-29", "2023-02-29", "2024-13-45", "0001-01-01", "9999-12-31", "2024-07-23T00:00:00Z", "", "24-7-23"]) : Pick(["2024-07-23", "2024-02-29", "0001-01-01", "9999-12-31"])) },
        _ => new Node { Scalar = Quote(allowed is { Count: > 0 } && (!_dirty || !Chance(6)) ? Pick(allowed) : LongOrOdd()) },
    };

    /// <summary>One very long string per document at most (long strings in every item of a long list made inputs of
    /// tens of megabytes, slow to make and no more interesting).</summary>
    private bool _longStringUsed;

    private string LongOrOdd()
    {
        if (!_longStringUsed && Chance(40))
        {
            _longStringUsed = true;
            return Chance(2) ? new string('x', _random.Next(1_000, 200_000)) : string.Concat(Enumerable.Repeat("\\u00e9", _random.Next(10, 1_000)));
        }
        return Pick(Strings);
    }

    private Node Any(int depth) => _random.Next(depth > 6 ? 4 : 7) switch
    {
        0 => new Node { Scalar = "null" },
        1 => new Node { Scalar = Pick(Numbers) },
        2 => new Node { Scalar = Quote(Pick(Strings)) },
        3 => new Node { Scalar = Pick(["true", "false", "NaN", "Infinity", "-Infinity"]) },
        4 => new Node { Items = [.. Enumerable.Range(0, _random.Next(4)).Select(_ => Any(depth + 1))] },
        _ => new Node { Members = [.. Enumerable.Range(0, _random.Next(4)).Select(i => ($"k{i}", Any(depth + 1)))] },
    };

    private static string Quote(string text)
    {
        // Strings in Strings may hold JSON escapes (\\u0000) meant literally; others are escaped here.
        if (text.Contains("\\u", StringComparison.Ordinal)) return "\"" + text + "\"";
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    private string Json(Node node)
    {
        var sb = new StringBuilder();
        var pretty = Chance(2);
        WriteJson(node, sb, pretty ? 0 : -1);
        return sb.Append('\n').ToString();
    }

    private static void WriteJson(Node node, StringBuilder sb, int indent)
    {
        var nl = indent < 0 ? "" : "\n" + new string(' ', (indent + 1) * 2);
        var end = indent < 0 ? "" : "\n" + new string(' ', indent * 2);
        var next = indent < 0 ? -1 : indent + 1;
        if (node.Members is { } members)
        {
            sb.Append('{');
            for (var i = 0; i < members.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(nl).Append(Quote(members[i].Key)).Append(": ");
                WriteJson(members[i].Value, sb, next);
            }
            sb.Append(members.Count > 0 ? end : "").Append('}');
        }
        else if (node.Items is { } items)
        {
            sb.Append('[');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                WriteJson(items[i], sb, next);
            }
            sb.Append(']');
        }
        else sb.Append(node.Scalar);
    }

    private string Yaml(Node node)
    {
        var sb = new StringBuilder();
        if (Chance(6)) sb.Append("---\n");
        WriteYaml(node, sb, 0, Chance(5));
        return sb.ToString();
    }

    private void WriteYaml(Node node, StringBuilder sb, int indent, bool flow)
    {
        var pad = new string(' ', indent * 2);
        if (flow)
        {
            // JSON is YAML: flow style for the whole node.
            WriteJson(node, sb, -1);
            sb.Append('\n');
            return;
        }
        if (node.Members is { } members)
        {
            if (members.Count == 0) { sb.Append(pad).Append("{}\n"); return; }
            foreach (var (key, value) in members)
            {
                sb.Append(pad).Append(YamlKey(key)).Append(':');
                if (value.Scalar is not null) sb.Append(' ').Append(YamlScalar(value.Scalar)).Append('\n');
                else if ((value.Members?.Count ?? value.Items!.Count) == 0) sb.Append(value.Members is null ? " []\n" : " {}\n");
                else { sb.Append('\n'); WriteYaml(value, sb, indent + 1, Chance(12)); }
            }
        }
        else if (node.Items is { } items)
        {
            if (items.Count == 0) { sb.Append(pad).Append("[]\n"); return; }
            foreach (var item in items)
            {
                if (item.Scalar is not null) { sb.Append(pad).Append("- ").Append(YamlScalar(item.Scalar)).Append('\n'); continue; }
                sb.Append(pad).Append("-\n");
                WriteYaml(item, sb, indent + 1, Chance(12));
            }
        }
        else sb.Append(pad).Append(YamlScalar(node.Scalar!)).Append('\n');
    }

    private static string YamlKey(string key) => key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') ? key : Quote(key);

    /// <summary>JSON scalars are YAML scalars, except that a plain string may be written bare.</summary>
    private string YamlScalar(string json) =>
        json.StartsWith('"') && Chance(2) && json.Length > 2 && json[1..^1].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' or '.') ? json[1..^1] : json;

    /// <summary>Reads a shipped example as a tree (for writing it as YAML); anything it cannot read becomes a string.</summary>
    private static Node ParseLoosely(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return FromElement(document.RootElement);
        }
        catch (System.Text.Json.JsonException)
        {
            return new Node { Scalar = Quote(json) };
        }

        static Node FromElement(System.Text.Json.JsonElement e) => e.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Object => new Node { Members = [.. e.EnumerateObject().Select(p => (p.Name, FromElement(p.Value)))] },
            System.Text.Json.JsonValueKind.Array => new Node { Items = [.. e.EnumerateArray().Select(FromElement)] },
            _ => new Node { Scalar = e.GetRawText() },
        };
    }
}

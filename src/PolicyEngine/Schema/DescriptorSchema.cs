using System.Reflection;
using Newtonsoft.Json.Linq;

namespace PolicyEngine.Schema;

/// <summary>
/// The release-descriptor schema (rules/schema/descriptor.schema.json, embedded in the library), read into
/// record shapes. Policies are type-checked against it, so a new field is a schema change, not a code change.
/// </summary>
public sealed class DescriptorSchema
{
    private static readonly Lazy<DescriptorSchema> DefaultSchema = new(() => Parse(ReadEmbedded()));

    private DescriptorSchema(string json, RecordShape root, IReadOnlyList<string> required)
    {
        Json = json;
        Root = root;
        Required = required;
    }

    /// <summary>The JSON Schema text.</summary>
    public string Json { get; }

    public RecordShape Root { get; }

    /// <summary>Top-level properties every descriptor must have.</summary>
    public IReadOnlyList<string> Required { get; }

    /// <summary>The property that maps fact paths to their published sources.</summary>
    public const string SourcesProperty = "sources";

    public static DescriptorSchema Default => DefaultSchema.Value;

    public static string ReadEmbedded()
    {
        using var stream = typeof(DescriptorSchema).Assembly.GetManifestResourceStream("descriptor.schema.json")
            ?? throw new InvalidOperationException("The descriptor schema is not embedded in the library.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static DescriptorSchema Parse(string json)
    {
        var document = JObject.Parse(json);
        var root = new RecordShape("the descriptor");
        root.Fields = ReadProperties(root, document, prefix: "", skipSources: true);
        var required = document["required"]?.Values<string>().OfType<string>().ToList() ?? new List<string>();
        return new DescriptorSchema(json, root, required);
    }

    private static Dictionary<string, FieldInfo> ReadProperties(RecordShape shape, JObject node, string prefix, bool skipSources = false)
    {
        var fields = new Dictionary<string, FieldInfo>(StringComparer.Ordinal);
        if (node["properties"] is not JObject properties) return fields;
        foreach (var property in properties.Properties())
        {
            if (skipSources && property.Name == SourcesProperty) continue;
            if (property.Value is not JObject definition) continue;
            var path = prefix.Length == 0 ? property.Name : prefix + "." + property.Name;
            var field = ReadField(shape, property.Name, path, definition);
            fields[property.Name] = field;
        }
        return fields;
    }

    private static FieldInfo ReadField(RecordShape shape, string name, string path, JObject definition)
    {
        var type = TypeOf(definition);
        var description = (string?)definition["description"];
        FieldInfo field;
        switch (type)
        {
            case "object":
                field = new FieldInfo(name, path, FieldKind.Object, description);
                shape.Register(field);
                field.Children = ReadProperties(shape, definition, path);
                return field;
            case "array":
                field = new FieldInfo(name, path, FieldKind.List, description);
                if (definition["items"] is JObject items)
                {
                    if (TypeOf(items) == "object")
                    {
                        var element = new RecordShape(path + "[]");
                        element.Fields = ReadProperties(element, items, "");
                        field.ElementShape = element;
                    }
                    else
                    {
                        field.ElementKind = ScalarKind(items);
                        field.ElementEnumValues = EnumOf(items);
                    }
                }
                else
                {
                    field.ElementKind = FieldKind.String;
                }
                shape.Register(field);
                return field;
            default:
                field = new FieldInfo(name, path, ScalarKind(definition), description)
                {
                    EnumValues = EnumOf(definition),
                    IsInteger = type == "integer",
                    Minimum = (double?)definition["minimum"],
                    Format = (string?)definition["format"],
                };
                shape.Register(field);
                return field;
        }
    }

    private static string TypeOf(JObject definition) => definition["type"] switch
    {
        JArray types => types.Values<string>().FirstOrDefault(t => t != "null") ?? "null",
        JValue single => (string?)single ?? "null",
        _ => definition["properties"] is not null ? "object" : "string",
    };

    private static FieldKind ScalarKind(JObject definition) => TypeOf(definition) switch
    {
        "boolean" => FieldKind.Boolean,
        "number" or "integer" => FieldKind.Number,
        _ => (string?)definition["format"] == "date" ? FieldKind.Date : FieldKind.String,
    };

    private static IReadOnlyList<string>? EnumOf(JObject definition) =>
        definition["enum"] is JArray values
            ? values.Where(v => v.Type == JTokenType.String).Select(v => (string)v!).ToList()
            : null;

    internal static Assembly Assembly => typeof(DescriptorSchema).Assembly;
}

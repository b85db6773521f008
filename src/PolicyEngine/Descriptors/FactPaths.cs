using System.Globalization;
using PolicyEngine.Binding;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;

namespace PolicyEngine.Descriptors;

/// <summary>Dotted fact paths as users and traces write them (<c>release.components[2].licence</c>), resolved
/// against the schema, and values for them parsed from text (<c>--set path=value</c>).</summary>
public static class FactPaths
{
    public static (List<FactPathSegment>? Segments, string? Error) Resolve(RecordShape root, string path)
    {
        var segments = new List<FactPathSegment>();
        IReadOnlyDictionary<string, FieldInfo> fields = root.Fields;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            int? index = null;
            var bracket = part.IndexOf('[');
            if (bracket >= 0)
            {
                if (!part.EndsWith(']') || !int.TryParse(part[(bracket + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    return (null, $"'{part}' is not a property or an indexed list element");
                index = n;
                part = part[..bracket];
            }
            if (!fields.TryGetValue(part, out var field))
            {
                var suggestion = Suggestions.Closest(part, fields.Keys);
                return (null, $"'{part}' is not a property of {(i == 0 ? "the descriptor" : string.Join('.', parts[..i]))}" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
            }
            segments.Add(new FactPathSegment(field, index));
            if (i == parts.Length - 1) break;
            if (field.Kind == FieldKind.Object) fields = field.Children;
            else if (field.ElementShape is not null && index is not null) fields = field.ElementShape.Fields;
            else return (null, $"'{string.Join('.', parts[..(i + 1)])}' has no properties" + (field.ElementShape is not null ? "; index an element first, e.g. [0]" : ""));
        }
        return (segments, null);
    }

    /// <summary>Parses a value for a fact from text: true/false, numbers, dates, strings (quotes optional),
    /// JSON-style lists for lists of values, and null or unknown to make the fact unknown.</summary>
    public static (FactChange? Change, string? Error) Parse(RecordShape root, string path, string text)
    {
        var (segments, error) = Resolve(root, path);
        if (segments is null) return (null, error);
        var field = segments[^1].Field;
        var value = text.Trim();
        if (value is "null" or "unknown") return (new FactChange(segments, path, null, true), null);
        if (segments[^1].Index is not null || field.Kind == FieldKind.Object || field.ElementShape is not null)
            return (null, $"'{path}' is {field.TypeDescription}; set one of its properties, or set it to unknown");
        var unquoted = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
        object? parsed = field.Kind switch
        {
            FieldKind.Boolean => value switch { "true" => Tri.True, "false" => Tri.False, _ => null },
            FieldKind.Number => double.TryParse(value.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
            FieldKind.Date => DateValue.TryParse(unquoted, out var day) ? day : null,
            FieldKind.String => field.EnumValues is { } allowed && !allowed.Contains(unquoted) ? null : unquoted,
            FieldKind.List => ParseList(field, value),
            _ => null,
        };
        if (parsed is null)
        {
            return (null, $"'{value}' is not a valid value for '{path}', which is {field.TypeDescription}");
        }
        return (new FactChange(segments, path, parsed, false), null);
    }

    private static object? ParseList(FieldInfo field, string text)
    {
        if (!text.StartsWith('[') || !text.EndsWith(']')) return null;
        var items = text[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(i => i.Length >= 2 && i[0] == '"' && i[^1] == '"' ? i[1..^1] : i).ToList();
        switch (field.ElementKind)
        {
            case FieldKind.Number:
                var numbers = items.Select(i => double.TryParse(i, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray();
                return numbers.Any(double.IsNaN) ? null : numbers;
            case FieldKind.Boolean:
                return items.All(i => i is "true" or "false") ? items.Select(i => i == "true" ? Tri.True : Tri.False).ToArray() : null;
            default:
                return field.ElementEnumValues is { } allowed && items.Any(i => !allowed.Contains(i)) ? null : items.ToArray();
        }
    }

    /// <summary>A value as it would be written after <c>--set path=</c>.</summary>
    public static string Format(object? value, FieldInfo field) => value switch
    {
        null => "unknown",
        Tri t => t.Text(),
        double d when field.Kind == FieldKind.Date => DateValue.Format(d),
        double d => Values.Format(d),
        string s => s,
        Array a => "[" + string.Join(", ", a.Cast<object?>().Select(v => v is string s ? s : Values.Format(v))) + "]",
        _ => Values.Format(value),
    };
}

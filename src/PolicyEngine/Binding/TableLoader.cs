using PolicyEngine.Descriptors;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;

namespace PolicyEngine.Binding;

/// <summary>
/// Loads a lookup table: a JSON list of objects (or an object whose first list property holds them).
/// Column types are inferred from the values (a column mixing types is read as strings); rows are keyed by one column.
/// </summary>
internal static class TableLoader
{
    public sealed record Result(RecordShape? Shape, FieldInfo? Key, IReadOnlyDictionary<string, Record>? Rows, string? Error, bool ErrorInKey = false);

    public static Result Load(string path, string name, string keyColumn, Limits limits)
    {
        if (!File.Exists(path)) return new Result(null, null, null, $"file '{path}' not found");
        if (new FileInfo(path).Length > limits.MaxFileBytes) return new Result(null, null, null, $"file '{path}' is over the limit of {limits.MaxFileBytes} bytes");
        DocumentNode document;
        try
        {
            var text = DescriptorLoader.ReadText(File.ReadAllBytes(path));
            document = DescriptorLoader.IsYamlPath(path)
                ? YamlDocumentReader.Read(text, limits.MaxDescriptorDepth, limits.MaxListItems)
                : JsonDocumentReader.Read(text, limits.MaxDescriptorDepth, limits.MaxListItems);
        }
        catch (JsonDocumentReader.FormatError e)
        {
            return new Result(null, null, null, $"{path}({e.Line},{e.Column}): {e.Message}");
        }
        catch (System.Text.DecoderFallbackException)
        {
            return new Result(null, null, null, "the file is not valid UTF-8");
        }

        var rows = document.Kind == DocumentNodeKind.Array
            ? document.Items
            : document.Members.Select(m => m.Value).FirstOrDefault(v => v.Kind == DocumentNodeKind.Array)?.Items;
        if (rows is null) return new Result(null, null, null, "expected a list of objects");

        // Infer a kind per column, in order of first appearance.
        var columns = new List<(string Name, FieldKind Kind)>();
        foreach (var row in rows.Where(r => r.Kind == DocumentNodeKind.Object))
        {
            foreach (var (column, _, _, value) in row.Members)
            {
                var kind = value.Kind switch
                {
                    DocumentNodeKind.Boolean => FieldKind.Boolean,
                    DocumentNodeKind.Number => FieldKind.Number,
                    DocumentNodeKind.String => FieldKind.String,
                    DocumentNodeKind.Array => FieldKind.List,
                    _ => (FieldKind?)null,
                };
                if (kind is null) continue;
                var index = columns.FindIndex(c => c.Name == column);
                if (index < 0) columns.Add((column, kind.Value));
                else if (columns[index].Kind != kind) columns[index] = (column, FieldKind.String);
            }
        }

        var shape = new RecordShape($"table {name}");
        var fields = new Dictionary<string, FieldInfo>(StringComparer.Ordinal);
        foreach (var (column, kind) in columns)
        {
            var field = new FieldInfo(column, column, kind, null);
            if (kind == FieldKind.List) field.ElementKind = FieldKind.String;
            shape.Register(field);
            fields[column] = field;
        }
        shape.Fields = fields;
        if (!fields.TryGetValue(keyColumn, out var key) || key.Kind != FieldKind.String)
        {
            return new Result(null, null, null, key is null
                ? $"there is no column '{keyColumn}'{(Suggestions.Closest(keyColumn, fields.Keys) is { } s ? $"; did you mean '{s}'?" : "")}"
                : $"the key column '{keyColumn}' must hold strings", ErrorInKey: true);
        }

        var result = new Dictionary<string, Record>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Kind != DocumentNodeKind.Object) continue;
            var record = new Record(shape, $"{name}[{i}]");
            foreach (var (column, line, _, value) in rows[i].Members)
            {
                var field = fields.GetValueOrDefault(column);
                if (field is null || value.Kind == DocumentNodeKind.Null) continue;
                record.Lines[field.Ordinal] = line;
                switch (field.Kind)
                {
                    case FieldKind.Boolean: record.Flags[field.Slot] = ((bool)value.Value!).ToTri(); break;
                    case FieldKind.Number: record.Numbers[field.Slot] = (double)value.Value!; break;
                    case FieldKind.String: record.Strings[field.Slot] = Convert.ToString(value.Value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case FieldKind.List: record.Lists[field.Slot] = value.Items.Select(v => Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray(); break;
                }
            }
            // The last row with a key wins, as in a dictionary literal.
            if (record.Strings[key.Slot] is { } k) result[k] = record;
        }
        return new Result(shape, key, new TableRows(result), null);
    }
}

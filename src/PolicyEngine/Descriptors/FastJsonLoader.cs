using System.Text;
using System.Text.Json;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;

namespace PolicyEngine.Descriptors;

/// <summary>
/// Reads a JSON descriptor from UTF-8 straight into its <see cref="Record"/> with System.Text.Json's
/// <see cref="Utf8JsonReader"/>: property names are matched as bytes against a map built once per record shape, values
/// go to their slots, and enum strings are the schema's own instances (no allocation). It accepts exactly the
/// documents the full loader accepts without any diagnostic and fills the same record (values, lines, sources);
/// anything else (a problem to report, comments, YAML) makes it give up, and the full loader reads the document
/// again to explain what is wrong.
/// </summary>
internal static class FastJsonLoader
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The fields of one JSON object level (the root, a nested object or a list element) by UTF-8 name.</summary>
    internal sealed class FieldMap
    {
        private readonly FastField[] _fields;

        private FieldMap(IReadOnlyDictionary<string, FieldInfo> fields) =>
            _fields = fields.Values.Select(f => new FastField(f)).ToArray();

        /// <summary>The field named by the current property name token, trying the one after the last match first
        /// (documents usually follow the schema's order).</summary>
        public FastField? Find(ref Utf8JsonReader reader, ref int hint)
        {
            if (reader.ValueIsEscaped)
            {
                var name = reader.GetString();
                foreach (var f in _fields)
                {
                    if (f.Info.Name == name) return f;
                }
                return null;
            }
            var span = reader.ValueSpan;
            for (var i = 0; i < _fields.Length; i++)
            {
                var index = hint + i;
                if (index >= _fields.Length) index -= _fields.Length;
                if (span.SequenceEqual(_fields[index].Name))
                {
                    hint = index + 1;
                    return _fields[index];
                }
            }
            return null;
        }

        public static FieldMap Of(RecordShape shape) => shape.Utf8Fields ??= new FieldMap(shape.Fields);
        public static FieldMap Of(FastField field) => field.Children ??= new FieldMap(field.Info.Children);
    }

    internal sealed class FastField
    {
        public FastField(FieldInfo info)
        {
            Info = info;
            Name = Encoding.UTF8.GetBytes(info.Name);
            Enum = EnumTable.Of(info.EnumValues);
            ElementEnum = EnumTable.Of(info.ElementEnumValues);
        }

        public FieldInfo Info { get; }
        public byte[] Name { get; }
        public EnumTable? Enum { get; }
        public EnumTable? ElementEnum { get; }
        public FieldMap? Children { get; set; }
    }

    /// <summary>The allowed values of a string field, as UTF-8 and as the strings to store.</summary>
    internal sealed class EnumTable
    {
        private readonly byte[][] _utf8;
        private readonly string[] _values;

        private EnumTable(IReadOnlyList<string> values)
        {
            _values = values.ToArray();
            _utf8 = _values.Select(Encoding.UTF8.GetBytes).ToArray();
        }

        public static EnumTable? Of(IReadOnlyList<string>? values) => values is null ? null : new EnumTable(values);

        public string? Match(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped)
            {
                var text = reader.GetString();
                return Array.IndexOf(_values, text) >= 0 ? text : null;
            }
            var span = reader.ValueSpan;
            for (var i = 0; i < _utf8.Length; i++)
            {
                if (span.SequenceEqual(_utf8[i])) return _values[i];
            }
            return null;
        }
    }

    /// <summary>One-based line numbers of byte offsets, counted as Newtonsoft's reader counts them (\n, \r\n and \r).</summary>
    private ref struct Lines(ReadOnlySpan<byte> utf8)
    {
        private readonly ReadOnlySpan<byte> _utf8 = utf8;
        private int _position;
        private int _line = 1;

        public int At(long offset)
        {
            var end = (int)offset;
            var segment = _utf8[_position..end];
            if (segment.IndexOf((byte)'\r') < 0)
            {
                _line += segment.Count((byte)'\n');
            }
            else
            {
                for (var i = _position; i < end; i++)
                {
                    if (_utf8[i] == '\n' || (_utf8[i] == '\r' && (i + 1 >= _utf8.Length || _utf8[i + 1] != '\n'))) _line++;
                }
            }
            _position = end;
            return _line;
        }
    }

    private ref struct State
    {
        public Utf8JsonReader Reader;
        public Lines Lines;
        public int MaxDepth;
        public int MaxListItems;
        public SortedDictionary<string, string>? Sources;
        public bool SawSources;
    }

    /// <summary>The record of a JSON descriptor, or false when the full loader must read it (it has problems to report
    /// or uses something only that reader accepts). <paramref name="sources"/> receives the <c>sources</c> map.</summary>
    public static bool TryLoad(ReadOnlySpan<byte> utf8, DescriptorSchema schema, Limits limits, SortedDictionary<string, string>? sources, out Record? root)
    {
        root = null;
        if (utf8.StartsWith(Bom)) utf8 = utf8[3..];
        var state = new State
        {
            Reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false }),
            Lines = new Lines(utf8),
            MaxDepth = limits.MaxDescriptorDepth,
            MaxListItems = limits.MaxListItems,
            Sources = sources,
        };
        try
        {
            if (!state.Reader.Read() || state.Reader.TokenType != JsonTokenType.StartObject || state.MaxDepth <= 0) return false;
            var record = new Record(schema.Root, "");
            if (!FillObject(ref state, record, FieldMap.Of(schema.Root), "", isRoot: true)) return false;
            if (state.Reader.Read()) return false;
            foreach (var required in schema.Required)
            {
                var present = required == DescriptorSchema.SourcesProperty
                    ? state.SawSources
                    : schema.Root.Fields.TryGetValue(required, out var field) && record.Lines[field.Ordinal] != 0;
                if (!present) return false;
            }
            root = record;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Reads the members of the object whose StartObject was just read into <paramref name="record"/>.</summary>
    private static bool FillObject(ref State state, Record record, FieldMap map, string prefix, bool isRoot)
    {
        ref var reader = ref state.Reader;
        var hint = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return true;
            if (reader.TokenType != JsonTokenType.PropertyName) return false;
            var line = state.Lines.At(reader.TokenStartIndex);
            if (isRoot && reader.ValueTextEquals(DescriptorSchema.SourcesProperty))
            {
                if (state.SawSources) return false;
                state.SawSources = true;
                if (!reader.Read() || !ReadSources(ref state)) return false;
                continue;
            }
            var field = map.Find(ref reader, ref hint);
            if (field is null) return false;
            var info = field.Info;
            if (record.Lines[info.Ordinal] != 0) return false; // the same key twice in one object
            record.Lines[info.Ordinal] = line;
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.Null) continue;
            switch (info.Kind)
            {
                case FieldKind.Object:
                    if (reader.TokenType != JsonTokenType.StartObject || reader.CurrentDepth >= state.MaxDepth) return false;
                    record.Flags[info.Slot] = Tri.True;
                    if (!FillObject(ref state, record, FieldMap.Of(field), prefix.Length == 0 ? info.Name : prefix + "." + info.Name, isRoot: false)) return false;
                    break;
                case FieldKind.List:
                    if (reader.TokenType != JsonTokenType.StartArray || reader.CurrentDepth >= state.MaxDepth) return false;
                    var list = ReadList(ref state, record, field, prefix.Length == 0 ? info.Name : prefix + "." + info.Name);
                    if (list is null) return false;
                    record.Lists[info.Slot] = list;
                    break;
                default:
                    if (!ReadScalar(ref reader, info.Kind, field.Enum, info.IsInteger, out var number, out var flag, out var text)) return false;
                    switch (info.SlotKind)
                    {
                        case SlotKind.Number: record.Numbers[info.Slot] = number; break;
                        case SlotKind.Flag: record.Flags[info.Slot] = flag; break;
                        case SlotKind.String: record.Strings[info.Slot] = text; break;
                    }
                    break;
            }
        }
        return false;
    }

    private static bool ReadSources(ref State state)
    {
        ref var reader = ref state.Reader;
        if (reader.TokenType != JsonTokenType.StartObject || reader.CurrentDepth >= state.MaxDepth) return false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return true;
            var path = reader.GetString()!;
            if (!seen.Add(path) || !reader.Read() || reader.TokenType != JsonTokenType.String) return false;
            var source = reader.GetString()!;
            if (state.Sources is not null) state.Sources[path] = source;
        }
        return false;
    }

    /// <summary>The elements of the list whose StartArray was just read: Record[], or double[], Tri[] or string[].</summary>
    private static object? ReadList(ref State state, Record owner, FastField field, string path)
    {
        ref var reader = ref state.Reader;
        var info = field.Info;
        if (info.ElementShape is { } shape)
        {
            var records = new List<Record>();
            var map = FieldMap.Of(shape);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndArray) return records.ToArray();
                if (records.Count >= state.MaxListItems) return null; // over the limit: the full loader reports it
                if (reader.TokenType != JsonTokenType.StartObject || reader.CurrentDepth >= state.MaxDepth) return null;
                var itemPath = $"{path}[{records.Count}]";
                var element = new Record(shape, owner.Path.Length == 0 ? itemPath : owner.Path + "." + itemPath);
                if (!FillObject(ref state, element, map, "", isRoot: false)) return null;
                records.Add(element);
            }
            return null;
        }

        var kind = info.ElementKind ?? FieldKind.String;
        List<double>? numbers = null;
        List<Tri>? flags = null;
        List<string>? strings = null;
        var items = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return kind switch
                {
                    FieldKind.Number or FieldKind.Date => numbers?.ToArray() ?? [],
                    FieldKind.Boolean => flags?.ToArray() ?? [],
                    _ => strings?.ToArray() ?? [],
                };
            }
            if (++items > state.MaxListItems) return null; // over the limit: the full loader reports it
            if (reader.TokenType == JsonTokenType.Null) continue; // the full loader drops unknown items of scalar lists
            if (!ReadScalar(ref reader, kind, field.ElementEnum, integer: false, out var number, out var flag, out var text)) return null;
            switch (kind)
            {
                case FieldKind.Number or FieldKind.Date: (numbers ??= new()).Add(number); break;
                case FieldKind.Boolean: (flags ??= new()).Add(flag); break;
                default: (strings ??= new(4)).Add(text!); break;
            }
        }
        return null;
    }

    /// <summary>A scalar as the full loader reads it; false where that loader would report a problem.</summary>
    private static bool ReadScalar(ref Utf8JsonReader reader, FieldKind kind, EnumTable? allowed, bool integer, out double number, out Tri flag, out string? text)
    {
        number = double.NaN;
        flag = Tri.Unknown;
        text = null;
        switch (kind)
        {
            case FieldKind.Boolean:
                if (reader.TokenType == JsonTokenType.True) flag = Tri.True;
                else if (reader.TokenType == JsonTokenType.False) flag = Tri.False;
                else return false;
                return true;
            case FieldKind.Number:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out number) || !double.IsFinite(number)) return false;
                if (number == 0 && reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0) number = 0; // "-0" is an integer 0 to Newtonsoft
                return !integer || number == Math.Floor(number);
            case FieldKind.Date:
                return reader.TokenType == JsonTokenType.String && DateValue.TryParse(reader.GetString()!, out number);
            default:
                if (reader.TokenType != JsonTokenType.String) return false;
                text = allowed is null ? reader.GetString() : allowed.Match(ref reader);
                return text is not null;
        }
    }
}

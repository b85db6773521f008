using System.Security.Cryptography;
using System.Text;
using PolicyEngine.Diagnostics;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;
using PolicyEngine.Text;

namespace PolicyEngine.Descriptors;

public sealed record DescriptorLoadResult(Descriptor? Descriptor, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Descriptor is not null && Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
}

/// <summary>
/// Reads a JSON or YAML descriptor and checks it against the schema as it fills the record: unknown
/// properties, wrong types, values outside an enum and malformed dates are diagnostics with line and column.
/// </summary>
public static class DescriptorLoader
{
    public static DescriptorLoadResult LoadFile(string path, DescriptorSchema? schema = null, Limits? limits = null)
    {
        limits ??= Limits.Default;
        if (FilePaths.Full(path) is null) return Fail(path, "the path is not a valid file name");
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path)) return Fail(path, "it is a directory, not a file");
            if (!info.Exists) return Fail(path, "file not found");
            if (info.Length > limits.MaxFileBytes) return TooLarge(path, info.Length, limits);
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(path, e.Message);
        }
        return LoadBytes(bytes, path, schema, limits);
    }

    /// <summary>
    /// Reads a JSON descriptor from UTF-8 straight into its record: no text, no document tree, no diagnostics. False
    /// when the document has a problem to report (or uses what only the full loader reads, such as comments); then
    /// <see cref="Load"/> or <see cref="LoadFast"/> says what is wrong. When it succeeds the record is the one the
    /// full loader builds, line numbers included.
    /// </summary>
    public static bool TryLoadFast(ReadOnlySpan<byte> utf8, DescriptorSchema schema, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Record? root, Limits? limits = null) =>
        FastJsonLoader.TryLoad(utf8, schema, limits ?? Limits.Default, sources: null, out root);

    /// <summary>A descriptor file's bytes (JSON, or YAML when the path says so) to a descriptor: the fast JSON reader
    /// when it can, otherwise the full loader with its diagnostics. The result is the same either way.</summary>
    public static DescriptorLoadResult LoadFast(byte[] utf8, string path, DescriptorSchema? schema = null, Limits? limits = null)
    {
        limits ??= Limits.Default;
        if (utf8.Length > limits.MaxFileBytes) return TooLarge(path, utf8.Length, limits);
        return LoadBytes(utf8, path, schema, limits);
    }

    private static DescriptorLoadResult LoadBytes(byte[] bytes, string path, DescriptorSchema? schema, Limits limits)
    {
        schema ??= DescriptorSchema.Default;
        if (!IsYamlPath(path))
        {
            var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (FastJsonLoader.TryLoad(bytes, schema, limits, sources, out var root))
            {
                // The full loader's text and hash: strict UTF-8 without the BOM; valid UTF-8 encodes back to the same bytes.
                try
                {
                    var text = ReadText(bytes);
                    var hash = Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(bytes.Length - Encoding.UTF8.GetByteCount(text))));
                    return new DescriptorLoadResult(new Descriptor(path, new SourceText(text, path), root!, sources, hash), []);
                }
                catch (DecoderFallbackException)
                {
                    return Fail(path, "the file is not valid UTF-8");
                }
            }
        }
        string decoded;
        try
        {
            decoded = ReadText(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Fail(path, "the file is not valid UTF-8");
        }
        return Load(decoded, path, schema, limits);
    }

    private static DescriptorLoadResult TooLarge(string path, long length, Limits limits) =>
        new(null, [Diagnostic.Create(DiagnosticDescriptors.FileTooLarge, new Location(new SourceText("", path), default), path, length, limits.MaxFileBytes)]);

    /// <summary>Decodes UTF-8 strictly (a BOM is allowed); invalid bytes throw <see cref="DecoderFallbackException"/>.</summary>
    public static string ReadText(byte[] bytes)
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return encoding.GetString(bytes, offset, bytes.Length - offset);
    }

    private static DescriptorLoadResult Fail(string path, string reason) =>
        new(null, [Diagnostic.Create(DiagnosticDescriptors.DescriptorUnreadable, new Location(new SourceText("", path), default), path, reason)]);

    public static bool IsYamlPath(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads descriptor text; YAML when the path ends in .yaml/.yml, else JSON.</summary>
    public static DescriptorLoadResult Load(string text, string path, DescriptorSchema? schema = null, Limits? limits = null)
    {
        schema ??= DescriptorSchema.Default;
        limits ??= Limits.Default;
        // Text that did not come from a file (standard input, a line of JSON Lines) is held to the same size limit.
        if ((long)text.Length * 3 > limits.MaxFileBytes && Encoding.UTF8.GetByteCount(text) is var size && size > limits.MaxFileBytes)
            return TooLarge(path, size, limits);
        var source = new SourceText(text, path);
        var yaml = IsYamlPath(path);
        DocumentNode document;
        try
        {
            document = yaml
                ? YamlDocumentReader.Read(text, limits.MaxDescriptorDepth, limits.MaxListItems)
                : JsonDocumentReader.Read(text, limits.MaxDescriptorDepth, limits.MaxListItems);
        }
        catch (JsonDocumentReader.FormatError e)
        {
            var location = source.Location(new TextSpan(source.GetOffset(e.Line - 1, e.Column - 1), 1));
            var diagnostic = e.Limit is { } limit
                ? Diagnostic.Create(limit, location, e.LimitArguments)
                : Diagnostic.Create(DiagnosticDescriptors.MalformedDescriptor, location, yaml ? "YAML" : "JSON", e.Message);
            return new DescriptorLoadResult(null, [diagnostic]);
        }
        return FromDocument(document, source, schema);
    }

    internal static DescriptorLoadResult FromDocument(DocumentNode document, SourceText source, DescriptorSchema schema)
    {
        var reader = new RecordReader(source);
        if (document.Kind != DocumentNodeKind.Object)
        {
            reader.Report(DiagnosticDescriptors.DescriptorNotObject, document.Line, document.Column, document.KindText);
            return new DescriptorLoadResult(null, reader.Diagnostics);
        }

        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var root = new Record(schema.Root, "");
        foreach (var (name, line, column, value) in document.Members)
        {
            if (name != DescriptorSchema.SourcesProperty) continue;
            if (value.Kind != DocumentNodeKind.Object)
            {
                reader.Report(DiagnosticDescriptors.DescriptorTypeMismatch, line, column, name, "an object mapping fact paths to sources", value.KindText);
                continue;
            }
            foreach (var (path, l, c, entry) in value.Members)
            {
                if (entry.Kind == DocumentNodeKind.String) sources[path] = (string)entry.Value!;
                else reader.Report(DiagnosticDescriptors.DescriptorTypeMismatch, l, c, $"sources.{path}", "a string", entry.KindText);
            }
        }
        reader.Fill(root, document, schema.Root.Fields, prefix: "", skip: DescriptorSchema.SourcesProperty);

        foreach (var required in schema.Required)
        {
            if (!document.Members.Any(m => m.Name == required))
                reader.Report(DiagnosticDescriptors.DescriptorMissingRequired, document.Line, document.Column, required);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.Text)));
        return new DescriptorLoadResult(new Descriptor(source.Path, source, root, sources, hash), reader.Diagnostics);
    }

    private sealed class RecordReader
    {
        private readonly SourceText _source;
        private readonly List<Diagnostic> _diagnostics = new();

        public RecordReader(SourceText source) => _source = source;

        public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

        public void Report(DiagnosticDescriptor descriptor, int line, int column, params object?[] args)
        {
            var offset = _source.GetOffset(Math.Max(0, line - 1), Math.Max(0, column - 1));
            _diagnostics.Add(Diagnostic.Create(descriptor, _source.Location(new TextSpan(offset, 1)), args));
        }

        public void Fill(Record record, DocumentNode node, IReadOnlyDictionary<string, FieldInfo> fields, string prefix, string? skip = null)
        {
            foreach (var (name, line, column, value) in node.Members)
            {
                if (name == skip) continue;
                var path = prefix.Length == 0 ? name : prefix + "." + name;
                if (!fields.TryGetValue(name, out var field))
                {
                    var suggestion = Suggestions.Closest(name, fields.Keys);
                    Report(DiagnosticDescriptors.UnknownDescriptorProperty, line, column, path,
                        suggestion is null ? "" : $"; did you mean '{suggestion}'?");
                    continue;
                }
                record.Lines[field.Ordinal] = line;
                if (value.Kind == DocumentNodeKind.Null) continue;
                Store(record, field, value, path, line, column);
            }
        }

        private void Store(Record record, FieldInfo field, DocumentNode value, string path, int line, int column)
        {
            switch (field.Kind)
            {
                case FieldKind.Object:
                    if (value.Kind != DocumentNodeKind.Object) { Mismatch(field, value, path, line, column); return; }
                    record.Flags[field.Slot] = Tri.True;
                    Fill(record, value, field.Children, path);
                    return;
                case FieldKind.List:
                    if (value.Kind != DocumentNodeKind.Array) { Mismatch(field, value, path, line, column); return; }
                    record.Lists[field.Slot] = ReadList(record, field, value, path);
                    return;
                default:
                    if (ReadScalar(field.Kind, field.EnumValues, field.IsInteger, value, path) is { } scalar) Assign(record, field, scalar);
                    return;
            }
        }

        private object? ReadList(Record owner, FieldInfo field, DocumentNode array, string path)
        {
            if (field.ElementShape is { } shape)
            {
                var records = new List<Record>(array.Items.Count);
                for (var i = 0; i < array.Items.Count; i++)
                {
                    var item = array.Items[i];
                    var itemPath = $"{path}[{i}]";
                    if (item.Kind != DocumentNodeKind.Object)
                    {
                        Report(DiagnosticDescriptors.DescriptorTypeMismatch, item.Line, item.Column, itemPath, "an object", item.KindText);
                        continue;
                    }
                    var element = new Record(shape, owner.Path.Length == 0 ? itemPath : owner.Path + "." + itemPath);
                    Fill(element, item, shape.Fields, "");
                    records.Add(element);
                }
                return records.ToArray();
            }

            var kind = field.ElementKind ?? FieldKind.String;
            var values = new List<object>();
            for (var i = 0; i < array.Items.Count; i++)
            {
                if (ReadScalar(kind, field.ElementEnumValues, false, array.Items[i], $"{path}[{i}]") is { } v) values.Add(v);
            }
            return kind switch
            {
                FieldKind.Number or FieldKind.Date => values.Cast<double>().ToArray(),
                FieldKind.Boolean => values.Cast<Tri>().ToArray(),
                _ => values.Cast<string>().ToArray(),
            };
        }

        /// <summary>Returns double (numbers, dates), Tri (booleans) or string; null after reporting a problem.</summary>
        private object? ReadScalar(FieldKind kind, IReadOnlyList<string>? allowed, bool integer, DocumentNode value, string path)
        {
            switch (kind)
            {
                case FieldKind.Boolean when value.Kind == DocumentNodeKind.Boolean:
                    return ((bool)value.Value!).ToTri();
                case FieldKind.Number when value.Kind == DocumentNodeKind.Number:
                    var number = (double)value.Value!;
                    if (!double.IsFinite(number))
                    {
                        Report(DiagnosticDescriptors.DescriptorTypeMismatch, value.Line, value.Column, path, "a finite number", "not finite");
                        return null;
                    }
                    if (integer && number != Math.Floor(number))
                    {
                        Report(DiagnosticDescriptors.DescriptorTypeMismatch, value.Line, value.Column, path, "an integer", "a fraction");
                        return null;
                    }
                    return number;
                case FieldKind.Date when value.Kind == DocumentNodeKind.String:
                    if (DateValue.TryParse((string)value.Value!, out var day)) return day;
                    Report(DiagnosticDescriptors.DescriptorInvalidDate, value.Line, value.Column, path, value.Value);
                    return null;
                case FieldKind.String when value.Kind == DocumentNodeKind.String:
                    var text = (string)value.Value!;
                    if (allowed is not null && !allowed.Contains(text))
                    {
                        Report(DiagnosticDescriptors.DescriptorEnumValue, value.Line, value.Column, path, text, string.Join(", ", allowed));
                        return null;
                    }
                    return text;
                case var _ when value.Kind == DocumentNodeKind.Null:
                    return null;
                default:
                    var expected = kind switch
                    {
                        FieldKind.Boolean => "a boolean",
                        FieldKind.Number => "a number",
                        FieldKind.Date => "a date string (YYYY-MM-DD)",
                        _ => "a string",
                    };
                    Report(DiagnosticDescriptors.DescriptorTypeMismatch, value.Line, value.Column, path, expected, value.KindText);
                    return null;
            }
        }

        private void Mismatch(FieldInfo field, DocumentNode value, string path, int line, int column) =>
            Report(DiagnosticDescriptors.DescriptorTypeMismatch, value.Line > 0 ? value.Line : line, value.Line > 0 ? value.Column : column, path, field.TypeDescription, value.KindText);

        private static void Assign(Record record, FieldInfo field, object value)
        {
            switch (field.SlotKind)
            {
                case SlotKind.Number: record.Numbers[field.Slot] = (double)value; break;
                case SlotKind.Flag: record.Flags[field.Slot] = (Tri)value; break;
                case SlotKind.String: record.Strings[field.Slot] = (string)value; break;
            }
        }
    }
}

using System.Globalization;
using System.Numerics;
using Newtonsoft.Json;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Descriptors;

/// <summary>Reads JSON straight from Newtonsoft's reader into <see cref="DocumentNode"/>s with positions.
/// Duplicate keys are errors; nesting deeper than the limit and lists longer than the limit are limit errors.</summary>
internal static class JsonDocumentReader
{
    public sealed class FormatError : Exception
    {
        public FormatError(string message, int line, int column) : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }
        public int Column { get; }

        /// <summary>Set when a limit was crossed: the limit's own diagnostic and its arguments.</summary>
        public DiagnosticDescriptor? Limit { get; init; }
        public object?[] LimitArguments { get; init; } = [];

        public static FormatError TooDeep(string format, int maxDepth, int line, int column) =>
            new($"nesting is deeper than the limit of {maxDepth} levels", line, column)
            {
                Limit = DiagnosticDescriptors.DescriptorTooDeep, LimitArguments = [format, maxDepth],
            };

        public static FormatError TooLong(int maxItems, int line, int column) =>
            new($"a list has more items than the limit of {maxItems}", line, column)
            {
                Limit = DiagnosticDescriptors.ListTooLong, LimitArguments = [maxItems],
            };
    }

    public static DocumentNode Read(string text, int maxDepth) => Read(text, maxDepth, int.MaxValue);

    public static DocumentNode Read(string text, int maxDepth, int maxItems)
    {
        using var reader = new JsonTextReader(new StringReader(text))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = null,
        };
        try
        {
            if (!reader.Read()) throw new FormatError("the file is empty", 1, 1);
            var root = ReadValue(reader, 0, maxDepth, maxItems);
            if (reader.Read()) throw Error(reader, $"unexpected {reader.TokenType} after the end of the document");
            return root;
        }
        catch (JsonReaderException e)
        {
            throw new FormatError(Clean(e.Message), Math.Max(1, e.LineNumber), Math.Max(1, e.LinePosition));
        }
    }

    private static DocumentNode ReadValue(JsonTextReader reader, int depth, int maxDepth, int maxItems)
    {
        var line = reader.LineNumber;
        var column = Math.Max(1, reader.LinePosition);
        switch (reader.TokenType)
        {
            case JsonToken.StartObject:
            {
                if (depth >= maxDepth) throw FormatError.TooDeep("JSON", maxDepth, line, column);
                var node = new DocumentNode(DocumentNodeKind.Object, line, column);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (true)
                {
                    if (!reader.Read()) throw Error(reader, "the object is not closed");
                    if (reader.TokenType == JsonToken.EndObject) return node;
                    if (reader.TokenType == JsonToken.Comment) continue;
                    var name = (string)reader.Value!;
                    var keyLine = reader.LineNumber;
                    var keyColumn = Math.Max(1, reader.LinePosition - name.Length - 2);
                    if (!seen.Add(name)) throw new FormatError($"the key \"{name}\" appears twice in the same object", keyLine, keyColumn);
                    if (!reader.Read()) throw Error(reader, "a value is missing");
                    node.Members.Add((name, keyLine, keyColumn, ReadValue(reader, depth + 1, maxDepth, maxItems)));
                }
            }
            case JsonToken.StartArray:
            {
                if (depth >= maxDepth) throw FormatError.TooDeep("JSON", maxDepth, line, column);
                var node = new DocumentNode(DocumentNodeKind.Array, line, column);
                while (true)
                {
                    if (!reader.Read()) throw Error(reader, "the list is not closed");
                    if (reader.TokenType == JsonToken.EndArray) return node;
                    if (reader.TokenType == JsonToken.Comment) continue;
                    if (node.Items.Count >= maxItems)
                    {
                        var at = Math.Max(1, reader.LinePosition);
                        throw FormatError.TooLong(maxItems, reader.LineNumber, reader.TokenType == JsonToken.String ? StartColumn(at, (string)reader.Value!) : at);
                    }
                    node.Items.Add(ReadValue(reader, depth + 1, maxDepth, maxItems));
                }
            }
            case JsonToken.String:
                return new DocumentNode(DocumentNodeKind.String, line, StartColumn(column, (string)reader.Value!), reader.Value);
            case JsonToken.Integer:
            case JsonToken.Float:
                return new DocumentNode(DocumentNodeKind.Number, line, column, ToDouble(reader.Value));
            case JsonToken.Boolean:
                return new DocumentNode(DocumentNodeKind.Boolean, line, column, reader.Value);
            case JsonToken.Null:
            case JsonToken.Undefined:
                return new DocumentNode(DocumentNodeKind.Null, line, column);
            default:
                throw Error(reader, $"unexpected {reader.TokenType}");
        }
    }

    /// <summary>Newtonsoft gives long, double or, for integers beyond 64 bits (e.g. 470000000000000000000 FLOP),
    /// BigInteger; its exact decimal text parses to the nearest double.</summary>
    private static double ToDouble(object? value) => value is BigInteger big
        ? double.Parse(big.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)
        : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static int StartColumn(int endColumn, string value) => Math.Max(1, endColumn - value.Length - 1);

    private static FormatError Error(JsonTextReader reader, string message) =>
        new(message, Math.Max(1, reader.LineNumber), Math.Max(1, reader.LinePosition));

    /// <summary>Newtonsoft appends "Path '…', line N, position M." — we print the position ourselves.</summary>
    private static string Clean(string message)
    {
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(", line ", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.TrimEnd('.', ' ');
    }
}

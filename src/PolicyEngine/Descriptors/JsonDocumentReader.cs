using System.Globalization;
using System.Numerics;
using Newtonsoft.Json;

namespace PolicyEngine.Descriptors;

/// <summary>Reads JSON straight from Newtonsoft's reader into <see cref="DocumentNode"/>s with positions.
/// Duplicate keys and nesting deeper than the limit are errors.</summary>
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
    }

    public static DocumentNode Read(string text, int maxDepth)
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
            var root = ReadValue(reader, 0, maxDepth);
            if (reader.Read()) throw Error(reader, $"unexpected {reader.TokenType} after the end of the document");
            return root;
        }
        catch (JsonReaderException e)
        {
            throw new FormatError(Clean(e.Message), Math.Max(1, e.LineNumber), Math.Max(1, e.LinePosition));
        }
    }

    private static DocumentNode ReadValue(JsonTextReader reader, int depth, int maxDepth)
    {
        var line = reader.LineNumber;
        var column = Math.Max(1, reader.LinePosition);
        switch (reader.TokenType)
        {
            case JsonToken.StartObject:
            {
                if (depth >= maxDepth) throw Error(reader, $"nesting is deeper than the limit of {maxDepth} levels");
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
                    node.Members.Add((name, keyLine, keyColumn, ReadValue(reader, depth + 1, maxDepth)));
                }
            }
            case JsonToken.StartArray:
            {
                if (depth >= maxDepth) throw Error(reader, $"nesting is deeper than the limit of {maxDepth} levels");
                var node = new DocumentNode(DocumentNodeKind.Array, line, column);
                while (true)
                {
                    if (!reader.Read()) throw Error(reader, "the list is not closed");
                    if (reader.TokenType == JsonToken.EndArray) return node;
                    if (reader.TokenType == JsonToken.Comment) continue;
                    node.Items.Add(ReadValue(reader, depth + 1, maxDepth));
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

using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PolicyEngine.Descriptors;

/// <summary>Reads YAML (the first document of a stream) into <see cref="DocumentNode"/>s with positions.
/// Plain scalars are typed the YAML 1.2 core way: true/false, null/~, numbers; quoted scalars are strings.</summary>
internal static class YamlDocumentReader
{
    public static DocumentNode Read(string text, int maxDepth) => Read(text, maxDepth, int.MaxValue);

    public static DocumentNode Read(string text, int maxDepth, int maxItems)
    {
        Parser? parser = null;
        try
        {
            parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _)) throw new JsonDocumentReader.FormatError("the file is empty", 1, 1);
            return ReadNode(parser, 0, maxDepth, maxItems);
        }
        catch (YamlException e)
        {
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith('(') && cut > 0) message = message[(cut + 3)..];
            var (line, column) = ((int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column));
            // YAML forbids tabs in indentation; the reader reports where the mapping began, so find the tab itself.
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstIndentingTab(text) is { } tab)
            {
                (line, column) = tab;
                message = "a tab is used for indentation; YAML indents with spaces";
            }
            throw new JsonDocumentReader.FormatError(message.TrimEnd('.'), line, column);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // The YAML library can fail outside its own exception type on some malformed input.
            var at = parser?.Current?.Start;
            throw new JsonDocumentReader.FormatError("the YAML is malformed near here",
                (int)Math.Max(1, at?.Line ?? 1), (int)Math.Max(1, at?.Column ?? 1));
        }
    }

    private static (int Line, int Column)? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].TakeWhile(c => c is ' ' or '\t').ToList();
            var tab = indent.IndexOf('\t');
            if (tab >= 0) return (i + 1, tab + 1);
        }
        return null;
    }

    private static DocumentNode ReadNode(IParser parser, int depth, int maxDepth, int maxItems)
    {
        var current = parser.Current!;
        var line = (int)current.Start.Line;
        var column = (int)current.Start.Column;
        if (depth >= maxDepth) throw JsonDocumentReader.FormatError.TooDeep("YAML", maxDepth, line, column);

        switch (current)
        {
            case AnchorAlias:
                throw new JsonDocumentReader.FormatError("aliases (*name) are not supported in descriptors", line, column);
            case Scalar scalar:
                parser.MoveNext();
                return Scalar(scalar, line, column);
            case SequenceStart:
            {
                parser.MoveNext();
                var node = new DocumentNode(DocumentNodeKind.Array, line, column);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    if (node.Items.Count >= maxItems)
                        throw JsonDocumentReader.FormatError.TooLong(maxItems, (int)parser.Current!.Start.Line, (int)parser.Current.Start.Column);
                    node.Items.Add(ReadNode(parser, depth + 1, maxDepth, maxItems));
                }
                return node;
            }
            case MappingStart:
            {
                parser.MoveNext();
                var node = new DocumentNode(DocumentNodeKind.Object, line, column);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (parser.Current is not Scalar key)
                    {
                        var at = parser.Current!.Start;
                        throw new JsonDocumentReader.FormatError("keys must be plain names", (int)at.Line, (int)at.Column);
                    }
                    parser.MoveNext();
                    if (!seen.Add(key.Value))
                        throw new JsonDocumentReader.FormatError($"the key \"{key.Value}\" appears twice in the same mapping", (int)key.Start.Line, (int)key.Start.Column);
                    node.Members.Add((key.Value, (int)key.Start.Line, (int)key.Start.Column, ReadNode(parser, depth + 1, maxDepth, maxItems)));
                }
                return node;
            }
            default:
                throw new JsonDocumentReader.FormatError($"unexpected {current.GetType().Name}", line, column);
        }
    }

    private static DocumentNode Scalar(Scalar scalar, int line, int column)
    {
        var value = scalar.Value;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return new DocumentNode(DocumentNodeKind.String, line, column, value);
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return new DocumentNode(DocumentNodeKind.Null, line, column);
            case "true" or "True" or "TRUE":
                return new DocumentNode(DocumentNodeKind.Boolean, line, column, true);
            case "false" or "False" or "FALSE":
                return new DocumentNode(DocumentNodeKind.Boolean, line, column, false);
        }
        if (LooksNumeric(value) && double.TryParse(value.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return new DocumentNode(DocumentNodeKind.Number, line, column, number);
        return new DocumentNode(DocumentNodeKind.String, line, column, value);
    }

    private static bool LooksNumeric(string value) =>
        value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] is '-' or '+' or '.') && value.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+' or '_');
}

namespace PolicyEngine.Descriptors;

public enum DocumentNodeKind { Object, Array, String, Number, Boolean, Null }

/// <summary>
/// A JSON or YAML value with the line and column it starts at. Both formats are read into this one tree,
/// so the descriptor reader and its diagnostics do not care which format a file is in.
/// </summary>
public sealed class DocumentNode
{
    public DocumentNode(DocumentNodeKind kind, int line, int column, object? value = null)
    {
        Kind = kind;
        Line = line;
        Column = column;
        Value = value;
    }

    public DocumentNodeKind Kind { get; }

    /// <summary>One-based.</summary>
    public int Line { get; }

    /// <summary>One-based.</summary>
    public int Column { get; }

    /// <summary>string, double or bool for scalars.</summary>
    public object? Value { get; }

    /// <summary>Object members in document order, each with the position of its key.</summary>
    public List<(string Name, int Line, int Column, DocumentNode Value)> Members { get; } = new();

    public List<DocumentNode> Items { get; } = new();

    public string KindText => Kind switch
    {
        DocumentNodeKind.Object => "an object",
        DocumentNodeKind.Array => "a list",
        DocumentNodeKind.String => "a string",
        DocumentNodeKind.Number => "a number",
        DocumentNodeKind.Boolean => "a boolean",
        _ => "null",
    };
}

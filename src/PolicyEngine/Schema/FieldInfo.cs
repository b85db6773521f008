namespace PolicyEngine.Schema;

/// <summary>What a field of a descriptor (or a table row) holds.</summary>
public enum FieldKind
{
    Boolean,
    Number,
    String,
    Date,
    /// <summary>A nested object: its fields live in the same record; it has a presence flag.</summary>
    Object,
    /// <summary>A list of scalars (see <see cref="FieldInfo.ElementKind"/>) or of records (see <see cref="FieldInfo.ElementShape"/>).</summary>
    List,
}

/// <summary>Which array of a <see cref="Runtime.Record"/> a field's value is stored in.</summary>
public enum SlotKind { Number, Flag, String, List }

/// <summary>One property of a record shape, with its storage slot resolved when the shape is built.</summary>
public sealed class FieldInfo
{
    internal FieldInfo(string name, string path, FieldKind kind, string? description)
    {
        Name = name;
        Path = path;
        Kind = kind;
        Description = description;
    }

    public string Name { get; }

    /// <summary>Dotted path from the record's root, e.g. <c>model.training.compute_flop</c>.</summary>
    public string Path { get; }

    public FieldKind Kind { get; }
    public string? Description { get; }
    public IReadOnlyList<string>? EnumValues { get; internal set; }
    public bool IsInteger { get; internal set; }
    public double? Minimum { get; internal set; }
    public string? Format { get; internal set; }

    /// <summary>For lists of scalars: the element kind.</summary>
    public FieldKind? ElementKind { get; internal set; }

    /// <summary>For lists of scalars: the allowed element values.</summary>
    public IReadOnlyList<string>? ElementEnumValues { get; internal set; }

    /// <summary>For lists of objects: the shape of each element.</summary>
    public RecordShape? ElementShape { get; internal set; }

    /// <summary>For objects: the fields inside, in schema order.</summary>
    public IReadOnlyDictionary<string, FieldInfo> Children { get; internal set; } = new Dictionary<string, FieldInfo>();

    public SlotKind SlotKind => Kind switch
    {
        FieldKind.Number or FieldKind.Date => SlotKind.Number,
        FieldKind.Boolean or FieldKind.Object => SlotKind.Flag,
        FieldKind.String => SlotKind.String,
        _ => SlotKind.List,
    };

    /// <summary>Index in the record array for <see cref="SlotKind"/>.</summary>
    public int Slot { get; internal set; }

    /// <summary>Index among all fields of the record (for per-field line numbers).</summary>
    public int Ordinal { get; internal set; }

    public bool IsLeaf => Kind != FieldKind.Object;

    public string TypeDescription => Kind switch
    {
        FieldKind.Boolean => "a boolean",
        FieldKind.Number => IsInteger ? "an integer" : "a number",
        FieldKind.String => EnumValues is null ? "a string" : "one of " + string.Join(", ", EnumValues.Select(v => $"\"{v}\"")),
        FieldKind.Date => "a date (YYYY-MM-DD)",
        FieldKind.Object => "an object",
        _ => ElementShape is not null ? "a list of objects" : $"a list of {ElementKind?.ToString().ToLowerInvariant()}s",
    };

    public override string ToString() => Path;
}

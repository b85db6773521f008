namespace PolicyEngine.Schema;

/// <summary>
/// The fields of a record — the descriptor root, an element of a list of objects, or a table row — flattened
/// through nested objects, each with a storage slot. Compiled rules read slots directly: no lookups by path.
/// </summary>
public sealed class RecordShape
{
    private readonly List<FieldInfo> _all = new();
    private readonly Dictionary<string, FieldInfo> _byPath = new(StringComparer.Ordinal);

    internal RecordShape(string name) => Name = name;

    /// <summary>What this shape describes, e.g. "the descriptor" or "release.components[]".</summary>
    public string Name { get; }

    public IReadOnlyDictionary<string, FieldInfo> Fields { get; internal set; } = new Dictionary<string, FieldInfo>();

    public IReadOnlyList<FieldInfo> AllFields => _all;

    public int NumberSlots { get; private set; }
    public int FlagSlots { get; private set; }
    public int StringSlots { get; private set; }
    public int ListSlots { get; private set; }

    public FieldInfo? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>The fields by UTF-8 name for the fast JSON loader, built on first use.</summary>
    internal Descriptors.FastJsonLoader.FieldMap? Utf8Fields { get; set; }

    internal void Register(FieldInfo field)
    {
        field.Ordinal = _all.Count;
        field.Slot = field.SlotKind switch
        {
            SlotKind.Number => NumberSlots++,
            SlotKind.Flag => FlagSlots++,
            SlotKind.String => StringSlots++,
            _ => ListSlots++,
        };
        _all.Add(field);
        _byPath[field.Path] = field;
    }
}

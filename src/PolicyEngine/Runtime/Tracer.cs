using PolicyEngine.Schema;

namespace PolicyEngine.Runtime;

/// <summary>A fact a traced evaluation read: where it is in the descriptor and what it held.</summary>
public sealed record FactRead(int NodeId, string Path, int Line, object? Value)
{
    public bool IsMissing => Value is null;
}

/// <summary>
/// Records, during a traced evaluation, the value of every sub-condition and every fact read. Only the
/// traced delegates call it; the fast path has no tracer and pays nothing.
/// </summary>
public sealed class Tracer
{
    private readonly Dictionary<int, object?> _values;

    public Tracer() => _values = new();

    /// <summary>A tracer with room for the values of <paramref name="nodes"/> traced nodes.</summary>
    public Tracer(int nodes) => _values = new(nodes);
    private readonly List<FactRead> _reads = new();
    private readonly Dictionary<int, List<(int Index, object? Value)>> _elements = new();

    public IReadOnlyList<FactRead> Reads => _reads;

    public bool TryGetValue(int id, out object? value) => _values.TryGetValue(id, out value);

    public IReadOnlyList<(int Index, object? Value)> ElementsOf(int id) => _elements.TryGetValue(id, out var list) ? list : [];

    public static T Note<T>(Tracer tracer, int id, T value)
    {
        tracer._values[id] = value;
        return value;
    }

    public static T NoteRead<T>(Tracer tracer, int id, Record? record, FieldInfo field, T value)
    {
        tracer._values[id] = value;
        if (record is not null)
        {
            tracer._reads.Add(new FactRead(id, record.PathOf(field), record.Lines[field.Ordinal], record.GetValue(field)));
        }
        return value;
    }

    /// <summary>Elements kept per quantifier: explanations show the first ones, and nested quantifiers over long
    /// lists would otherwise keep every pair.</summary>
    public const int MaxElements = 20;

    public void Element(int id, int index, object? value)
    {
        if (!_elements.TryGetValue(id, out var list)) _elements[id] = list = new List<(int, object?)>();
        if (list.Count < MaxElements) list.Add((index, value));
    }
}

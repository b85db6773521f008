using PolicyEngine.Binding;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;

namespace PolicyEngine.Descriptors;

/// <summary>Changes facts in a record (tests' <c>set</c>/<c>unset</c>, what-if). A changed fact has no line.</summary>
public static class FactEditor
{
    /// <summary>Applies a change; returns an error message when the path does not exist in this descriptor.</summary>
    public static string? Apply(Record root, FactChange change)
    {
        var record = root;
        var segments = change.Path;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var (field, index) = (segments[i].Field, segments[i].Index);
            if (field.Kind == FieldKind.Object)
            {
                record.Flags[field.Slot] = Tri.True;
                continue;
            }
            if (record.Lists[field.Slot] is not Record[] items || index is null || index >= items.Length)
            {
                return $"'{change.PathText}': the descriptor has no element [{index}] in {record.PathOf(field)}";
            }
            record = items[index.Value];
        }

        var last = segments[^1];
        if (last.Index is { } elementIndex)
        {
            if (!change.Remove) return $"'{change.PathText}' cannot be set to a value";
            if (record.Lists[last.Field.Slot] is not Record[] list || elementIndex >= list.Length)
                return $"'{change.PathText}': the descriptor has no element [{elementIndex}]";
            record.Lists[last.Field.Slot] = list.Where((_, i) => i != elementIndex).ToArray();
            return null;
        }
        if (change.Remove) Clear(record, last.Field);
        else Set(record, last.Field, change.Value);
        return null;
    }

    public static void Set(Record record, FieldInfo field, object? value)
    {
        record.Lines[field.Ordinal] = 0;
        switch (field.SlotKind)
        {
            case SlotKind.Number: record.Numbers[field.Slot] = value is double d ? d : double.NaN; break;
            case SlotKind.Flag: record.Flags[field.Slot] = value is Tri t ? t : value is bool b ? b.ToTri() : Tri.Unknown; break;
            case SlotKind.String: record.Strings[field.Slot] = value as string; break;
            default: record.Lists[field.Slot] = value; break;
        }
        // Setting a fact inside an object makes the object present.
        MarkParents(record, field);
    }

    private static void MarkParents(Record record, FieldInfo field)
    {
        var dot = field.Path.LastIndexOf('.');
        while (dot > 0)
        {
            var parent = record.Shape.Find(field.Path[..dot]);
            if (parent is { Kind: FieldKind.Object }) record.Flags[parent.Slot] = Tri.True;
            dot = field.Path.LastIndexOf('.', dot - 1);
        }
    }

    public static void Clear(Record record, FieldInfo field)
    {
        record.Lines[field.Ordinal] = 0;
        switch (field.SlotKind)
        {
            case SlotKind.Number: record.Numbers[field.Slot] = double.NaN; break;
            case SlotKind.Flag: record.Flags[field.Slot] = Tri.Unknown; break;
            case SlotKind.String: record.Strings[field.Slot] = null; break;
            default: record.Lists[field.Slot] = null; break;
        }
        foreach (var child in field.Children.Values) Clear(record, child);
    }
}

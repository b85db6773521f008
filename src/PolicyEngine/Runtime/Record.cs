using PolicyEngine.Schema;

namespace PolicyEngine.Runtime;

/// <summary>
/// The facts of one descriptor (or one list element, or one table row), stored by slot as laid out by its
/// <see cref="RecordShape"/>. Unknown is NaN for numbers and dates, <see cref="Tri.Unknown"/> for booleans
/// and objects, and null for strings and lists.
/// </summary>
public sealed class Record
{
    public Record(RecordShape shape, string path)
    {
        Shape = shape;
        Path = path;
        Numbers = new double[shape.NumberSlots];
        Array.Fill(Numbers, double.NaN);
        Flags = new Tri[shape.FlagSlots];
        Array.Fill(Flags, Tri.Unknown);
        Strings = new string?[shape.StringSlots];
        Lists = new object?[shape.ListSlots];
        Lines = new int[shape.AllFields.Count];
    }

    public RecordShape Shape { get; }

    /// <summary>Where this record is in its descriptor, e.g. <c>release.components[2]</c> ("" for the root).</summary>
    public string Path { get; }

    public readonly double[] Numbers;
    public readonly Tri[] Flags;
    public readonly string?[] Strings;

    /// <summary>string[], double[], Tri[] or Record[] per list field.</summary>
    public readonly object?[] Lists;

    /// <summary>One-based line of each field in the descriptor file (0 when absent or not from a file).</summary>
    public readonly int[] Lines;

    public string PathOf(FieldInfo field) => Path.Length == 0 ? field.Path : Path + "." + field.Path;

    public bool IsKnown(FieldInfo field) => field.SlotKind switch
    {
        SlotKind.Number => !double.IsNaN(Numbers[field.Slot]),
        SlotKind.Flag => Flags[field.Slot] != Tri.Unknown,
        SlotKind.String => Strings[field.Slot] is not null,
        _ => Lists[field.Slot] is not null,
    };

    /// <summary>The value as an object, for explanations and output (null when unknown).</summary>
    public object? GetValue(FieldInfo field) => field.Kind switch
    {
        FieldKind.Number => double.IsNaN(Numbers[field.Slot]) ? null : Numbers[field.Slot],
        FieldKind.Date => double.IsNaN(Numbers[field.Slot]) ? null : DateValue.ToDate(Numbers[field.Slot]),
        FieldKind.Boolean or FieldKind.Object => Flags[field.Slot] switch { Tri.True => true, Tri.False => false, _ => null },
        FieldKind.String => Strings[field.Slot],
        _ => Lists[field.Slot],
    };

    public Record Clone()
    {
        var copy = new Record(Shape, Path);
        Array.Copy(Numbers, copy.Numbers, Numbers.Length);
        Array.Copy(Flags, copy.Flags, Flags.Length);
        Array.Copy(Strings, copy.Strings, Strings.Length);
        Array.Copy(Lines, copy.Lines, Lines.Length);
        for (var i = 0; i < Lists.Length; i++)
        {
            copy.Lists[i] = Lists[i] is Record[] records ? records.Select(r => r.Clone()).ToArray() : Lists[i];
        }
        return copy;
    }
}

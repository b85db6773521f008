using PolicyEngine.Schema;

namespace PolicyEngine.Binding;

public enum TypeKind { Error, Bool, Number, String, Date, Duration, CalendarDuration, List, Record, Object, Table }

/// <summary>The static type of an expression. <see cref="TypeKind.Error"/> marks an expression that already
/// has a diagnostic, so one mistake is reported once.</summary>
public sealed class PolicyType : IEquatable<PolicyType>
{
    private PolicyType(TypeKind kind, PolicyType? element = null, RecordShape? shape = null, FieldInfo? field = null, IReadOnlyList<string>? enumValues = null, TableSymbol? table = null)
    {
        Kind = kind;
        Element = element;
        Shape = shape;
        Field = field;
        EnumValues = enumValues;
        Table = table;
    }

    public static readonly PolicyType Error = new(TypeKind.Error);
    public static readonly PolicyType Bool = new(TypeKind.Bool);
    public static readonly PolicyType Number = new(TypeKind.Number);
    public static readonly PolicyType String = new(TypeKind.String);
    public static readonly PolicyType Date = new(TypeKind.Date);
    public static readonly PolicyType Duration = new(TypeKind.Duration);

    /// <summary>Months (and years): calendar arithmetic, kept apart from durations in days.</summary>
    public static readonly PolicyType CalendarDuration = new(TypeKind.CalendarDuration);

    public TypeKind Kind { get; }
    public PolicyType? Element { get; }
    public RecordShape? Shape { get; }
    public FieldInfo? Field { get; }
    public IReadOnlyList<string>? EnumValues { get; }
    public TableSymbol? Table { get; }

    public static PolicyType List(PolicyType element) => new(TypeKind.List, element);
    public static PolicyType Record(RecordShape shape) => new(TypeKind.Record, shape: shape);
    public static PolicyType Object(FieldInfo field) => new(TypeKind.Object, field: field);
    public static PolicyType Enum(IReadOnlyList<string> values) => new(TypeKind.String, enumValues: values);
    public static PolicyType TableOf(TableSymbol table) => new(TypeKind.Table, table: table);

    public bool IsError => Kind == TypeKind.Error;
    public bool IsScalar => Kind is TypeKind.Bool or TypeKind.Number or TypeKind.String or TypeKind.Date or TypeKind.Duration or TypeKind.CalendarDuration;

    /// <summary>The same kind of value (enum-constrained strings are strings).</summary>
    public bool Equals(PolicyType? other) =>
        other is not null && Kind == other.Kind && Kind switch
        {
            TypeKind.List => Element!.Equals(other.Element),
            TypeKind.Record => ReferenceEquals(Shape, other.Shape),
            TypeKind.Object => ReferenceEquals(Field, other.Field),
            TypeKind.Table => ReferenceEquals(Table, other.Table),
            _ => true,
        };

    public override bool Equals(object? obj) => Equals(obj as PolicyType);
    public override int GetHashCode() => (int)Kind;

    public override string ToString() => Kind switch
    {
        TypeKind.Error => "error",
        TypeKind.Bool => "bool",
        TypeKind.Number => "number",
        TypeKind.String => "string",
        TypeKind.Date => "date",
        TypeKind.Duration => "duration",
        TypeKind.CalendarDuration => "calendar duration",
        TypeKind.List => $"list of {Element}",
        TypeKind.Record => $"record ({Shape!.Name})",
        TypeKind.Object => $"object ({Field!.Path})",
        _ => $"table {Table!.Name}",
    };

    /// <summary>The type of a descriptor or table field.</summary>
    public static PolicyType OfField(FieldInfo field) => field.Kind switch
    {
        FieldKind.Boolean => Bool,
        FieldKind.Number => Number,
        FieldKind.Date => Date,
        FieldKind.String => field.EnumValues is { } values ? Enum(values) : String,
        FieldKind.Object => Object(field),
        _ => field.ElementShape is { } shape
            ? List(Record(shape))
            : List(field.ElementKind switch
            {
                FieldKind.Number => Number,
                FieldKind.Date => Date,
                FieldKind.Boolean => Bool,
                _ => field.ElementEnumValues is { } ev ? Enum(ev) : String,
            }),
    };

    /// <summary>Parameter type names accepted in <c>fn f(x: number)</c>; <c>[number]</c> is a list of numbers.</summary>
    public static PolicyType? FromName(string name) => name switch
    {
        ['[', .. var element, ']'] => FromName(element) is { } scalar ? List(scalar) : null,
        "bool" => Bool,
        "number" => Number,
        "string" => String,
        "date" => Date,
        "duration" => Duration,
        _ => null,
    };
}

namespace PolicyEngine.Scripting.CSharp;

/// <summary>
/// The surface a script may use, by metadata name: arithmetic and <c>System.Math</c>, strings and characters,
/// dates, LINQ over the given values, and collections (immutable ones and the usual generic ones). Everything else
/// is rejected with the reason of its area. A change here changes <see cref="Version"/>, which is part of the
/// cache key, so scripts compiled under an older list are checked again.
/// </summary>
internal static class AllowList
{
    public const string Version = "1";

    /// <summary>Namespaces a qualified name may pass through.</summary>
    public static readonly IReadOnlySet<string> Namespaces = new HashSet<string>(StringComparer.Ordinal)
    {
        "", "System", "System.Linq", "System.Collections", "System.Collections.Generic", "System.Collections.Immutable", "System.Globalization",
    };

    /// <summary>Types a value may have (and whose members may be used, unless <see cref="Members"/> narrows them).</summary>
    public static readonly IReadOnlySet<string> ValueTypes = Build();

    /// <summary>Types whose members may be used but that are not allowed as the type of a value.</summary>
    public static readonly IReadOnlySet<string> ContainerOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "System.Object", "System.ValueType", "System.Enum", "System.Array",
    };

    /// <summary>For some types only these members (".ctor" for constructors).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Members = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["System.Object"] = Set("ToString", "Equals", "GetHashCode"),
        ["System.ValueType"] = Set("ToString", "Equals", "GetHashCode"),
        ["System.Enum"] = Set("ToString", "Equals", "GetHashCode", "HasFlag", "CompareTo"),
        ["System.Array"] = Set("Length", "Empty", "IndexOf", "LastIndexOf", "Sort", "Reverse", "BinarySearch", "Exists", "Find", "FindAll",
            "FindIndex", "FindLast", "FindLastIndex", "TrueForAll", "ConvertAll", "Resize", "Fill"),
        ["System.Globalization.CultureInfo"] = Set("InvariantCulture"),
        ["System.Exception"] = Set(".ctor"),
        ["System.ArgumentException"] = Set(".ctor"),
        ["System.ArgumentOutOfRangeException"] = Set(".ctor"),
        ["System.ArgumentNullException"] = Set(".ctor"),
        ["System.InvalidOperationException"] = Set(".ctor"),
        ["System.FormatException"] = Set(".ctor"),
        ["System.NotSupportedException"] = Set(".ctor"),
        ["System.OverflowException"] = Set(".ctor"),
    };

    /// <summary>Members that are never allowed, whatever their type: reflection and asynchronous delegate calls.</summary>
    public static readonly IReadOnlySet<string> DeniedMembers = Set("GetType", "BeginInvoke", "EndInvoke", "DynamicInvoke", "MemberwiseClone", "Finalize",
        "GetPinnableReference", "System.String.Create", "System.String.Intern", "System.String.IsInterned");

    /// <summary>int or long parameters that size an allocation or a generated sequence; their arguments are checked at run time.</summary>
    public static readonly IReadOnlySet<string> SizeParameters = Set("count", "capacity", "initialCapacity", "totalWidth", "repeatCount", "length", "newSize", "minimumCapacity");

    private static HashSet<string> Set(params string[] items) => new(items, StringComparer.Ordinal);

    private static HashSet<string> Build()
    {
        var set = Set(
            "System.Boolean", "System.Byte", "System.SByte", "System.Char", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32",
            "System.Int64", "System.UInt64", "System.Single", "System.Double", "System.Decimal", "System.String", "System.Void",
            "System.Math", "System.MathF", "System.DateOnly", "System.DayOfWeek", "System.Index", "System.Range", "System.Nullable`1",
            "System.StringComparison", "System.StringSplitOptions", "System.MidpointRounding", "System.StringComparer",
            "System.IComparable`1", "System.IEquatable`1", "System.Predicate`1", "System.Comparison`1", "System.Converter`2", "System.Action",
            "System.Globalization.CultureInfo", "System.Globalization.NumberStyles",
            "System.Exception", "System.ArgumentException", "System.ArgumentOutOfRangeException", "System.ArgumentNullException",
            "System.InvalidOperationException", "System.FormatException", "System.NotSupportedException", "System.OverflowException",
            "System.Collections.Generic.IEnumerable`1", "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.IReadOnlyCollection`1",
            "System.Collections.Generic.IReadOnlyDictionary`2", "System.Collections.Generic.IList`1", "System.Collections.Generic.ICollection`1",
            "System.Collections.Generic.IDictionary`2", "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1",
            "System.Collections.Generic.KeyValuePair`2", "System.Collections.Generic.KeyValuePair", "System.Collections.Generic.List`1",
            "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1", "System.Collections.Generic.SortedSet`1",
            "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.Stack`1", "System.Collections.Generic.Queue`1",
            "System.Collections.Generic.Comparer`1", "System.Collections.Generic.EqualityComparer`1", "System.Collections.Generic.IComparer`1",
            "System.Collections.Generic.IEqualityComparer`1",
            "System.Linq.Enumerable", "System.Linq.IOrderedEnumerable`1", "System.Linq.IGrouping`2", "System.Linq.ILookup`2", "System.Linq.ImmutableArrayExtensions");
        foreach (var name in new[] { "Array", "List", "Dictionary", "HashSet", "SortedDictionary", "SortedSet", "Stack", "Queue" })
        {
            var arity = name.Contains("Dictionary", StringComparison.Ordinal) ? 2 : 1;
            set.Add($"System.Collections.Immutable.Immutable{name}");
            set.Add($"System.Collections.Immutable.Immutable{name}`{arity}");
            set.Add($"System.Collections.Immutable.Immutable{name}`{arity}+Builder");
        }
        set.UnionWith(["System.Collections.Immutable.IImmutableList`1", "System.Collections.Immutable.IImmutableDictionary`2", "System.Collections.Immutable.IImmutableSet`1",
            "System.Collections.Immutable.IImmutableStack`1", "System.Collections.Immutable.IImmutableQueue`1"]);
        for (var i = 1; i <= 8; i++) set.Add($"System.ValueTuple`{i}");
        for (var i = 1; i <= 17; i++) set.Add($"System.Func`{i}");
        for (var i = 1; i <= 16; i++) set.Add($"System.Action`{i}");
        return set;
    }

    /// <summary>Why a type, member or namespace outside the list is refused, by its area.</summary>
    public static string Reason(string fullName)
    {
        foreach (var (prefix, reason) in Areas)
        {
            if (fullName == prefix || fullName.StartsWith(prefix + ".", StringComparison.Ordinal) || fullName.StartsWith(prefix + "`", StringComparison.Ordinal) ||
                fullName.StartsWith(prefix + "+", StringComparison.Ordinal))
            {
                return reason;
            }
        }
        return "it is not on the scripts' allow-list (arithmetic, System.Math, strings, dates, LINQ and collections)";
    }

    private static readonly (string Prefix, string Reason)[] Areas =
    [
        ("System.Object", "values must have a concrete type ('object' lets a script build values nested deeper than the checks follow)"),
        ("System.IO", "file system access"),
        ("System.Net", "network access"),
        ("System.Diagnostics", "processes and diagnostics"),
        ("System.Reflection", "reflection"),
        ("System.Type", "reflection"),
        ("System.Activator", "reflection (creating objects by type)"),
        ("System.Delegate", "reflection"),
        ("System.MulticastDelegate", "reflection"),
        ("System.Runtime.InteropServices", "interop and raw memory (Marshal, P/Invoke)"),
        ("System.Runtime.Loader", "loading code"),
        ("System.Runtime", "runtime internals"),
        ("System.Threading", "threads and tasks"),
        ("System.Linq.Expressions", "generating code"),
        ("System.Linq.Parallel", "threads and tasks"),
        ("System.Linq.ParallelEnumerable", "threads and tasks"),
        ("System.Security", "security"),
        ("System.Text.RegularExpressions", "regular expressions (use the policy language's `matches`)"),
        ("System.Console", "the console"),
        ("System.Environment", "the environment (variables, the process)"),
        ("System.GC", "the garbage collector"),
        ("System.AppDomain", "the application domain"),
        ("System.AppContext", "the application domain"),
        ("System.DateTime", "values that differ between runs (clocks)"),
        ("System.DateTimeOffset", "values that differ between runs (clocks)"),
        ("System.TimeZoneInfo", "values that differ between runs (clocks)"),
        ("System.TimeProvider", "values that differ between runs (clocks)"),
        ("System.Random", "values that differ between runs (random numbers)"),
        ("System.Guid", "values that differ between runs (random numbers)"),
        ("System.Span", "raw memory"),
        ("System.ReadOnlySpan", "raw memory"),
        ("System.Memory", "raw memory"),
        ("System.ReadOnlyMemory", "raw memory"),
        ("System.IntPtr", "raw memory"),
        ("System.UIntPtr", "raw memory"),
        ("Microsoft", "platform APIs"),
        ("PolicyEngine", "the engine's own code"),
    ];
}

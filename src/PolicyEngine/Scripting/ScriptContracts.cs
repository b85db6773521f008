using System.Collections.Immutable;
using PolicyEngine.Binding;

namespace PolicyEngine.Scripting;

/// <summary>The scalar kinds a script function's parameters and result can have.</summary>
public enum ScriptValueKind { Bool, Number, String, Date, Duration }

/// <summary>
/// A script parameter or result type: a scalar of the policy language or a list of one. The C# types are:
/// <c>bool</c>, <c>double</c> (number; duration in days), <c>string</c>, <c>System.DateOnly</c> (date), and
/// <c>ImmutableArray&lt;T&gt;</c> for lists. A result is nullable (<c>double?</c>, <c>bool?</c>, <c>DateOnly?</c>, a null
/// string, a default array): returning null makes the call unknown.
/// </summary>
public sealed record ScriptType(ScriptValueKind Kind, bool IsList)
{
    /// <summary>The script type of a policy type, or null when scripts cannot take it (records, objects, tables, months).</summary>
    public static ScriptType? From(PolicyType type)
    {
        var list = type.Kind == TypeKind.List;
        ScriptValueKind? kind = (list ? type.Element!.Kind : type.Kind) switch
        {
            TypeKind.Bool => ScriptValueKind.Bool,
            TypeKind.Number => ScriptValueKind.Number,
            TypeKind.String => ScriptValueKind.String,
            TypeKind.Date => ScriptValueKind.Date,
            TypeKind.Duration => ScriptValueKind.Duration,
            _ => null,
        };
        return kind is null ? null : new ScriptType(kind.Value, list);
    }

    public Type ElementClrType => Kind switch
    {
        ScriptValueKind.Bool => typeof(bool),
        ScriptValueKind.String => typeof(string),
        ScriptValueKind.Date => typeof(DateOnly),
        _ => typeof(double),
    };

    /// <summary>The CLR type of a parameter.</summary>
    public Type ParameterClrType => IsList ? typeof(ImmutableArray<>).MakeGenericType(ElementClrType) : ElementClrType;

    /// <summary>The CLR type of a result (nullable, so a script can answer unknown).</summary>
    public Type ResultClrType => IsList || Kind == ScriptValueKind.String ? ParameterClrType : typeof(Nullable<>).MakeGenericType(ElementClrType);

    private string ElementCSharp => Kind switch
    {
        ScriptValueKind.Bool => "bool",
        ScriptValueKind.String => "string",
        ScriptValueKind.Date => "global::System.DateOnly",
        _ => "double",
    };

    public string ParameterCSharp => IsList ? $"global::System.Collections.Immutable.ImmutableArray<{ElementCSharp}>" : ElementCSharp;

    public string ResultCSharp => IsList || Kind == ScriptValueKind.String ? ParameterCSharp : ElementCSharp + "?";

    public override string ToString()
    {
        var name = Kind.ToString().ToLowerInvariant();
        return IsList ? $"[{name}]" : name;
    }
}

public sealed record ScriptParameter(string Name, ScriptType Type);

/// <summary>One script function to compile: its signature and its C# block (braces included).</summary>
public sealed record ScriptSource(string Name, IReadOnlyList<ScriptParameter> Parameters, ScriptType Result, string Code);

public enum ScriptIssueKind { CompileError, ForbiddenApi, Dynamic, Unsafe, NativeCode, ForbiddenConstruct, Internal }

/// <summary>A problem found in a script, at a span relative to <see cref="ScriptSource.Code"/>. <see cref="Arguments"/>
/// fill the message of the issue kind's diagnostic.</summary>
public sealed record ScriptIssue(ScriptIssueKind Kind, int Start, int Length, IReadOnlyList<string> Arguments);

/// <summary>Whether scripts may be used, and the limits each call runs under.</summary>
public sealed record ScriptSettings
{
    public static ScriptSettings Off { get; } = new();

    /// <summary>Opt-in: without it a pack with a script does not compile (PE0700) and no script runs.</summary>
    public bool Allowed { get; init; }

    /// <summary>Wall-clock time one call may take before the rule is an error.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Bytes one call may allocate.</summary>
    public long MaxAllocatedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest array, string, collection capacity or generated sequence one request may ask for.</summary>
    public int MaxElements { get; init; } = 1_000_000;

    /// <summary>Where compiled scripts are kept; null for the default (POLICYENGINE_CACHE_DIR, else the user's cache folder).</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Keep compiled scripts on disk (deleting the cache is always safe).</summary>
    public bool UseDiskCache { get; init; } = true;

    /// <summary>The cache folder these settings use.</summary>
    public string ResolveCacheDirectory()
    {
        if (!string.IsNullOrEmpty(CacheDirectory)) return CacheDirectory;
        if (Environment.GetEnvironmentVariable("POLICYENGINE_CACHE_DIR") is { Length: > 0 } fromEnvironment) return fromEnvironment;
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            root = OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }
        return Path.Combine(root, "policyengine", "scripts");
    }
}

/// <summary>What compiling one script gave: issues (nothing to run) or a function.</summary>
public sealed record ScriptCompileResult(IReadOnlyList<ScriptIssue> Issues, IScriptFunction? Function, bool FromCache);

/// <summary>Compiles scripts. Implemented by PolicyEngine.Scripting (Roslyn), which is loaded only when a pack has a script.</summary>
public interface IScriptHost
{
    ScriptCompileResult Compile(ScriptSource source, ScriptSettings settings);
}

/// <summary>A compiled script function.</summary>
public interface IScriptFunction
{
    /// <summary>Calls the function with CLR arguments (see <see cref="ScriptType"/>) under the limits it was compiled with.
    /// Returns the CLR result; an overrun or a fault throws <see cref="Runtime.PolicyRuntimeException"/>.</summary>
    object? Invoke(object?[] arguments);
}

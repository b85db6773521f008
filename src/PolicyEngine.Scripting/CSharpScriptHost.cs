using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;

namespace PolicyEngine.Scripting.CSharp;

/// <summary>
/// The script host the core loads by name. A script is compiled once: from memory, else from the disk cache (keyed
/// by the SHA-256 of the generated C#, this assembly's build and the allow-list version), else by Roslyn. Nothing
/// in this class refers to Roslyn, so a cache hit never loads Roslyn's assemblies.
/// </summary>
public sealed class CSharpScriptHost : IScriptHost
{
    private static readonly ConcurrentDictionary<string, Func<object?[], object?>> Loaded = new(StringComparer.Ordinal);
    private static readonly object CompileLock = new();
    private static int _roslynCompilations;

    /// <summary>How many times Roslyn compiled a script in this process (for tests of the cache).</summary>
    public static int RoslynCompilations => Volatile.Read(ref _roslynCompilations);

    /// <summary>Forgets the scripts loaded in this process, so the next compile goes to the disk cache (for tests).</summary>
    internal static void ForgetLoaded() => Loaded.Clear();

    private static readonly string BuildId = typeof(CSharpScriptHost).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public ScriptCompileResult Compile(ScriptSource source, ScriptSettings settings)
    {
        var generated = GeneratedScript.For(source);
        var key = Key(generated);
        if (Loaded.TryGetValue(key, out var invoker)) return Result(source, settings, invoker, fromCache: true);

        lock (CompileLock)
        {
            if (Loaded.TryGetValue(key, out invoker)) return Result(source, settings, invoker, fromCache: true);
            var path = settings.UseDiskCache ? CachePath(settings, key) : null;
            if (path is not null && TryLoad(path, key, source) is { } cached)
            {
                Loaded[key] = cached;
                return Result(source, settings, cached, fromCache: true);
            }

            Interlocked.Increment(ref _roslynCompilations);
            var (issues, image) = RoslynScriptCompiler.Compile(generated, AssemblyName(key));
            if (issues.Count > 0 || image is null) return new ScriptCompileResult(issues, null, false);
            invoker = Load(image, source);
            if (path is not null) Store(path, image);
            Loaded[key] = invoker;
            return Result(source, settings, invoker, fromCache: false);
        }
    }

    private static ScriptCompileResult Result(ScriptSource source, ScriptSettings settings, Func<object?[], object?> invoker, bool fromCache) =>
        new([], new CompiledScriptFunction(source.Name, invoker, settings), fromCache);

    internal static string Key(GeneratedScript generated)
    {
        var text = $"policyengine-script\n{BuildId}\n{AllowList.Version}\n{generated.Text}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string AssemblyName(string key) => "PolicyScript_" + key[..32];

    private static string? CachePath(ScriptSettings settings, string key)
    {
        try
        {
            return Path.Combine(Path.GetFullPath(settings.ResolveCacheDirectory()), key + ".dll");
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException or System.Security.SecurityException)
        {
            return null;
        }
    }

    /// <summary>A cached assembly, or null when it is missing, unreadable or not the one expected (it is then removed).</summary>
    private static Func<object?[], object?>? TryLoad(string path, string key, ScriptSource source)
    {
        byte[] image;
        try
        {
            if (!File.Exists(path)) return null;
            image = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        try
        {
            using (var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image)))
            {
                var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
                if (reader.GetString(reader.GetAssemblyDefinition().Name) != AssemblyName(key)) throw new BadImageFormatException("not the expected assembly");
            }
            return Load(image, source);
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException or MissingMethodException or TypeLoadException or FileLoadException)
        {
            try { File.Delete(path); } catch (Exception d) when (d is IOException or UnauthorizedAccessException) { }
            return null;
        }
    }

    /// <summary>Writes the cache entry atomically (a temporary file renamed into place); a failure only loses the cache.</summary>
    private static void Store(string path, byte[] image)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, image);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Loads a compiled script and builds a delegate that unboxes the arguments and boxes the result.</summary>
    private static Func<object?[], object?> Load(byte[] image, ScriptSource source)
    {
        var assembly = ScriptLoadContext.Instance.LoadFromStream(new MemoryStream(image));
        var type = assembly.GetType(GeneratedScript.ClassName, throwOnError: true)!;
        var parameterTypes = source.Parameters.Select(p => p.Type.ParameterClrType).ToArray();
        var method = type.GetMethod(GeneratedScript.MethodName, BindingFlags.Public | BindingFlags.Static, parameterTypes)
            ?? throw new MissingMethodException(GeneratedScript.ClassName, GeneratedScript.MethodName);
        if (method.ReturnType != source.Result.ResultClrType) throw new MissingMethodException(GeneratedScript.ClassName, GeneratedScript.MethodName);
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(method, parameterTypes.Select((t, i) => (Expression)Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), t)));
        return Expression.Lambda<Func<object?[], object?>>(Expression.Convert(call, typeof(object)), arguments).Compile();
    }

    private sealed class ScriptLoadContext() : AssemblyLoadContext("PolicyEngine scripts", isCollectible: false)
    {
        public static readonly ScriptLoadContext Instance = new();

        // Everything a script refers to (the framework, the guard) comes from the default context.
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}

/// <summary>A loaded script function with the limits of the pack it was compiled for.</summary>
internal sealed class CompiledScriptFunction(string name, Func<object?[], object?> invoker, ScriptSettings settings) : IScriptFunction
{
    public object? Invoke(object?[] arguments) => ScriptRunner.Run(name, () => invoker(arguments), settings);
}

using System.Reflection;
using System.Runtime.Loader;

namespace PolicyEngine.Scripting;

/// <summary>
/// Loads the Roslyn-based script host (PolicyEngine.Scripting.dll) by name, the first time a pack has a script.
/// Nothing in this assembly refers to it or to Roslyn statically, so packs without scripts never load either.
/// </summary>
public static class ScriptHostLoader
{
    public const string AssemblyName = "PolicyEngine.Scripting";
    private const string HostType = "PolicyEngine.Scripting.CSharp.CSharpScriptHost";

    private static readonly Lazy<(IScriptHost? Host, string? Error)> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The host, or the reason it cannot be loaded.</summary>
    public static (IScriptHost? Host, string? Error) Host => Loaded.Value;

    private static (IScriptHost?, string?) Load()
    {
        try
        {
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(new AssemblyName(AssemblyName));
            }
            catch (FileNotFoundException)
            {
                // Not in the application's dependencies: look beside this assembly.
                var directory = Path.GetDirectoryName(typeof(ScriptHostLoader).Assembly.Location) ?? AppContext.BaseDirectory;
                var path = Path.Combine(directory, AssemblyName + ".dll");
                if (!File.Exists(path)) return (null, $"{AssemblyName}.dll is not installed beside {Path.GetFileName(typeof(ScriptHostLoader).Assembly.Location)}");
                AssemblyLoadContext.Default.Resolving += (context, name) =>
                {
                    var candidate = Path.Combine(directory, name.Name + ".dll");
                    return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
                };
                assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
            }
            var type = assembly.GetType(HostType, throwOnError: true)!;
            return ((IScriptHost)Activator.CreateInstance(type)!, null);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException or InvalidCastException or MissingMethodException or TargetInvocationException)
        {
            return (null, e.Message);
        }
    }
}

using PolicyEngine.Cli.Io;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Cli.Commands;

/// <summary>Compiling packs and loading descriptors for the verbs that evaluate, collecting every diagnostic.</summary>
public static class Loading
{
    public static List<(string Path, CompiledPack Pack)> Packs(IEnumerable<string> paths, List<Diagnostic> diagnostics, bool discover = true, CompilationOptions? options = null)
    {
        options ??= CompilationOptions.Default;
        var packs = new List<(string, CompiledPack)>();
        foreach (var path in (discover ? paths.SelectMany(PackDiscovery.Find) : paths).Distinct())
        {
            var compilation = PolicyCompiler.CompilePath(path, options);
            diagnostics.AddRange(compilation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            if (compilation.Pack is not null) packs.Add((path, compilation.Pack));
        }
        return packs;
    }

    public static List<Descriptor> Descriptors(IEnumerable<string> arguments, CommandContext io, List<Diagnostic> diagnostics, Limits? limits = null)
    {
        var descriptors = new List<Descriptor>();
        foreach (var input in DescriptorInputs.Expand(arguments, io.Stdin, diagnostics, limits))
        {
            var result = input.Load();
            diagnostics.AddRange(result.Diagnostics);
            if (result.Succeeded) descriptors.Add(result.Descriptor!);
        }
        return descriptors;
    }

    public static bool HasErrors(IEnumerable<Diagnostic> diagnostics) => diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

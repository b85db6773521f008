using System.Security.Cryptography;
using System.Text;
using PolicyEngine.Binding;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;
using PolicyEngine.Text;

namespace PolicyEngine.Compilation;

public sealed record CompilationOptions
{
    public static CompilationOptions Default { get; } = new();

    public DescriptorSchema? Schema { get; init; }
    public Limits Limits { get; init; } = Limits.Default;

    /// <summary>
    /// False to stop after binding and checking: the diagnostics and <see cref="PackCompilation.Bound"/> are the same,
    /// but no delegates are generated and <see cref="PackCompilation.Pack"/> is null (for editors, which re-check on
    /// every keystroke and never evaluate).
    /// </summary>
    public bool GenerateCode { get; init; } = true;
    /// <summary>Whether C# script functions may be compiled and run, and their limits. Off by default.</summary>
    public Scripting.ScriptSettings Scripts { get; init; } = Scripting.ScriptSettings.Off;
}

/// <summary>The result of compiling a pack: the pack (when there are no errors) and every diagnostic.</summary>
public sealed class PackCompilation
{
    internal PackCompilation(string name, CompiledPack? pack, BoundPack? bound, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<SyntaxTree> trees)
    {
        Name = name;
        Pack = pack;
        Bound = bound;
        Diagnostics = diagnostics;
        Trees = trees;
    }

    public string Name { get; }
    public CompiledPack? Pack { get; }
    public BoundPack? Bound { get; }

    /// <summary>Sorted by file and position.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public IReadOnlyList<SyntaxTree> Trees { get; }
    public bool Success => Pack is not null;
}

/// <summary>
/// The public entry point: reads a pack (a .policy file or a folder of them), resolves imports, parses,
/// binds, checks and compiles it. Compilation runs on a thread with a large stack, so deep (but
/// within-limit) input never overflows.
/// </summary>
public static class PolicyCompiler
{
    /// <summary>The .policy files of a pack: the file itself, or the files of a folder (not its subfolders).</summary>
    public static IReadOnlyList<string> PackFiles(string path) =>
        Directory.Exists(path)
            ? Directory.GetFiles(path, "*.policy", SearchOption.TopDirectoryOnly).OrderBy(p => p, StringComparer.Ordinal).ToList()
            : [path];

    public static PackCompilation CompilePath(string path, CompilationOptions? options = null)
    {
        options ??= CompilationOptions.Default;
        var name = PackName(path);
        var diagnostics = new List<Diagnostic>();
        var sources = new List<SourceText>();
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.PolicyNotFound, new Location(new SourceText("", path), default), path, "no such file or folder"));
            return new PackCompilation(name, null, null, diagnostics, []);
        }
        var files = PackFiles(path);
        if (files.Count == 0)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NoPolicyFiles, new Location(new SourceText("", path), default), path));
            return new PackCompilation(name, null, null, diagnostics, []);
        }
        foreach (var file in files)
        {
            if (ReadSource(file, options.Limits, diagnostics) is { } source) sources.Add(source);
        }
        if (diagnostics.Count > 0) return new PackCompilation(name, null, null, diagnostics, []);
        return Compile(name, sources, options);
    }

    /// <summary>The pack's name: the folder's name, or for a single file the policy's own name.</summary>
    public static string PackName(string path)
    {
        if (FilePaths.Full(path) is not { } fullPath) return path;
        var full = fullPath.TrimEnd(Path.DirectorySeparatorChar);
        return Directory.Exists(full) ? Path.GetFileName(full) : Path.GetFileNameWithoutExtension(full);
    }

    internal static SourceText? ReadSource(string path, Limits limits, List<Diagnostic> diagnostics, Location? referencedFrom = null)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > limits.MaxFileBytes)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.FileTooLarge, referencedFrom ?? new Location(new SourceText("", path), default), path, info.Length, limits.MaxFileBytes));
                return null;
            }
            return new SourceText(DescriptorLoader.ReadText(File.ReadAllBytes(path)), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.PolicyNotFound, referencedFrom ?? new Location(new SourceText("", path), default), path, e.Message));
            return null;
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.PolicyNotFound, referencedFrom ?? new Location(new SourceText("", path), default), path, "the file is not valid UTF-8"));
            return null;
        }
    }

    /// <summary>Compiles policy texts given in memory (paths are used for imports and diagnostics).</summary>
    public static PackCompilation Compile(string name, IReadOnlyList<SourceText> sources, CompilationOptions? options = null)
    {
        options ??= CompilationOptions.Default;
        return LargeStack.Run(() => CompileCore(name, sources, options));
    }

    private static PackCompilation CompileCore(string name, IReadOnlyList<SourceText> sources, CompilationOptions options)
    {
        var schema = options.Schema ?? DescriptorSchema.Default;
        var diagnostics = new List<Diagnostic>();
        var packTrees = sources.Select(s => SyntaxTree.Parse(s, options.Limits)).ToList();
        foreach (var tree in packTrees) diagnostics.AddRange(tree.Diagnostics);

        var imported = ResolveImports(packTrees, options.Limits, diagnostics);
        var allTrees = packTrees.Concat(imported).ToList();

        var binder = new Binder(schema, options.Limits, diagnostics);
        var bound = binder.Bind(name, packTrees, imported);
        Scripting.ScriptCompiler.Compile(bound.Scripts, options.Scripts, diagnostics);
        if (!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            ConstantConditions.Check(bound, diagnostics);
        }

        var sorted = DiagnosticFormatter.Sort(diagnostics.Distinct(DiagnosticComparer.Instance));
        if (sorted.Any(d => d.Severity == DiagnosticSeverity.Error) || !options.GenerateCode) return new PackCompilation(name, null, bound, sorted, allTrees);

        var pack = new CompiledPack(bound, Hash(allTrees));
        return new PackCompilation(name, pack, bound, sorted, allTrees);
    }

    private static string Hash(IEnumerable<SyntaxTree> trees)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var tree in trees.OrderBy(t => Path.GetFileName(t.Source.Path), StringComparer.Ordinal).ThenBy(t => t.Source.Text, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(tree.Source.Path) + "\n"));
            sha.AppendData(Encoding.UTF8.GetBytes(tree.Source.Text.ReplaceLineEndings("\n")));
            sha.AppendData([0]);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Loads imported files (transitively), reporting missing files and cycles at the import.</summary>
    private static List<SyntaxTree> ResolveImports(IReadOnlyList<SyntaxTree> roots, Limits limits, List<Diagnostic> diagnostics)
    {
        var loaded = new Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
        foreach (var root in roots) loaded[Path.GetFullPath(root.Source.Path)] = root;
        var imported = new List<SyntaxTree>();
        var stack = new List<string>();
        foreach (var root in roots) Visit(root);
        return imported;

        void Visit(SyntaxTree tree)
        {
            var self = Path.GetFullPath(tree.Source.Path);
            stack.Add(self);
            foreach (var import in tree.Root?.Members.OfType<ImportMember>() ?? [])
            {
                var location = tree.Source.Location(import.Path.Span);
                if (FilePaths.Beside(self, import.Path.Value) is not { } target)
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ImportNotFound, location, import.Path.Value));
                    continue;
                }
                if (stack.Contains(target))
                {
                    var cycle = stack.SkipWhile(s => s != target).Append(target).Select(Path.GetFileName);
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ImportCycle, location, string.Join(" → ", cycle)));
                    continue;
                }
                if (loaded.ContainsKey(target)) continue;
                if (!File.Exists(target))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ImportNotFound, location, import.Path.Value));
                    continue;
                }
                var source = ReadSource(target, limits, diagnostics, location);
                if (source is null) continue;
                var importedTree = SyntaxTree.Parse(new SourceText(source.Text, RelativeTo(tree.Source.Path, import.Path.Value)), limits);
                loaded[target] = importedTree;
                imported.Add(importedTree);
                if (importedTree.Diagnostics.Count > 0)
                {
                    diagnostics.AddRange(importedTree.Diagnostics);
                    if (importedTree.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ImportedFileHasErrors, location, import.Path.Value));
                }
                Visit(importedTree);
            }
            stack.RemoveAt(stack.Count - 1);
        }
    }

    /// <summary>The imported file's path as the user would write it from where they are (for diagnostics).</summary>
    private static string RelativeTo(string importer, string relative)
    {
        var directory = Path.GetDirectoryName(importer);
        var combined = string.IsNullOrEmpty(directory) ? relative : Path.Combine(directory, relative);
        var full = Path.GetFullPath(combined);
        var cwd = Directory.GetCurrentDirectory();
        var rel = Path.GetRelativePath(cwd, full);
        return rel.StartsWith("..", StringComparison.Ordinal) && Path.IsPathRooted(importer) ? full : rel;
    }

    private sealed class DiagnosticComparer : IEqualityComparer<Diagnostic>
    {
        public static readonly DiagnosticComparer Instance = new();

        public bool Equals(Diagnostic? x, Diagnostic? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Location.Path == y.Location.Path && x.Location.Span == y.Location.Span && x.Message == y.Message;

        public int GetHashCode(Diagnostic d) => HashCode.Combine(d.Id, d.Location.Path, d.Location.Span.Start, d.Message);
    }
}

using PolicyEngine.Compilation;
using PolicyEngine.Syntax;
using PolicyEngine.Text;

namespace PolicyEngine.LanguageServer;

/// <summary>One compilation of a pack: the texts it was made from (with their versions) and its result.</summary>
internal sealed class PackAnalysis
{
    public PackAnalysis(string packKey, IReadOnlyList<OpenDocument> documents, IReadOnlyList<SourceText> sources, PackCompilation compilation)
    {
        PackKey = packKey;
        Documents = documents;
        Compilation = compilation;
        PackPaths = sources.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
    }

    public string PackKey { get; }

    /// <summary>The open documents of the pack, at the versions compiled.</summary>
    public IReadOnlyList<OpenDocument> Documents { get; }

    public PackCompilation Compilation { get; }

    /// <summary>Full paths of the pack's own files (the rest of <see cref="PackCompilation.Trees"/> are imported).</summary>
    public IReadOnlySet<string> PackPaths { get; }

    public IEnumerable<SyntaxTree> Trees => Compilation.Trees;

    public bool IsPackTree(SyntaxTree tree) => PackPaths.Contains(FullPath(tree));

    public static string FullPath(SyntaxTree tree) => Path.GetFullPath(tree.Source.Path);
}

/// <summary>
/// The open documents and the latest analysis of each pack. A document is compiled with the other .policy files
/// of its folder — the pack, as <c>policyengine lint &lt;folder&gt;</c> compiles it — reading open documents
/// from the editor and the rest from disk; imports resolve from the document's own path.
/// </summary>
internal sealed class Workspace
{
    private readonly object _gate = new();
    private readonly Dictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PackAnalysis> _analyses = new(StringComparer.Ordinal);

    private static readonly CompilationOptions Options = new() { GenerateCode = false };

    public OpenDocument? Get(string uri)
    {
        lock (_gate) return _documents.GetValueOrDefault(uri);
    }

    public void Set(OpenDocument document)
    {
        lock (_gate) _documents[document.Uri] = document;
    }

    public OpenDocument? Remove(string uri)
    {
        lock (_gate)
        {
            if (!_documents.Remove(uri, out var document)) return null;
            if (!_documents.Values.Any(d => d.PackKey == document.PackKey)) _analyses.Remove(document.PackKey);
            return document;
        }
    }

    public IReadOnlyList<OpenDocument> DocumentsOf(string packKey)
    {
        lock (_gate) return _documents.Values.Where(d => d.PackKey == packKey).OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<string> OpenPacks()
    {
        lock (_gate) return _documents.Values.Select(d => d.PackKey).Distinct(StringComparer.Ordinal).ToList();
    }

    public PackAnalysis? Latest(string packKey)
    {
        lock (_gate) return _analyses.GetValueOrDefault(packKey);
    }

    /// <summary>The latest analysis of the document's pack, made now if there is none yet.</summary>
    public PackAnalysis AnalysisFor(OpenDocument document) => Latest(document.PackKey) ?? Analyze(document.PackKey);

    /// <summary>Compiles a pack from the open documents as they are now and the other files on disk.</summary>
    public PackAnalysis Analyze(string packKey)
    {
        var documents = DocumentsOf(packKey);
        var sources = new List<SourceText>();
        var byPath = documents.ToDictionary(d => d.Path, StringComparer.Ordinal);
        if (documents.Count > 0 && documents[0].IsFile)
        {
            foreach (var file in SafePackFiles(packKey))
            {
                var full = Path.GetFullPath(file);
                if (byPath.ContainsKey(full)) continue;
                if (ReadFile(full) is { } text) sources.Add(new SourceText(text, full));
            }
        }
        sources.AddRange(documents.Select(d => d.Source));
        sources.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path));

        var name = documents.Count > 0 && documents[0].IsFile ? PolicyCompiler.PackName(packKey) : Path.GetFileNameWithoutExtension(documents.FirstOrDefault()?.Path ?? "untitled");
        var compilation = PolicyCompiler.Compile(name, sources, Options);
        var analysis = new PackAnalysis(packKey, documents, sources, compilation);
        lock (_gate)
        {
            // Keep the newest: analyses of one pack may finish out of order.
            if (!_analyses.TryGetValue(packKey, out var existing) || IsNotOlder(analysis, existing)) _analyses[packKey] = analysis;
        }
        return analysis;
    }

    private static bool IsNotOlder(PackAnalysis candidate, PackAnalysis existing) =>
        existing.Documents.All(e => candidate.Documents.FirstOrDefault(c => c.Uri == e.Uri) is not { } c || c.Version >= e.Version);

    private static IReadOnlyList<string> SafePackFiles(string folder)
    {
        try
        {
            return Directory.Exists(folder) ? PolicyCompiler.PackFiles(folder) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > Limits.Default.MaxFileBytes) return null;
            return Descriptors.DescriptorLoader.ReadText(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            return null;
        }
    }
}

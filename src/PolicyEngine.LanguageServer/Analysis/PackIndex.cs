using System.Collections.Concurrent;
using PolicyEngine.Binding;
using PolicyEngine.Schema;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;
using PolicyEngine.Text;

namespace PolicyEngine.LanguageServer.Analysis;

/// <summary>A definition and the file it is in.</summary>
internal sealed record Definition<T>(T Syntax, SyntaxTree Tree, TextSpan NameSpan, string Uri);

/// <summary>
/// The definitions a document can see, read from syntax so they are there while the document does not compile:
/// the document as it is now, then the other files of its pack and the files they import (from the latest analysis).
/// </summary>
internal sealed class PackIndex
{
    private static readonly ConcurrentDictionary<(string Path, DateTime Written), RecordShape?> TableShapes = new();

    public Dictionary<string, Definition<LetMember>> Lets { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Definition<FunctionMember>> Functions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Definition<TableMember>> Tables { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Definition<RuleMember>> Rules { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Definition<ClassifyMember>> Classifications { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Definition<ScoreMember>> Scores { get; } = new(StringComparer.Ordinal);

    public DescriptorSchema Schema => DescriptorSchema.Default;

    public static PackIndex Build(OpenDocument document, PackAnalysis analysis)
    {
        var index = new PackIndex();
        index.Add(document.Tree, document.Uri, ownFile: true);
        foreach (var tree in analysis.Trees)
        {
            var path = PackAnalysis.FullPath(tree);
            if (path == document.Path) continue;
            index.Add(tree, DocumentUris.FromFilePath(path), analysis.IsPackTree(tree));
        }
        return index;
    }

    private void Add(SyntaxTree tree, string uri, bool ownFile)
    {
        if (tree.Root is null) return;
        foreach (var member in tree.Root.Members)
        {
            switch (member)
            {
                case LetMember let: Lets.TryAdd(let.Name.Name, new(let, tree, let.Name.Span, uri)); break;
                case FunctionMember fn: Functions.TryAdd(fn.Name.Name, new(fn, tree, fn.Name.Span, uri)); break;
                case TableMember table: Tables.TryAdd(table.Name.Name, new(table, tree, table.Name.Span, uri)); break;
                // Rules of imported files are ignored by the compiler; so they are here.
                case RuleMember rule when ownFile: Rules.TryAdd(rule.Id.Name, new(rule, tree, rule.Id.Span, uri)); break;
                case ClassifyMember classify: Classifications.TryAdd(classify.Name.Name, new(classify, tree, classify.Name.Span, uri)); break;
                case ScoreMember score: Scores.TryAdd(score.Name.Name, new(score, tree, score.Name.Span, uri)); break;
            }
        }
    }

    /// <summary>The columns of a table, read from its data file (cached until the file changes).</summary>
    public static RecordShape? TableShape(Definition<TableMember> table)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(table.Tree.Source.Path)) ?? ".";
            var file = Path.GetFullPath(Path.Combine(directory, table.Syntax.Path.Value));
            if (!File.Exists(file)) return null;
            var key = (file, File.GetLastWriteTimeUtc(file));
            return TableShapes.GetOrAdd(key, k =>
                TableLoader.Load(k.Path, table.Syntax.Name.Name, table.Syntax.KeyColumn.Name, Limits.Default).Shape);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}

using PolicyEngine.Schema;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.LanguageServer.Analysis;

/// <summary>What a path resolves to.</summary>
internal abstract record Resolved;

/// <summary>A schema field (or a table column): an object has fields; a list of objects has elements with fields.</summary>
internal sealed record ResolvedField(FieldInfo Field) : Resolved;

/// <summary>A record: an element of a list of objects (a quantifier variable) or a table row.</summary>
internal sealed record ResolvedRecord(RecordShape Shape, string Description) : Resolved;

/// <summary>A lookup table, read with <c>table[key]</c>.</summary>
internal sealed record ResolvedTable(Definition<TableMember> Table) : Resolved;

/// <summary>
/// Resolves paths to schema fields the way the binder does — quantifier variables, then lets (which may name a
/// path prefix or a table row), tables, and the descriptor's top-level properties — but from tokens and syntax,
/// so it works on text that does not compile.
/// </summary>
internal sealed class PathResolver
{
    private const int MaxDepth = 16;
    private readonly PackIndex _index;
    private readonly IReadOnlyList<Tok> _tokens;

    public PathResolver(PackIndex index, IReadOnlyList<Tok> tokens)
    {
        _index = index;
        _tokens = tokens;
    }

    public Resolved? Resolve(Chain chain) => Resolve(chain, 0);

    private Resolved? Resolve(Chain chain, int depth)
    {
        var current = ResolveHead(chain.Head, chain.HeadIndex, depth);
        foreach (var segment in chain.Members)
        {
            if (current is null) return null;
            current = Step(current, segment);
        }
        return current;
    }

    private Resolved? ResolveHead(string name, int tokenIndex, int depth)
    {
        if (depth > MaxDepth) return null;
        if (tokenIndex >= 0 && Quantifiers.Find(_tokens, name, tokenIndex + 1) is { } variable)
        {
            var source = variable.Source is null ? null : Resolve(variable.Source, depth + 1);
            return source is ResolvedField { Field.ElementShape: { } shape } list ? new ResolvedRecord(shape, $"an element of {list.Field.Path}") : null;
        }
        if (_index.Lets.TryGetValue(name, out var let))
        {
            return Chain.Of(let.Syntax.Value) is { } value ? Resolve(value, depth + 1) : null;
        }
        if (_index.Tables.TryGetValue(name, out var table)) return new ResolvedTable(table);
        return _index.Schema.Root.Fields.TryGetValue(name, out var field) ? new ResolvedField(field) : null;
    }

    private static Resolved? Step(Resolved current, Segment segment)
    {
        if (segment.IsIndex)
        {
            return current is ResolvedTable table && PackIndex.TableShape(table.Table) is { } shape
                ? new ResolvedRecord(shape, $"a row of table {table.Table.Syntax.Name.Name}")
                : null;
        }
        return Members(current) is { } members && members.TryGetValue(segment.Name!, out var field) ? new ResolvedField(field) : null;
    }

    /// <summary>The fields reachable with a dot from what a path resolved to, in schema order; null if none.</summary>
    public static IReadOnlyDictionary<string, FieldInfo>? Members(Resolved? resolved) => resolved switch
    {
        ResolvedField { Field.Kind: FieldKind.Object } f => f.Field.Children,
        ResolvedRecord r => r.Shape.Fields,
        _ => null,
    };
}

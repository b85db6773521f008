using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.LanguageServer.Analysis;

/// <summary>A step after the head of a path: <c>.name</c>, or an index <c>[…]</c> (a table lookup).</summary>
internal sealed record Segment(string? Name)
{
    public static readonly Segment Index = new((string?)null);
    public bool IsIndex => Name is null;
}

/// <summary>
/// A path as written: <c>model.training.compute_flop</c>, <c>c.licence</c>, <c>licences[id].osi</c>. The head's
/// token index (or -1 for a path read from a definition) is where quantifier variables are looked up from.
/// </summary>
internal sealed record Chain(string Head, int HeadIndex, IReadOnlyList<Segment> Members)
{
    public Chain Append(Segment segment) => this with { Members = [.. Members, segment] };

    public override string ToString() =>
        Head + string.Concat(Members.Select(m => m.IsIndex ? "[…]" : "." + m.Name));

    /// <summary>The path before the dot at <paramref name="dot"/>, read backwards through names and indexes.</summary>
    public static Chain? EndingBefore(IReadOnlyList<Tok> tokens, int dot)
    {
        if (dot <= 0 || tokens[dot].Kind != PolicyToken.Dot) return null;
        var members = new List<Segment>();
        var j = dot - 1;
        while (true)
        {
            while (j >= 0 && tokens[j].Kind == PolicyToken.RBracket)
            {
                var depth = 0;
                var k = j;
                for (; k >= 0; k--)
                {
                    if (tokens[k].Kind == PolicyToken.RBracket) depth++;
                    else if (tokens[k].Kind == PolicyToken.LBracket && --depth == 0) break;
                }
                if (k < 0) return null;
                members.Insert(0, Segment.Index);
                j = k - 1;
            }
            if (j < 0 || !tokens[j].IsNameLike) return null;
            if (j > 0 && tokens[j - 1].Kind == PolicyToken.Dot)
            {
                members.Insert(0, new Segment(tokens[j].Text));
                j -= 2;
                continue;
            }
            return tokens[j].Kind == PolicyToken.Identifier ? new Chain(tokens[j].Text, j, members) : null;
        }
    }

    /// <summary>The path that starts at token <paramref name="head"/>, read forwards.</summary>
    public static Chain? StartingAt(IReadOnlyList<Tok> tokens, int head)
    {
        if (head >= tokens.Count || tokens[head].Kind != PolicyToken.Identifier) return null;
        var members = new List<Segment>();
        var i = head + 1;
        while (i < tokens.Count)
        {
            if (tokens[i].Kind == PolicyToken.Dot && i + 1 < tokens.Count && tokens[i + 1].IsNameLike)
            {
                members.Add(new Segment(tokens[i + 1].Text));
                i += 2;
            }
            else if (tokens[i].Kind == PolicyToken.LBracket)
            {
                var depth = 0;
                for (; i < tokens.Count; i++)
                {
                    if (tokens[i].Kind == PolicyToken.LBracket) depth++;
                    else if (tokens[i].Kind == PolicyToken.RBracket && --depth == 0) break;
                }
                if (i >= tokens.Count) break;
                members.Add(Segment.Index);
                i++;
            }
            else
            {
                break;
            }
        }
        return new Chain(tokens[head].Text, head, members);
    }

    /// <summary>The path an expression is, if it is one (a let that names a path prefix or a table row).</summary>
    public static Chain? Of(Expr expr) => expr switch
    {
        NameExpr { Hyphenated: false } name => new Chain(name.Name, -1, []),
        MemberExpr member => Of(member.Target)?.Append(new Segment(member.Name)),
        IndexExpr index => Of(index.Target)?.Append(Segment.Index),
        ParenExpr paren => Of(paren.Inner),
        _ => null,
    };
}

/// <summary>Quantifier variables (<c>c</c> in <c>any c in release.components: …</c>) seen from a position.</summary>
internal static class Quantifiers
{
    // A quantifier does not reach past the start of the clause or definition it is in.
    private static readonly HashSet<PolicyToken> Boundaries =
    [
        PolicyToken.Policy, PolicyToken.Library, PolicyToken.Import, PolicyToken.Let, PolicyToken.Fn, PolicyToken.Table,
        PolicyToken.Rule, PolicyToken.Classify, PolicyToken.Otherwise, PolicyToken.Score, PolicyToken.Test,
        PolicyToken.Severity, PolicyToken.Category, PolicyToken.Tags, PolicyToken.Cite, PolicyToken.When, PolicyToken.Unless,
        PolicyToken.Require, PolicyToken.Because, PolicyToken.Remedy, PolicyToken.Message,
        PolicyToken.Given, PolicyToken.Set, PolicyToken.Unset, PolicyToken.Expect,
        PolicyToken.LBrace, PolicyToken.RBrace,
    ];

    /// <summary>The variables declared before token <paramref name="before"/>: name, token index, and the list it ranges over.</summary>
    public static IEnumerable<(string Name, int Index, Chain? Source)> InScope(IReadOnlyList<Tok> tokens, int before)
    {
        for (var k = Math.Min(before, tokens.Count) - 1; k >= 1; k--)
        {
            if (Boundaries.Contains(tokens[k].Kind)) yield break;
            if (tokens[k].Kind != PolicyToken.Identifier || k + 1 >= tokens.Count || tokens[k + 1].Kind != PolicyToken.In) continue;
            var previous = tokens[k - 1];
            var isQuantifier = previous.Kind is PolicyToken.Any or PolicyToken.All or PolicyToken.NoneOf
                || previous.Kind == PolicyToken.LParen && k >= 2 && tokens[k - 2] is { Kind: PolicyToken.Identifier, Text: "count" or "sum" };
            if (isQuantifier) yield return (tokens[k].Text, k, Chain.StartingAt(tokens, k + 2));
        }
    }

    public static (int Index, Chain? Source)? Find(IReadOnlyList<Tok> tokens, string name, int before)
    {
        foreach (var (n, index, source) in InScope(tokens, before))
        {
            if (n == name) return (index, source);
        }
        return null;
    }
}

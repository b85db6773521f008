using PolicyEngine.Binding;
using PolicyEngine.LanguageServer.Analysis;
using PolicyEngine.LanguageServer.Protocol;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.LanguageServer.Features;

/// <summary>Hover (the type and description of a path; a rule's title, severity, citation and rationale; a
/// definition's text) and go-to-definition (lets, functions, tables, rules, classifications, scores, quantifier
/// variables, and the files named by <c>import</c>, <c>given</c> and <c>table … from</c>).</summary>
internal static class Navigation
{
    public static Hover? Hover(OpenDocument document, PackAnalysis analysis, int offset)
    {
        var view = TokenView.At(document, offset);
        var tokens = view.Tokens;
        var at = view.NameAt(offset);
        if (at < 0 || tokens[at].Kind == PolicyToken.String) return null;
        var token = tokens[at];
        var index = PackIndex.Build(document, analysis);
        var resolver = new PathResolver(index, tokens);
        var range = document.RangeOf(token.Span);

        if (at > 0 && tokens[at - 1].Kind == PolicyToken.Dot)
        {
            var chain = Chain.EndingBefore(tokens, at - 1)?.Append(new Segment(token.Text));
            return chain is not null && resolver.Resolve(chain) is ResolvedField field
                ? Markdown(Describe.Field(field.Field, chain.ToString()), range)
                : null;
        }

        var name = token.Text;
        if (token.Kind == PolicyToken.Identifier && Quantifiers.Find(tokens, name, at + 1) is not null)
        {
            return Markdown(Describe.Variable(name, resolver.Resolve(new Chain(name, at, []))), range);
        }
        if (index.Rules.TryGetValue(name, out var rule) && (token.Kind == PolicyToken.HyphenatedName || IsRuleReference(tokens, at)))
        {
            return Markdown(Describe.Rule(rule.Syntax), range);
        }
        if (token.Kind != PolicyToken.Identifier) return null;
        if (index.Lets.TryGetValue(name, out var let))
            return Markdown(Describe.Let(let.Syntax, resolver.Resolve(new Chain(name, -1, []))), range);
        if (index.Functions.TryGetValue(name, out var fn)) return Markdown(Describe.Function(fn.Syntax), range);
        if (index.Tables.TryGetValue(name, out var table)) return Markdown(Describe.Table(table.Syntax, PackIndex.TableShape(table)), range);
        if (index.Classifications.TryGetValue(name, out var classification)) return Markdown(Describe.Classification(classification.Syntax), range);
        if (index.Scores.TryGetValue(name, out var score)) return Markdown(Describe.Score(score.Syntax), range);
        if (index.Schema.Root.Fields.TryGetValue(name, out var root)) return Markdown(Describe.Field(root), range);
        if (index.Rules.TryGetValue(name, out rule)) return Markdown(Describe.Rule(rule.Syntax), range);
        if (at + 1 < tokens.Count && tokens[at + 1].Kind == PolicyToken.LParen && Builtins.Find(name) is { } builtin)
            return Markdown(Describe.Builtin(builtin), range);
        return null;
    }

    public static IReadOnlyList<Protocol.Location> Definition(OpenDocument document, PackAnalysis analysis, int offset)
    {
        var view = TokenView.At(document, offset);
        var tokens = view.Tokens;
        var at = view.NameAt(offset);
        if (at < 0) return [];
        var token = tokens[at];

        if (token.Kind == PolicyToken.String)
        {
            if (at == 0 || tokens[at - 1].Kind is not (PolicyToken.Import or PolicyToken.Given or PolicyToken.From) || !document.IsFile) return [];
            var value = StringUnescaper.Unescape(token.Text);
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document.Path) ?? ".", value));
            if (!File.Exists(target)) return [];
            var start = new Position(0, 0);
            return [new Protocol.Location(DocumentUris.FromFilePath(target), new Protocol.Range(start, start))];
        }
        if (at > 0 && tokens[at - 1].Kind == PolicyToken.Dot) return [];

        var name = token.Text;
        if (token.Kind == PolicyToken.Identifier && Quantifiers.Find(tokens, name, at + 1) is { } variable)
        {
            return [new Protocol.Location(document.Uri, document.RangeOf(tokens[variable.Index].Span))];
        }
        var index = PackIndex.Build(document, analysis);
        if (index.Rules.TryGetValue(name, out var rule) && (token.Kind == PolicyToken.HyphenatedName || IsRuleReference(tokens, at)))
            return [Of(rule, document)];
        if (token.Kind != PolicyToken.Identifier) return [];
        if (index.Lets.TryGetValue(name, out var let)) return [Of(let, document)];
        if (index.Functions.TryGetValue(name, out var fn)) return [Of(fn, document)];
        if (index.Tables.TryGetValue(name, out var table)) return [Of(table, document)];
        if (index.Classifications.TryGetValue(name, out var classification)) return [Of(classification, document)];
        if (index.Scores.TryGetValue(name, out var score)) return [Of(score, document)];
        if (index.Rules.TryGetValue(name, out rule)) return [Of(rule, document)];
        return [];
    }

    /// <summary>A rule ID where one stands: in its declaration, or before <c>is</c>.</summary>
    private static bool IsRuleReference(IReadOnlyList<Tok> tokens, int at) =>
        at > 0 && tokens[at - 1].Kind == PolicyToken.Rule || at + 1 < tokens.Count && tokens[at + 1].Kind == PolicyToken.Is;

    private static Protocol.Location Of<T>(Definition<T> definition, OpenDocument document)
    {
        var source = definition.Uri == document.Uri ? document.Source : definition.Tree.Source;
        var start = source.GetPosition(definition.NameSpan.Start);
        var end = source.GetPosition(definition.NameSpan.End);
        return new Protocol.Location(definition.Uri, new Protocol.Range(new Position(start.Line, start.Character), new Position(end.Line, end.Character)));
    }

    private static Hover Markdown(string text, Protocol.Range range) => new(new MarkupContent(MarkupKind.Markdown, text), range);
}

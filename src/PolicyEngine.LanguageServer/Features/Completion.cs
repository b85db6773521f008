using System.Globalization;
using PolicyEngine.Binding;
using PolicyEngine.LanguageServer.Analysis;
using PolicyEngine.LanguageServer.Protocol;
using PolicyEngine.Schema;
using PolicyEngine.Syntax;

namespace PolicyEngine.LanguageServer.Features;

/// <summary>
/// Completion: after a dot, exactly the fields of what the path before it names (schema objects, elements of
/// lists of objects through quantifier variables, table rows); after <c>severity</c> the levels; after <c>is</c>
/// the outcomes; elsewhere keywords, lets, functions, tables, classifications, scores, rule IDs and the
/// descriptor's top-level properties.
/// </summary>
internal static class Completion
{
    private static readonly HashSet<PolicyToken> NamesSomethingNew =
    [
        PolicyToken.Policy, PolicyToken.Library, PolicyToken.Let, PolicyToken.Fn, PolicyToken.Table, PolicyToken.Rule,
        PolicyToken.Classify, PolicyToken.Score, PolicyToken.Import, PolicyToken.Given, PolicyToken.From, PolicyToken.Key,
        PolicyToken.Test, PolicyToken.Category, PolicyToken.Tags, PolicyToken.Cite, PolicyToken.Because, PolicyToken.Remedy,
    ];

    private static readonly string[] SeverityLevels = ["error", "warning", "info"];
    private static readonly string[] Outcomes = ["pass", "fail", "unknown", "not_applicable", "error", "waived"];

    public static CompletionList Complete(OpenDocument document, PackAnalysis analysis, int offset)
    {
        var view = TokenView.At(document, offset);
        if (view.InPlainText) return Empty;
        var tokens = view.Tokens;

        var last = view.LastStartingBefore(offset);
        var prefixStart = offset;
        var before = last;
        if (last >= 0 && tokens[last].End >= offset && (tokens[last].IsNameLike || tokens[last].Kind == PolicyToken.HyphenatedName))
        {
            prefixStart = tokens[last].Start;
            before = last - 1;
        }
        else if (last >= 0 && tokens[last].End > offset)
        {
            return Empty; // inside a number or an operator
        }
        var range = new Protocol.Range(document.PositionOf(prefixStart), document.PositionOf(offset));
        var previous = before >= 0 ? tokens[before] : default;

        if (before >= 0 && previous.Kind == PolicyToken.Dot)
        {
            var index = PackIndex.Build(document, analysis);
            var chain = Chain.EndingBefore(tokens, before);
            var members = chain is null ? null : PathResolver.Members(new PathResolver(index, tokens).Resolve(chain));
            if (members is null) return Empty;
            var parent = chain!.ToString();
            return new CompletionList(false, members.Values.Select((field, n) => FieldItem(field, $"{parent}.{field.Name}", n, range)).ToList());
        }
        if (before >= 0 && previous.Kind == PolicyToken.Severity)
        {
            return new CompletionList(false, SeverityLevels.Select((s, n) => Simple(s, CompletionItemKind.EnumMember, "severity", n, range)).ToList());
        }
        if (before >= 0 && (previous.Kind == PolicyToken.Is || previous.Kind == PolicyToken.Not && before >= 1 && tokens[before - 1].Kind == PolicyToken.Is))
        {
            return new CompletionList(false, Outcomes.Select((s, n) => Simple(s, CompletionItemKind.EnumMember, "outcome", n, range)).ToList());
        }
        if (before >= 0 && NamesSomethingNew.Contains(previous.Kind)) return Empty;

        return new CompletionList(false, General(document, analysis, tokens, before + 1, range));
    }

    private static readonly CompletionList Empty = new(false, []);

    private static List<CompletionItem> General(OpenDocument document, PackAnalysis analysis, IReadOnlyList<Tok> tokens, int position, Protocol.Range range)
    {
        var index = PackIndex.Build(document, analysis);
        var items = new List<CompletionItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(CompletionItem item, string group)
        {
            if (seen.Add(item.Label)) items.Add(item with { SortText = group + item.Label, TextEdit = new TextEdit(range, item.Label) });
        }

        var resolver = new PathResolver(index, tokens);
        foreach (var (name, at, source) in Quantifiers.InScope(tokens, position))
        {
            var element = source is null ? null : resolver.Resolve(new Chain(name, at, []));
            Add(new CompletionItem(name, CompletionItemKind.Variable) { Detail = "quantifier variable", Documentation = Markdown(Describe.Variable(name, element)) }, "0");
        }
        foreach (var let in index.Lets.Values)
        {
            Add(new CompletionItem(let.Syntax.Name.Name, CompletionItemKind.Variable) { Detail = "let", Documentation = Markdown(Describe.Let(let.Syntax, null)) }, "1");
        }
        foreach (var fn in index.Functions.Values)
        {
            Add(new CompletionItem(fn.Syntax.Name.Name, CompletionItemKind.Function) { Detail = Describe.Signature(fn.Syntax), Documentation = Markdown(Describe.Function(fn.Syntax)) }, "1");
        }
        foreach (var table in index.Tables.Values)
        {
            Add(new CompletionItem(table.Syntax.Name.Name, CompletionItemKind.Struct) { Detail = $"table from \"{table.Syntax.Path.Value}\"" }, "1");
        }
        foreach (var classification in index.Classifications.Values)
        {
            Add(new CompletionItem(classification.Syntax.Name.Name, CompletionItemKind.EnumMember) { Detail = "classification", Documentation = Markdown(Describe.Classification(classification.Syntax)) }, "2");
        }
        foreach (var score in index.Scores.Values)
        {
            Add(new CompletionItem(score.Syntax.Name.Name, CompletionItemKind.Value) { Detail = "score", Documentation = Markdown(Describe.Score(score.Syntax)) }, "2");
        }
        foreach (var field in index.Schema.Root.Fields.Values)
        {
            Add(FieldItem(field, field.Path, 0, range), "3");
        }
        foreach (var builtin in Builtins.All)
        {
            Add(new CompletionItem(builtin.Name, CompletionItemKind.Function) { Detail = builtin.Signature, Documentation = Markdown(Describe.Builtin(builtin)) }, "4");
        }
        Add(new CompletionItem("count", CompletionItemKind.Function) { Detail = "count(x in list: condition) → number" }, "4");
        Add(new CompletionItem("sum", CompletionItemKind.Function) { Detail = "sum(x in list: value) → number" }, "4");
        foreach (var rule in index.Rules.Values)
        {
            Add(new CompletionItem(rule.Syntax.Id.Name, CompletionItemKind.Reference)
            {
                Detail = rule.Syntax.Title?.Value ?? "rule",
                Documentation = Markdown(Describe.Rule(rule.Syntax)),
                FilterText = rule.Syntax.Id.Name,
            }, "5");
        }
        foreach (var keyword in Keywords.All.Keys.Order(StringComparer.Ordinal))
        {
            Add(new CompletionItem(keyword, CompletionItemKind.Keyword) { Detail = "keyword" }, "6");
        }
        return items;
    }

    private static CompletionItem FieldItem(FieldInfo field, string path, int order, Protocol.Range range) =>
        new(field.Name, field.Kind == FieldKind.Object ? CompletionItemKind.Module : CompletionItemKind.Field)
        {
            Detail = field.TypeDescription,
            Documentation = Markdown(Describe.Field(field, path)),
            SortText = order.ToString("D4", CultureInfo.InvariantCulture),
            TextEdit = new TextEdit(range, field.Name),
        };

    private static CompletionItem Simple(string label, CompletionItemKind kind, string detail, int order, Protocol.Range range) =>
        new(label, kind) { Detail = detail, SortText = order.ToString("D4", CultureInfo.InvariantCulture), TextEdit = new TextEdit(range, label) };

    private static MarkupContent Markdown(string text) => new(MarkupKind.Markdown, text);
}

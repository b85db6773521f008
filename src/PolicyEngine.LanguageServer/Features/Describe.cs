using System.Text;
using PolicyEngine.Binding;
using PolicyEngine.LanguageServer.Analysis;
using PolicyEngine.Schema;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.LanguageServer.Features;

/// <summary>The Markdown shown for definitions and fields, shared by hover and completion.</summary>
internal static class Describe
{
    private const int MaxExpression = 400;

    public static string Code(string text) => "```policy\n" + text + "\n```";

    public static string Field(FieldInfo field, string? path = null)
    {
        var sb = new StringBuilder();
        sb.Append(Code(path ?? field.Path)).Append("\n\n").Append(Capitalise(field.TypeDescription));
        if (field.Kind == FieldKind.Object && field.Children.Count > 0)
            sb.Append(" with ").Append(string.Join(", ", field.Children.Keys.Select(k => $"`{k}`")));
        if (field.ElementShape is { } shape)
            sb.Append(", each with ").Append(string.Join(", ", shape.Fields.Keys.Select(k => $"`{k}`")));
        if (!string.IsNullOrWhiteSpace(field.Description)) sb.Append("\n\n").Append(field.Description);
        return sb.ToString();
    }

    public static string Rule(RuleMember rule)
    {
        var sb = new StringBuilder();
        sb.Append("**").Append(rule.Id.Name).Append("**");
        if (rule.Title is not null) sb.Append(" — ").Append(rule.Title.Value);
        var severity = rule.Clause(ClauseKind.Severity)?.Value is Identifier s ? s.Name : "error";
        sb.Append("\n\nSeverity: `").Append(severity).Append('`');
        if (rule.Clause(ClauseKind.Cite)?.Value is StringLiteral cite) sb.Append(" · Cite: ").Append(cite.Value);
        if (rule.Clause(ClauseKind.Category)?.Value is StringLiteral category) sb.Append(" · Category: ").Append(category.Value);
        if (rule.Clause(ClauseKind.Because)?.Value is StringLiteral because) sb.Append("\n\n").Append(because.Value);
        if (rule.Clause(ClauseKind.Remedy)?.Value is StringLiteral remedy) sb.Append("\n\n*Remedy:* ").Append(remedy.Value);
        return sb.ToString();
    }

    public static string Let(LetMember let, Resolved? resolved)
    {
        var text = Code($"let {let.Name.Name} = {Shorten(let.Value.ToString())}");
        return resolved is ResolvedField f ? text + "\n\n" + Field(f.Field) : text;
    }

    public static string Function(FunctionMember fn) =>
        Code($"fn {fn.Name.Name}({string.Join(", ", fn.Parameters)}) = {Shorten(fn.Body.ToString())}");

    public static string Signature(FunctionMember fn) => $"{fn.Name.Name}({string.Join(", ", fn.Parameters)})";

    public static string Builtin(Builtins.Builtin builtin) => Code(builtin.Signature) + "\n\n" + Capitalise(builtin.Description) + ".";

    public static string Table(TableMember table, RecordShape? shape)
    {
        var text = Code(table.ToString());
        return shape is null ? text : text + "\n\nColumns: " + string.Join(", ", shape.Fields.Values.Select(f => $"`{f.Name}` ({f.TypeDescription})"));
    }

    public static string Classification(ClassifyMember classify) =>
        Code(classify.Header) + "\n\nA classification: one of " +
        string.Join(", ", classify.Arms.Select(a => $"\"{a.Label.Value}\"")) + ".";

    public static string Score(ScoreMember score) =>
        Code(score.Title is null ? $"score {score.Name.Name}" : $"score {score.Name.Name} {score.Title}") + "\n\nA score (a number): " + Shorten(score.Value.ToString());

    public static string Variable(string name, Resolved? element) =>
        Code(name) + "\n\nA quantifier variable" + (element is ResolvedRecord r ? $": {r.Description}" : "") + ".";

    private static string Shorten(string text) => text.Length <= MaxExpression ? text : text[..MaxExpression] + " …";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

}

using PolicyEngine.Syntax.Ast;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;
using static PolicyEngine.Syntax.ExpressionParsers;
using Span = PolicyEngine.Text.TextSpan;
using Identifier = PolicyEngine.Syntax.Ast.Identifier;

namespace PolicyEngine.Syntax;

/// <summary>Parsers for one member, clause, arm or test step each. <see cref="PolicyParser"/> cuts the token
/// stream into those pieces first, so an error in one piece never hides the next.</summary>
internal static class DeclarationParsers
{
    private static TokenListParser<PolicyToken, Token<PolicyToken>> Kw(PolicyToken kind) => Token.EqualTo(kind);

    private static readonly TokenListParser<PolicyToken, Identifier> RuleId =
        Token.EqualTo(PolicyToken.Identifier).Or(Token.EqualTo(PolicyToken.HyphenatedName))
            .Select(t => new Identifier(t.ToStringValue(), SpanOf(t)))
            .Named("rule ID");

    public static readonly TokenListParser<PolicyToken, Identifier> DeclarationId = RuleId.Named("policy name");

    public static readonly TokenListParser<PolicyToken, Member> Metadata =
        from key in Name
        from value in ExpressionParsers.String
        select (Member)new MetadataMember(key.Span.Union(value.Span), key, value);

    public static readonly TokenListParser<PolicyToken, Member> Import =
        from keyword in Kw(PolicyToken.Import)
        from path in ExpressionParsers.String
        select (Member)new ImportMember(SpanOf(keyword).Union(path.Span), path);

    public static readonly TokenListParser<PolicyToken, Member> Let =
        from keyword in Kw(PolicyToken.Let)
        from name in Name
        from eq in Kw(PolicyToken.Assign)
        from value in Expression
        select (Member)new LetMember(SpanOf(keyword).Union(value.Span), name, value);

    /// <summary>A type name (<c>number</c>) or a list type (<c>[number]</c>), kept as written.</summary>
    private static readonly TokenListParser<PolicyToken, Identifier> TypeName =
        Name.Or(from open in Kw(PolicyToken.LBracket)
                from element in Name
                from close in Kw(PolicyToken.RBracket)
                select new Identifier($"[{element.Name}]", SpanOf(open, close)))
            .Named("type");

    private static readonly TokenListParser<PolicyToken, Identifier?> TypeAnnotation =
        from colon in Kw(PolicyToken.Colon)
        from t in TypeName
        select (Identifier?)t;

    private static readonly TokenListParser<PolicyToken, Parameter> Param =
        from name in Name
        from type in TypeAnnotation.OptionalOrDefault()
        select new Parameter(name, type);

    /// <summary><c>csharp { … }</c>: the block is one token, so the C# inside never meets the policy grammar.</summary>
    private static readonly TokenListParser<PolicyToken, Expr> Script =
        from keyword in Kw(PolicyToken.CSharp)
        from block in Token.EqualTo(PolicyToken.ScriptBody).Named("`{` to open the C# block")
        select (Expr)new ScriptExpr(SpanOf(keyword, block), keyword.ToStringValue(), block.ToStringValue(), block.Span.Position.Absolute);

    public static readonly TokenListParser<PolicyToken, Member> Function =
        from keyword in Kw(PolicyToken.Fn)
        from name in Name
        from open in Kw(PolicyToken.LParen)
        from parameters in Param.ManyDelimitedBy(Kw(PolicyToken.Comma))
        from close in Kw(PolicyToken.RParen)
        from result in TypeAnnotation.OptionalOrDefault()
        from eq in Kw(PolicyToken.Assign)
        from body in Script.Or(Expression)
        select (Member)new FunctionMember(SpanOf(keyword).Union(body.Span), name, parameters, result, body);

    public static readonly TokenListParser<PolicyToken, Member> Table =
        from keyword in Kw(PolicyToken.Table)
        from name in Name
        from fromKeyword in Kw(PolicyToken.From)
        from path in ExpressionParsers.String
        from key in Kw(PolicyToken.Key)
        from column in MemberName.Select(t => new Identifier(t.ToStringValue(), SpanOf(t))).Named("key column")
        select (Member)new TableMember(SpanOf(keyword).Union(column.Span), name, path, column);

    public static readonly TokenListParser<PolicyToken, Member> Score =
        from keyword in Kw(PolicyToken.Score)
        from name in Name
        from title in ExpressionParsers.OptionalString
        from eq in Kw(PolicyToken.Assign)
        from value in Expression
        select (Member)new ScoreMember(SpanOf(keyword).Union(value.Span), name, title, value);

    /// <summary><c>rule ID "title" {</c></summary>
    public static readonly TokenListParser<PolicyToken, (Token<PolicyToken> Keyword, Identifier Id, StringLiteral? Title)> RuleHeader =
        from keyword in Kw(PolicyToken.Rule)
        from id in RuleId
        from title in ExpressionParsers.OptionalString
        from open in Kw(PolicyToken.LBrace)
        select (keyword, id, title);

    public static readonly TokenListParser<PolicyToken, (Token<PolicyToken> Keyword, Identifier Name, StringLiteral? Title)> ClassifyHeader =
        from keyword in Kw(PolicyToken.Classify)
        from name in Name
        from title in ExpressionParsers.OptionalString
        from open in Kw(PolicyToken.LBrace)
        select (keyword, name, title);

    public static readonly TokenListParser<PolicyToken, (Token<PolicyToken> Keyword, StringLiteral Name)> TestHeader =
        from keyword in Kw(PolicyToken.Test)
        from name in ExpressionParsers.String
        from open in Kw(PolicyToken.LBrace)
        select (keyword, name);

    private static TokenListParser<PolicyToken, RuleClause> ExprClause(PolicyToken keyword, ClauseKind kind) =>
        from k in Kw(keyword)
        from value in Expression
        select new RuleClause(SpanOf(k).Union(value.Span), kind, value);

    private static TokenListParser<PolicyToken, RuleClause> StringClause(PolicyToken keyword, ClauseKind kind) =>
        from k in Kw(keyword)
        from value in ExpressionParsers.String
        select new RuleClause(SpanOf(k).Union(value.Span), kind, value);

    public static readonly TokenListParser<PolicyToken, RuleClause> Clause =
        ExprClause(PolicyToken.When, ClauseKind.When)
            .Or(ExprClause(PolicyToken.Unless, ClauseKind.Unless))
            .Or(ExprClause(PolicyToken.Require, ClauseKind.Require))
            .Or(StringClause(PolicyToken.Category, ClauseKind.Category))
            .Or(StringClause(PolicyToken.Cite, ClauseKind.Cite))
            .Or(StringClause(PolicyToken.Because, ClauseKind.Because))
            .Or(StringClause(PolicyToken.Remedy, ClauseKind.Remedy))
            .Or(from k in Kw(PolicyToken.Severity)
                from level in Name.Named("severity (error, warning or info)")
                select new RuleClause(SpanOf(k).Union(level.Span), ClauseKind.Severity, level))
            .Or(from k in Kw(PolicyToken.Tags)
                from tags in ExpressionParsers.String.AtLeastOnceDelimitedBy(Kw(PolicyToken.Comma))
                select new RuleClause(SpanOf(k).Union(tags[^1].Span), ClauseKind.Tags, (IReadOnlyList<StringLiteral>)tags))
            .Named("rule clause (severity, category, tags, cite, when, unless, require, because, remedy, message)");

    /// <summary>The message clause; its template is parsed by <see cref="PolicyParser"/>.</summary>
    public static readonly TokenListParser<PolicyToken, (Token<PolicyToken> Keyword, Token<PolicyToken> Text)> MessageClause =
        from k in Kw(PolicyToken.Message)
        from text in Token.EqualTo(PolicyToken.String).Named("string")
        select (k, text);

    public static readonly TokenListParser<PolicyToken, ClassifyArm> Arm =
        (from label in ExpressionParsers.String
         from when in Kw(PolicyToken.When)
         from condition in Expression
         select new ClassifyArm(label.Span.Union(condition.Span), label, condition))
        .Or(from otherwise in Kw(PolicyToken.Otherwise)
            from label in ExpressionParsers.String
            select new ClassifyArm(SpanOf(otherwise).Union(label.Span), label, null))
        .Named("classification arm (\"label\" when condition, or otherwise \"label\")");

    public static readonly TokenListParser<PolicyToken, TestStep> Step =
        (from k in Kw(PolicyToken.Given)
         from file in ExpressionParsers.String
         select new TestStep(SpanOf(k).Union(file.Span), TestStepKind.Given, file, null, null))
        .Or(from k in Kw(PolicyToken.Set)
            from path in Expression
            from eq in Kw(PolicyToken.Assign)
            from value in Expression
            select new TestStep(SpanOf(k).Union(value.Span), TestStepKind.Set, null, path, value))
        .Or(from k in Kw(PolicyToken.Unset)
            from path in Expression
            select new TestStep(SpanOf(k).Union(path.Span), TestStepKind.Unset, null, path, null))
        .Or(from k in Kw(PolicyToken.Expect)
            from value in Expression
            select new TestStep(SpanOf(k).Union(value.Span), TestStepKind.Expect, null, null, value))
        .Named("test step (given, set, unset or expect)");

    internal static Span End(Token<PolicyToken> token) => new(token.Span.Position.Absolute + token.Span.Length, 0);
}

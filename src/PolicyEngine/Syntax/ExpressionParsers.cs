using System.Globalization;
using PolicyEngine.Syntax.Ast;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;
using Span = PolicyEngine.Text.TextSpan;
using Identifier = PolicyEngine.Syntax.Ast.Identifier;

namespace PolicyEngine.Syntax;

/// <summary>
/// The expression grammar as parser fields, declared bottom-up: primaries, postfix, unary, multiplicative,
/// additive, coalesce, comparison, not, and, or, implies. Literal values that fail to convert
/// (1e999, 2024-13-40, bad escapes) are kept as written and reported by <see cref="LiteralChecker"/>.
/// </summary>
internal static class ExpressionParsers
{
    internal static Span SpanOf(Token<PolicyToken> token) => new(token.Span.Position.Absolute, token.Span.Length);

    internal static Span SpanOf(Token<PolicyToken> first, Token<PolicyToken> last) =>
        Span.FromBounds(first.Span.Position.Absolute, last.Span.Position.Absolute + last.Span.Length);

    private static readonly TokenListParser<PolicyToken, Token<PolicyToken>> LParen = Token.EqualTo(PolicyToken.LParen);
    private static readonly TokenListParser<PolicyToken, Token<PolicyToken>> RParen = Token.EqualTo(PolicyToken.RParen);

    internal static double ParseNumber(string text) =>
        double.Parse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);

    internal static readonly TokenListParser<PolicyToken, LiteralExpr> NumberLiteral =
        Token.EqualTo(PolicyToken.Number).Select(t =>
            new LiteralExpr(SpanOf(t), LiteralKind.Number, ParseNumber(t.ToStringValue()), t.ToStringValue()));

    internal static readonly TokenListParser<PolicyToken, LiteralExpr> StringLiteralExpr =
        Token.EqualTo(PolicyToken.String).Select(t =>
            new LiteralExpr(SpanOf(t), LiteralKind.String, StringUnescaper.Unescape(t.ToStringValue()), t.ToStringValue()));

    internal static readonly TokenListParser<PolicyToken, StringLiteral> String =
        Token.EqualTo(PolicyToken.String).Select(t => new StringLiteral(StringUnescaper.Unescape(t.ToStringValue()), SpanOf(t)))
            .Named("string");

    internal static readonly TokenListParser<PolicyToken, StringLiteral?> OptionalString =
        String.Select(s => (StringLiteral?)s).OptionalOrDefault();

    private static readonly TokenListParser<PolicyToken, Expr> BooleanLiteral =
        Token.EqualTo(PolicyToken.True).Or(Token.EqualTo(PolicyToken.False))
            .Select(t => (Expr)new LiteralExpr(SpanOf(t), LiteralKind.Boolean, t.Kind == PolicyToken.True, t.ToStringValue()));

    private static readonly TokenListParser<PolicyToken, Expr> DateLiteral =
        Token.EqualTo(PolicyToken.Date).Select(t =>
        {
            var text = t.ToStringValue();
            object value = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : text;
            return (Expr)new LiteralExpr(SpanOf(t), LiteralKind.Date, value, text);
        });

    private static readonly TokenListParser<PolicyToken, Expr> NumberOrDuration =
        from number in NumberLiteral
        from unit in Token.EqualTo(PolicyToken.Days).Or(Token.EqualTo(PolicyToken.Weeks))
            .Or(Token.EqualTo(PolicyToken.Months)).Or(Token.EqualTo(PolicyToken.Years)).OptionalOrDefault()
        select unit.HasValue
            ? new DurationExpr(number.Span.Union(SpanOf(unit)), number, UnitOf(unit.Kind))
            : (Expr)number;

    private static DurationUnit UnitOf(PolicyToken kind) => kind switch
    {
        PolicyToken.Days => DurationUnit.Days,
        PolicyToken.Weeks => DurationUnit.Weeks,
        PolicyToken.Months => DurationUnit.Months,
        _ => DurationUnit.Years,
    };

    /// <summary>Names after a dot may be keywords too (<c>release.date</c>, <c>x.key</c>).</summary>
    internal static readonly TokenListParser<PolicyToken, Token<PolicyToken>> MemberName =
        Token.Matching<PolicyToken>(k => k == PolicyToken.Identifier || Keywords.Kinds.Contains(k), "property name");

    internal static readonly TokenListParser<PolicyToken, Identifier> Name =
        Token.EqualTo(PolicyToken.Identifier).Select(t => new Identifier(t.ToStringValue(), SpanOf(t))).Named("name");

    private static readonly TokenListParser<PolicyToken, Expr> ListLiteral =
        from open in Token.EqualTo(PolicyToken.LBracket)
        from items in Parse.Ref(() => Expression!).ManyDelimitedBy(Token.EqualTo(PolicyToken.Comma))
        from close in Token.EqualTo(PolicyToken.RBracket)
        select (Expr)new ListExpr(SpanOf(open, close), items);

    private static readonly TokenListParser<PolicyToken, Expr> Parenthesised =
        from open in LParen
        from inner in Parse.Ref(() => Expression!)
        from close in RParen
        select (Expr)new ParenExpr(SpanOf(open, close), inner);

    private static readonly TokenListParser<PolicyToken, Expr> Quantifier =
        from keyword in Token.EqualTo(PolicyToken.Any).Or(Token.EqualTo(PolicyToken.All)).Or(Token.EqualTo(PolicyToken.NoneOf))
        from variable in Name
        from _ in Token.EqualTo(PolicyToken.In)
        from source in Parse.Ref(() => Coalescing!)
        from colon in Token.EqualTo(PolicyToken.Colon)
        from body in Parse.Ref(() => Expression!)
        select (Expr)new QuantifierExpr(SpanOf(keyword).Union(body.Span),
            keyword.Kind switch { PolicyToken.Any => QuantifierKind.Any, PolicyToken.All => QuantifierKind.All, _ => QuantifierKind.None },
            variable.Name, variable.Span, source, body);

    /// <summary><c>count(x in list: cond)</c> and <c>sum(x in list: value)</c>.</summary>
    private static readonly TokenListParser<PolicyToken, Expr> Aggregate =
        (from name in Token.EqualToValue(PolicyToken.Identifier, "count").Or(Token.EqualToValue(PolicyToken.Identifier, "sum"))
         from open in LParen
         from variable in Name
         from _ in Token.EqualTo(PolicyToken.In)
         from source in Parse.Ref(() => Coalescing!)
         from colon in Token.EqualTo(PolicyToken.Colon)
         from body in Parse.Ref(() => Expression!)
         from close in RParen
         select (Expr)new QuantifierExpr(SpanOf(name, close),
             name.ToStringValue() == "count" ? QuantifierKind.Count : QuantifierKind.Sum,
             variable.Name, variable.Span, source, body)).Try();

    private static readonly TokenListParser<PolicyToken, Expr> Call =
        (from name in Token.EqualTo(PolicyToken.Identifier).Or(Token.EqualTo(PolicyToken.Days))
         from open in LParen
         select name)
        .Try()
        .Then(name =>
            from args in Parse.Ref(() => Expression!).ManyDelimitedBy(Token.EqualTo(PolicyToken.Comma))
            from close in RParen
            select (Expr)new CallExpr(SpanOf(name, close), name.ToStringValue(), SpanOf(name), args));

    private static readonly TokenListParser<PolicyToken, Expr> NameReference =
        Token.EqualTo(PolicyToken.Identifier).Or(Token.EqualTo(PolicyToken.HyphenatedName))
            .Select(t => (Expr)new NameExpr(SpanOf(t), t.ToStringValue(), t.Kind == PolicyToken.HyphenatedName));

    private static readonly TokenListParser<PolicyToken, Expr> Primary =
        NumberOrDuration
            .Or(StringLiteralExpr.Select(s => (Expr)s))
            .Or(BooleanLiteral)
            .Or(DateLiteral)
            .Or(ListLiteral)
            .Or(Parenthesised)
            .Or(Quantifier)
            .Or(Aggregate)
            .Or(Call)
            .Or(NameReference)
            .Named("expression");

    private abstract record Suffix;
    private sealed record MemberSuffix(Token<PolicyToken> Name) : Suffix;
    private sealed record IndexSuffix(Expr Index, Token<PolicyToken> Close) : Suffix;

    private static readonly TokenListParser<PolicyToken, Suffix> PostfixSuffix =
        (from dot in Token.EqualTo(PolicyToken.Dot)
         from name in MemberName
         select (Suffix)new MemberSuffix(name))
        .Or(from open in Token.EqualTo(PolicyToken.LBracket)
            from index in Parse.Ref(() => Expression!)
            from close in Token.EqualTo(PolicyToken.RBracket)
            select (Suffix)new IndexSuffix(index, close));

    private static readonly TokenListParser<PolicyToken, Expr> Postfix =
        from primary in Primary
        from suffixes in PostfixSuffix.Many()
        select suffixes.Aggregate(primary, (target, suffix) => suffix switch
        {
            MemberSuffix m => new MemberExpr(target.Span.Union(SpanOf(m.Name)), target, m.Name.ToStringValue(), SpanOf(m.Name)),
            IndexSuffix i => (Expr)new IndexExpr(target.Span.Union(SpanOf(i.Close)), target, i.Index),
            _ => target,
        });

    // Prefix operators are collected iteratively so that `- - - x` does not recurse.
    private static readonly TokenListParser<PolicyToken, Expr> Unary =
        from minus in Token.EqualTo(PolicyToken.Minus).Many()
        from operand in Postfix
        select minus.Reverse().Aggregate(operand, (e, t) => (Expr)new UnaryExpr(SpanOf(t).Union(e.Span), UnaryOperator.Negate, e));

    private static TokenListParser<PolicyToken, Token<PolicyToken>> Op(PolicyToken kind) => Token.EqualTo(kind);

    private static Expr MakeBinary(Token<PolicyToken> op, Expr left, Expr right) =>
        new BinaryExpr(left.Span.Union(right.Span), op.Kind switch
        {
            PolicyToken.Star => BinaryOperator.Multiply,
            PolicyToken.Slash => BinaryOperator.Divide,
            PolicyToken.Percent => BinaryOperator.Modulo,
            PolicyToken.Plus => BinaryOperator.Add,
            PolicyToken.Minus => BinaryOperator.Subtract,
            PolicyToken.Coalesce => BinaryOperator.Coalesce,
            PolicyToken.And => BinaryOperator.And,
            PolicyToken.Or => BinaryOperator.Or,
            _ => throw new InvalidOperationException(op.Kind.ToString()),
        }, left, right, SpanOf(op));

    private static readonly TokenListParser<PolicyToken, Expr> Multiplicative =
        Parse.Chain(Op(PolicyToken.Star).Or(Op(PolicyToken.Slash)).Or(Op(PolicyToken.Percent)), Unary, MakeBinary);

    private static readonly TokenListParser<PolicyToken, Expr> Additive =
        Parse.Chain(Op(PolicyToken.Plus).Or(Op(PolicyToken.Minus)), Multiplicative, MakeBinary);

    private static readonly TokenListParser<PolicyToken, Expr> Coalescing =
        Parse.Chain(Op(PolicyToken.Coalesce), Additive, MakeBinary);

    private sealed record ComparisonTail(BinaryOperator? Operator, Span OperatorSpan, Expr? Right, bool IsNegated, Token<PolicyToken>? Outcome);

    private static readonly TokenListParser<PolicyToken, (BinaryOperator, Span)> ComparisonOperator =
        Op(PolicyToken.Equal).Select(t => (BinaryOperator.Equal, SpanOf(t)))
            .Or(Op(PolicyToken.NotEqual).Select(t => (BinaryOperator.NotEqual, SpanOf(t))))
            .Or(Op(PolicyToken.LessOrEqual).Select(t => (BinaryOperator.LessOrEqual, SpanOf(t))))
            .Or(Op(PolicyToken.Less).Select(t => (BinaryOperator.Less, SpanOf(t))))
            .Or(Op(PolicyToken.GreaterOrEqual).Select(t => (BinaryOperator.GreaterOrEqual, SpanOf(t))))
            .Or(Op(PolicyToken.Greater).Select(t => (BinaryOperator.Greater, SpanOf(t))))
            .Or(Op(PolicyToken.In).Select(t => (BinaryOperator.In, SpanOf(t))))
            .Or(Op(PolicyToken.Matches).Select(t => (BinaryOperator.Matches, SpanOf(t))))
            .Or((from not in Op(PolicyToken.Not)
                 from @in in Op(PolicyToken.In)
                 select (BinaryOperator.NotIn, SpanOf(not, @in))).Try());

    private static readonly TokenListParser<PolicyToken, Token<PolicyToken>> OutcomeName =
        Token.Matching<PolicyToken>(k => k is PolicyToken.Identifier or PolicyToken.HyphenatedName, "outcome (pass, fail, unknown, not_applicable, error, waived)");

    private static readonly TokenListParser<PolicyToken, ComparisonTail> ComparisonSuffix =
        (from op in ComparisonOperator
         from right in Coalescing
         select new ComparisonTail(op.Item1, op.Item2, right, false, null))
        .Or(from @is in Op(PolicyToken.Is)
            from not in Op(PolicyToken.Not).OptionalOrDefault()
            from outcome in OutcomeName
            select new ComparisonTail(null, SpanOf(@is), null, not.HasValue, outcome));

    private static readonly TokenListParser<PolicyToken, Expr> Comparison =
        from left in Coalescing
        from tail in ComparisonSuffix.Select(t => (ComparisonTail?)t).OptionalOrDefault()
        select tail is null
            ? left
            : tail.Operator is { } op
                ? new BinaryExpr(left.Span.Union(tail.Right!.Span), op, left, tail.Right, tail.OperatorSpan)
                : (Expr)new IsExpr(left.Span.Union(SpanOf(tail.Outcome!.Value)), left, tail.IsNegated,
                    tail.Outcome!.Value.ToStringValue(), SpanOf(tail.Outcome!.Value));

    private static readonly TokenListParser<PolicyToken, Expr> Negation =
        from nots in Op(PolicyToken.Not).Many()
        from operand in Comparison
        select nots.Reverse().Aggregate(operand, (e, t) => (Expr)new UnaryExpr(SpanOf(t).Union(e.Span), UnaryOperator.Not, e));

    private static readonly TokenListParser<PolicyToken, Expr> Conjunction =
        Parse.Chain(Op(PolicyToken.And), Negation, MakeBinary);

    private static readonly TokenListParser<PolicyToken, Expr> Disjunction =
        Parse.Chain(Op(PolicyToken.Or), Conjunction, MakeBinary);

    private static readonly TokenListParser<PolicyToken, Expr> Implication =
        from left in Disjunction
        from rest in (from op in Op(PolicyToken.Implies)
                      from right in Parse.Ref(() => Implication!)
                      select (op, right)).OptionalOrDefault()
        select rest.right is null ? left : new BinaryExpr(left.Span.Union(rest.right.Span), BinaryOperator.Implies, left, rest.right, SpanOf(rest.op));

    public static readonly TokenListParser<PolicyToken, Expr> Expression = Implication.Named("expression");
}

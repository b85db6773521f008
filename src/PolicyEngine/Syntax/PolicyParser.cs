using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax.Ast;
using PolicyEngine.Text;
using Superpower;
using Superpower.Model;
using static PolicyEngine.Syntax.ExpressionParsers;
using Span = PolicyEngine.Text.TextSpan;

namespace PolicyEngine.Syntax;

/// <summary>
/// Drives the grammar over a file. The token stream is cut into pieces at the keywords that begin a
/// member, clause, arm or step (at brace depth 0, not after a dot); each piece is parsed on its own, so
/// one run reports every independent error. Nesting is checked before a piece is parsed, so deep input
/// gets PE0004 instead of exhausting the stack.
/// </summary>
internal sealed class PolicyParser
{
    private static readonly HashSet<PolicyToken> MemberStarts =
    [
        PolicyToken.Import, PolicyToken.Let, PolicyToken.Fn, PolicyToken.Table, PolicyToken.Rule,
        PolicyToken.Classify, PolicyToken.Score, PolicyToken.Test,
    ];

    private static readonly HashSet<PolicyToken> ClauseStarts =
    [
        PolicyToken.Severity, PolicyToken.Category, PolicyToken.Tags, PolicyToken.Cite, PolicyToken.When,
        PolicyToken.Unless, PolicyToken.Require, PolicyToken.Because, PolicyToken.Remedy, PolicyToken.Message,
    ];

    private static readonly HashSet<PolicyToken> StepStarts = [PolicyToken.Given, PolicyToken.Set, PolicyToken.Unset, PolicyToken.Expect];

    private readonly SourceText _source;
    private readonly Limits _limits;
    private readonly List<Diagnostic> _diagnostics = new();
    private readonly List<Token<PolicyToken>> _comments = new();
    private Token<PolicyToken>[] _tokens = [];

    public PolicyParser(SourceText source, Limits limits)
    {
        _source = source;
        _limits = limits;
    }

    public SyntaxTree Parse()
    {
        _tokens = Clean(PolicyTokenizer.Instance.TokenizeAll(_source.Text));
        var root = ParseDeclaration();
        return new SyntaxTree(_source, root, _comments, _diagnostics);
    }

    public (Expr?, IReadOnlyList<Diagnostic>) ParseExpressionOnly()
    {
        _tokens = Clean(PolicyTokenizer.Instance.TokenizeAll(_source.Text));
        if (_tokens.Length == 0)
        {
            ReportSyntax(new Span(0, 0), "expected an expression");
            return (null, _diagnostics);
        }
        var expr = ParseAll(ExpressionParsers.Expression, 0, _tokens.Length);
        if (expr is not null)
        {
            var (depth, deepest) = Depth(expr);
            if (depth > _limits.MaxExpressionDepth) Report(DiagnosticDescriptors.NestingTooDeep, deepest.Span, _limits.MaxExpressionDepth);
        }
        return (expr, _diagnostics);
    }

    private void Report(DiagnosticDescriptor descriptor, Span span, params object?[] args) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, _source.Location(span), args));

    /// <summary>Reports malformed tokens and removes comments and stray characters from the stream.</summary>
    private Token<PolicyToken>[] Clean(Token<PolicyToken>[] tokens)
    {
        var result = new List<Token<PolicyToken>>(tokens.Length);
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case PolicyToken.Comment:
                    _comments.Add(token);
                    break;
                case PolicyToken.BadCharacter:
                    Report(DiagnosticDescriptors.UnexpectedCharacter, SpanOf(token), token.ToStringValue());
                    break;
                case PolicyToken.UnterminatedComment:
                    Report(DiagnosticDescriptors.UnterminatedComment, new Span(token.Span.Position.Absolute, 2));
                    break;
                case PolicyToken.UnterminatedScript:
                    Report(DiagnosticDescriptors.UnterminatedScript, new Span(token.Span.Position.Absolute, 1));
                    break;
                case PolicyToken.UnterminatedString:
                    Report(DiagnosticDescriptors.UnterminatedString, SpanOf(token));
                    // Read on as if the string were closed at the end of the line.
                    result.Add(new Token<PolicyToken>(PolicyToken.String, token.Span));
                    break;
                default:
                    result.Add(token);
                    break;
            }
        }
        return result.ToArray();
    }

    private PolicyDeclaration? ParseDeclaration()
    {
        var i = 0;
        if (_tokens.Length == 0 || _tokens[0].Kind is not (PolicyToken.Policy or PolicyToken.Library))
        {
            var span = _tokens.Length == 0 ? new Span(0, 0) : SpanOf(_tokens[0]);
            Report(DiagnosticDescriptors.MissingDeclaration, span);
            return null;
        }

        var keyword = _tokens[i++];
        var kind = keyword.Kind == PolicyToken.Policy ? DeclarationKind.Policy : DeclarationKind.Library;
        var headerEnd = Array.FindIndex(_tokens, t => t.Kind == PolicyToken.LBrace);
        if (headerEnd < 0)
        {
            ReportSyntax(SpanAfter(_tokens.Length - 1), "expected `{` to open the " + (kind == DeclarationKind.Policy ? "policy" : "library"));
            return null;
        }

        if (headerEnd == 1)
        {
            ReportSyntax(SpanOf(_tokens[1]), $"expected a name after `{keyword.ToStringValue()}`, e.g. {keyword.ToStringValue()} eu-ai-act \"EU AI Act\" {{");
        }
        var header = ParseAll(
            from declarationId in DeclarationParsers.DeclarationId
            from title in ExpressionParsers.OptionalString
            select (id: declarationId, title), 1, headerEnd);
        var id = header.id ?? new Identifier("<missing>", SpanOf(keyword));

        var bodyEnd = MatchingBrace(headerEnd);
        if (bodyEnd == _tokens.Length)
        {
            ReportSyntax(SpanAfter(_tokens.Length - 1), "expected `}` to close the " + (kind == DeclarationKind.Policy ? "policy" : "library") + $" '{id.Name}'");
        }
        else if (bodyEnd + 1 < _tokens.Length)
        {
            ReportSyntax(SpanOf(_tokens[bodyEnd + 1]), $"unexpected {Describe(_tokens[bodyEnd + 1])} after the end of '{id.Name}'; a file holds one declaration");
        }

        var members = new List<Member>();
        foreach (var (start, end) in Pieces(headerEnd + 1, bodyEnd, IsMemberStart))
        {
            if (ParseMember(start, end) is { } member) members.Add(member);
        }

        var last = bodyEnd < _tokens.Length ? _tokens[bodyEnd] : _tokens[^1];
        return new PolicyDeclaration(SpanOf(keyword, last), kind, id, header.title, members);
    }

    private bool IsMemberStart(int i) =>
        MemberStarts.Contains(_tokens[i].Kind) && !AfterDot(i) ||
        _tokens[i].Kind == PolicyToken.Identifier && i + 1 < _tokens.Length && _tokens[i + 1].Kind == PolicyToken.String && !AfterDot(i) &&
        !(i > 0 && MemberStarts.Contains(_tokens[i - 1].Kind));

    private bool AfterDot(int i) => i > 0 && _tokens[i - 1].Kind == PolicyToken.Dot;

    private Member? ParseMember(int start, int end)
    {
        var first = _tokens[start];
        switch (first.Kind)
        {
            case PolicyToken.Rule: return ParseRule(start, end);
            case PolicyToken.Classify: return ParseClassify(start, end);
            case PolicyToken.Test: return ParseTest(start, end);
            case PolicyToken.Import: return ParseAll(DeclarationParsers.Import, start, end);
            case PolicyToken.Let: return ParseAll(DeclarationParsers.Let, start, end);
            case PolicyToken.Fn: return ParseAll(DeclarationParsers.Function, start, end);
            case PolicyToken.Table: return ParseAll(DeclarationParsers.Table, start, end);
            case PolicyToken.Score: return ParseAll(DeclarationParsers.Score, start, end);
            case PolicyToken.Identifier: return ParseAll(DeclarationParsers.Metadata, start, end);
            default:
                ReportSyntax(SpanOf(first), $"unexpected {Describe(first)}, expected a declaration (rule, let, fn, table, import, classify, score, test, or a metadata entry such as version \"…\")");
                return null;
        }
    }

    private RuleMember? ParseRule(int start, int end)
    {
        var open = FindOpenBrace(start, end);
        var header = ParseAll(DeclarationParsers.RuleHeader, start, open + 1);
        if (header.Id is null) return null;
        var close = MatchingBrace(open);
        var clauses = new List<RuleClause>();
        var errorsBefore = _diagnostics.Count;
        foreach (var (s, e) in Pieces(open + 1, Math.Min(close, end), i => ClauseStarts.Contains(_tokens[i].Kind) && !AfterDot(i)))
        {
            if (_tokens[s].Kind == PolicyToken.Message)
            {
                var message = ParseAll(DeclarationParsers.MessageClause, s, e);
                if (message.Text.HasValue)
                {
                    var template = ParseTemplate(message.Text);
                    clauses.Add(new RuleClause(SpanOf(message.Keyword).Union(template.Span), ClauseKind.Message, template));
                }
                continue;
            }
            if (ParseAll(DeclarationParsers.Clause, s, e) is { } clause) clauses.Add(clause);
        }
        var clauseErrors = _diagnostics.Count > errorsBefore;
        CheckClosed(close, end, $"rule '{header.Id.Name}'");
        return new RuleMember(SpanOf(_tokens[start], _tokens[Math.Min(close, end) - (close >= end ? 1 : 0)]), header.Id, header.Title, clauses)
        {
            HasSyntaxErrors = clauseErrors,
        };
    }

    private ClassifyMember? ParseClassify(int start, int end)
    {
        var open = FindOpenBrace(start, end);
        var header = ParseAll(DeclarationParsers.ClassifyHeader, start, open + 1);
        if (header.Name is null) return null;
        var close = MatchingBrace(open);
        var arms = new List<ClassifyArm>();
        foreach (var (s, e) in Pieces(open + 1, Math.Min(close, end), IsArmStart))
        {
            if (ParseAll(DeclarationParsers.Arm, s, e) is { } arm) arms.Add(arm);
        }
        CheckClosed(close, end, $"classification '{header.Name.Name}'");
        return new ClassifyMember(SpanOf(_tokens[start], _tokens[Math.Min(close, end) - (close >= end ? 1 : 0)]), header.Name, header.Title, arms);
    }

    private bool IsArmStart(int i) =>
        _tokens[i].Kind == PolicyToken.Otherwise ||
        _tokens[i].Kind == PolicyToken.String && i + 1 < _tokens.Length && _tokens[i + 1].Kind == PolicyToken.When;

    private TestMember? ParseTest(int start, int end)
    {
        var open = FindOpenBrace(start, end);
        var header = ParseAll(DeclarationParsers.TestHeader, start, open + 1);
        if (header.Name is null) return null;
        var close = MatchingBrace(open);
        var steps = new List<TestStep>();
        foreach (var (s, e) in Pieces(open + 1, Math.Min(close, end), i => StepStarts.Contains(_tokens[i].Kind) && !AfterDot(i)))
        {
            if (ParseAll(DeclarationParsers.Step, s, e) is { } step) steps.Add(step);
        }
        CheckClosed(close, end, $"test \"{header.Name.Value}\"");
        return new TestMember(SpanOf(_tokens[start], _tokens[Math.Min(close, end) - (close >= end ? 1 : 0)]), header.Name, steps);
    }

    private void CheckClosed(int close, int end, string what)
    {
        if (close >= end) ReportSyntax(SpanAfter(end - 1), $"expected `}}` to close {what}");
        else if (close + 1 < end) ReportSyntax(SpanOf(_tokens[close + 1]), $"unexpected {Describe(_tokens[close + 1])} after the end of {what}");
    }

    /// <summary>The index of the first `{` in the piece, or the piece's end if there is none.</summary>
    private int FindOpenBrace(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (_tokens[i].Kind == PolicyToken.LBrace) return i;
        }
        return end - 1;
    }

    private int MatchingBrace(int open)
    {
        var depth = 0;
        for (var i = open; i < _tokens.Length; i++)
        {
            if (_tokens[i].Kind == PolicyToken.LBrace) depth++;
            else if (_tokens[i].Kind == PolicyToken.RBrace && --depth == 0) return i;
        }
        return _tokens.Length;
    }

    /// <summary>Cuts [start, end) into pieces, each beginning at a token for which isStart holds at brace depth 0.</summary>
    private IEnumerable<(int Start, int End)> Pieces(int start, int end, Func<int, bool> isStart)
    {
        var pieceStart = start;
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            var kind = _tokens[i].Kind;
            if (kind == PolicyToken.LBrace) depth++;
            else if (kind == PolicyToken.RBrace) depth = Math.Max(0, depth - 1);
            else if (depth == 0 && i > pieceStart && isStart(i))
            {
                yield return (pieceStart, i);
                pieceStart = i;
            }
        }
        if (pieceStart < end) yield return (pieceStart, end);
    }

    /// <summary>Parses tokens [start, end) completely with the parser, reporting the first error.</summary>
    private T? ParseAll<T>(TokenListParser<PolicyToken, T> parser, int start, int end)
    {
        if (start >= end) return default;
        if (!CheckNesting(start, end)) return default;

        var slice = new Token<PolicyToken>[end - start];
        Array.Copy(_tokens, start, slice, 0, slice.Length);
        var result = parser.AtEnd().TryParse(new TokenList<PolicyToken>(slice));
        if (result.HasValue)
        {
            if (result.Value is Member or RuleClause or ClassifyArm or TestStep) CheckTreeDepth(result.Value);
            return result.Value;
        }

        var message = result.FormatErrorMessageFragment();
        Span span;
        if (!result.Location.IsAtEnd)
        {
            var offending = result.Location.ConsumeToken().Value;
            span = SpanOf(offending);
            if (offending.Kind == PolicyToken.HyphenatedName)
            {
                Report(DiagnosticDescriptors.HyphenatedName, span, offending.ToStringValue());
                return default;
            }
        }
        else if (end < _tokens.Length)
        {
            // The piece ended where the next one begins: name that token instead of "end of input".
            span = SpanOf(_tokens[end]);
            message = message.Replace("unexpected end of input", $"unexpected {Describe(_tokens[end])}");
        }
        else
        {
            span = SpanAfter(end - 1);
            message = message.Replace("end of input", "end of file");
        }
        ReportSyntax(span, message);
        return default;
    }

    /// <summary>Rejects pieces whose brackets or quantifiers nest deeper than the limit, before any recursion.</summary>
    private bool CheckNesting(int start, int end)
    {
        // A quantifier's body runs to the end of the bracket it stands in, so it stays open until that closes.
        // So does the right side of 'implies' (it is right-associative): a chain of them nests, and the parser would
        // recurse once per link — a hundred thousand links overflowed even the large stack. Links are counted against
        // the expression-depth limit, which such a chain would break anyway once parsed.
        var depth = 0;
        var quantifiers = new Stack<int>();
        var implications = new Stack<int>();
        for (var i = start; i < end; i++)
        {
            switch (_tokens[i].Kind)
            {
                case PolicyToken.LParen or PolicyToken.LBracket: depth++; break;
                case PolicyToken.RParen or PolicyToken.RBracket:
                    depth = Math.Max(0, depth - 1);
                    while (quantifiers.Count > 0 && quantifiers.Peek() > depth) quantifiers.Pop();
                    while (implications.Count > 0 && implications.Peek() > depth) implications.Pop();
                    continue;
                case PolicyToken.Any or PolicyToken.All or PolicyToken.NoneOf: quantifiers.Push(depth); break;
                case PolicyToken.Implies:
                    implications.Push(depth);
                    if (implications.Count + depth > _limits.MaxExpressionDepth)
                    {
                        Report(DiagnosticDescriptors.NestingTooDeep, SpanOf(_tokens[i]), _limits.MaxExpressionDepth);
                        return false;
                    }
                    continue;
                default: continue;
            }
            if (depth + quantifiers.Count > _limits.MaxNestingDepth)
            {
                Report(DiagnosticDescriptors.NestingTooDeep, SpanOf(_tokens[i]), _limits.MaxNestingDepth);
                return false;
            }
        }
        return true;
    }

    private void CheckTreeDepth(object node)
    {
        foreach (var expr in ExpressionsOf(node))
        {
            var (depth, deepest) = Depth(expr);
            if (depth > _limits.MaxExpressionDepth)
            {
                Report(DiagnosticDescriptors.NestingTooDeep, deepest.Span, _limits.MaxExpressionDepth);
            }
        }
    }

    private static IEnumerable<Expr> ExpressionsOf(object node) => node switch
    {
        LetMember l => [l.Value],
        FunctionMember f => [f.Body],
        ScoreMember s => [s.Value],
        RuleClause { Value: Expr e } => [e],
        ClassifyArm { Condition: { } c } => [c],
        TestStep t => new[] { t.Path, t.Value }.Where(e => e is not null).Cast<Expr>(),
        _ => [],
    };

    /// <summary>Depth of an expression tree, computed without recursion.</summary>
    internal static (int Depth, Expr Deepest) Depth(Expr root)
    {
        var max = 0;
        var deepest = root;
        var stack = new Stack<(Expr, int)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > max) { max = depth; deepest = node; }
            foreach (var child in node.Children) stack.Push((child, depth + 1));
        }
        return (max, deepest);
    }

    private TemplateExpr ParseTemplate(Token<PolicyToken> token)
    {
        var raw = token.ToStringValue();
        var offset = token.Span.Position.Absolute;
        var parts = new List<object>();
        var text = new System.Text.StringBuilder();
        var closed = raw.Length >= 2 && raw[^1] == '"';
        var last = closed ? raw.Length - 1 : raw.Length;
        var i = 1;
        while (i < last)
        {
            var ch = raw[i];
            if (ch == '{' && i + 1 < last && raw[i + 1] == '{') { text.Append('{'); i += 2; continue; }
            if (ch == '}' && i + 1 < last && raw[i + 1] == '}') { text.Append('}'); i += 2; continue; }
            if (ch == '{')
            {
                var close = raw.IndexOf('}', i + 1);
                if (close < 0 || close >= last)
                {
                    Report(DiagnosticDescriptors.UnterminatedInterpolation, new Span(offset + i, 1));
                    break;
                }
                if (text.Length > 0) { parts.Add(StringUnescaper.Unescape("\"" + text + "\"")); text.Clear(); }
                var holeTokens = PolicyTokenizer.Instance.TokenizeRange(_source.Text, offset + i + 1, close - i - 1)
                    .Where(t => t.Kind != PolicyToken.Comment).ToArray();
                var result = holeTokens.Length == 0 ? default : Expression.AtEnd().TryParse(new TokenList<PolicyToken>(holeTokens));
                if (result.HasValue) parts.Add(result.Value);
                else
                {
                    ReportSyntax(new Span(offset + i, close - i + 1), holeTokens.Length == 0 ? "empty interpolation `{}`" : result.FormatErrorMessageFragment());
                    parts.Add(new ErrorExpr(new Span(offset + i, close - i + 1)));
                }
                i = close + 1;
                continue;
            }
            if (ch == '\\' && i + 1 < last) { text.Append(ch).Append(raw[i + 1]); i += 2; continue; }
            text.Append(ch);
            i++;
        }
        if (text.Length > 0) parts.Add(StringUnescaper.Unescape("\"" + text + "\""));
        return new TemplateExpr(SpanOf(token), parts);
    }

    private void ReportSyntax(Span span, string message) => Report(DiagnosticDescriptors.SyntaxError, span, message);

    private Span SpanAfter(int index) => index < 0 ? new Span(0, 0) : DeclarationParsers.End(_tokens[index]);

    private static string Describe(Token<PolicyToken> token) =>
        token.Kind switch
        {
            PolicyToken.Identifier => $"name `{token.ToStringValue()}`",
            PolicyToken.String => $"string {token.ToStringValue()}",
            PolicyToken.Number => $"number `{token.ToStringValue()}`",
            _ => $"`{token.ToStringValue()}`",
        };
}

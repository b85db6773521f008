using System.Text;
using PolicyEngine.Syntax.Ast;
using PolicyEngine.Text;

namespace PolicyEngine.Syntax.Formatting;

/// <summary>
/// One run of <see cref="PolicyFormatter"/> over one file. The file is read as a stream of tokens, comments
/// included; the syntax tree says what each token is (the start of a member, a clause, an arm or a step, a
/// value to line up, a token inside an expression). The output is the same tokens in the same order, and
/// the run only decides the white space before each: a new line with some indentation (and perhaps a
/// blank line before it), or some spaces.
/// </summary>
internal sealed class FormatterRun
{
    private const int MemberIndent = 2;
    private const int BodyIndent = 4;

    /// <summary>Where a clause's value starts, after the keyword: the longest keywords (severity,
    /// category) and one space.</summary>
    private const int ClauseValueOffset = 9;

    private readonly Tok[] _t;
    private readonly Dictionary<int, int> _byStart = new();
    private readonly Dictionary<int, int> _byEnd = new();
    private readonly PolicyDeclaration _root;

    // What each token is; indexed like _t.
    private readonly int?[] _lineIndent;      // starts a line of the structure, at this indentation
    private readonly int?[] _padTo;           // on its line, starts in this column (clause values, arm `when`s)
    private readonly int?[] _alignTo;         // the same, for aligned runs of lets and metadata entries
    private readonly bool[] _breakAllowed;    // a line break the author put before it is kept
    private readonly bool[] _blockOpen;       // a `{` that opens a block
    private readonly bool[] _forceBlank;      // a blank line goes before it
    private readonly Unit?[] _unit;           // the member, clause, arm or step it is part of
    private readonly Dictionary<int, int> _forcedBreak = new();   // long lines: break before it, at this indentation
    private readonly int?[] _exprAlign;       // inside an expression: lined up in this column (see AlignmentGroups)

    // Where each token was written by the last Write.
    private readonly int[] _outLine;
    private readonly int[] _natural;          // the column it would start in, spaced canonically
    private readonly bool[] _firstOnLine;

    private readonly List<Unit> _members = new();
    private readonly List<Unit> _breakable = new();

    public FormatterRun(SyntaxTree tree)
    {
        _root = tree.Root ?? throw new ArgumentException("The tree has no declaration.", nameof(tree));
        _t = Lex(tree.Source.Text);
        for (var i = 0; i < _t.Length; i++)
        {
            _byStart[_t[i].Start] = i;
            _byEnd[_t[i].End] = i;
        }
        _lineIndent = new int?[_t.Length];
        _padTo = new int?[_t.Length];
        _alignTo = new int?[_t.Length];
        _breakAllowed = new bool[_t.Length];
        _blockOpen = new bool[_t.Length];
        _forceBlank = new bool[_t.Length];
        _unit = new Unit?[_t.Length];
        _exprAlign = new int?[_t.Length];
        _outLine = new int[_t.Length];
        _natural = new int[_t.Length];
        _firstOnLine = new bool[_t.Length];
    }

    public string Run()
    {
        Annotate();
        PlanLongLines();
        PlanAlignment();
        return Emit();
    }

    // ---- Tokens ------------------------------------------------------------------------------------

    /// <summary>A token as the formatter sees it.</summary>
    private sealed record Tok(PolicyToken Kind, string Text, int Start, int End, int Newlines, int Column, int SourceLine, bool AfterDot)
    {
        public bool IsComment => Kind == PolicyToken.Comment;
        public bool IsLineComment => IsComment && Text.StartsWith("//", StringComparison.Ordinal);
        public int Width => Text.Length;
    }

    private static Tok[] Lex(string text)
    {
        var raw = PolicyTokenizer.Instance.TokenizeAll(text);
        var result = new Tok[raw.Length];
        var previousEnd = 0;
        var sourceLine = 0;
        PolicyToken? previousCode = null;
        for (var i = 0; i < raw.Length; i++)
        {
            var start = raw[i].Span.Position.Absolute;
            var end = start + raw[i].Span.Length;
            var kind = raw[i].Kind;
            var value = raw[i].ToStringValue();
            if (kind == PolicyToken.Comment) value = CommentText(value);
            var newlines = CountNewlines(text, previousEnd, start);
            sourceLine += newlines;
            result[i] = new Tok(kind, value, start, end, newlines, Column(text, start), sourceLine, previousCode == PolicyToken.Dot);
            sourceLine += CountNewlines(text, start, end);
            previousEnd = end;
            if (kind != PolicyToken.Comment) previousCode = kind;
        }
        return result;
    }

    /// <summary>A comment as it is written back: line endings normalised, no white space at line ends.</summary>
    internal static string CommentText(string comment)
    {
        var lines = comment.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        return string.Join("\n", lines.Select(l => l.TrimEnd()));
    }

    private static int CountNewlines(string text, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i++)
        {
            if (text[i] == '\n' || text[i] == '\r' && (i + 1 >= to || text[i + 1] != '\n')) count++;
        }
        return count;
    }

    private static int Column(string text, int position)
    {
        var lineStart = position;
        while (lineStart > 0 && text[lineStart - 1] != '\n' && text[lineStart - 1] != '\r') lineStart--;
        var column = 0;
        for (var i = lineStart; i < position; i++) column = text[i] == '\t' ? (column / 4 + 1) * 4 : column + 1;
        return column;
    }

    private int First(SyntaxNode node) => First(node.Span);
    private int First(TextSpan span) => _byStart[span.Start];
    private int Last(SyntaxNode node) => Last(node.Span);
    private int Last(TextSpan span) => _byEnd[span.End];

    private static int NextCode(Tok[] t, int i)
    {
        for (var k = i + 1; k < t.Length; k++) if (!t[k].IsComment) return k;
        return -1;
    }

    private static int PreviousCode(Tok[] t, int i)
    {
        for (var k = i - 1; k >= 0; k--) if (!t[k].IsComment) return k;
        return -1;
    }

    private int NextOfKind(int i, PolicyToken kind)
    {
        for (var k = i + 1; k < _t.Length; k++) if (_t[k].Kind == kind) return k;
        throw new InvalidOperationException($"No {kind} after token {i}.");
    }

    // ---- What each token is ------------------------------------------------------------------------

    private enum UnitKind { Header, Member, Clause, Arm, Step }

    /// <summary>A member, clause, arm or test step: one line of the structure, perhaps continued.</summary>
    private sealed class Unit
    {
        public Unit(UnitKind kind, int first, int last, int indent)
        {
            Kind = kind;
            First = first;
            Last = last;
            Indent = indent;
        }

        public UnitKind Kind { get; }
        public int First { get; }
        public int Last { get; }
        public int Indent { get; }
        public Member? Member { get; init; }

        /// <summary>The first token of the value (what follows the keyword, label or `=`), or -1.</summary>
        public int Value { get; set; } = -1;

        /// <summary>For let, fn and score: the `=`.</summary>
        public int Assign { get; set; } = -1;

        /// <summary>The expression a long line is broken in, for the units that may be broken.</summary>
        public Expr? BreakableExpression { get; set; }

        // Filled in while the output is written.
        public int OutputLine { get; set; } = -1;
        public int? OutputValueColumn { get; set; }
    }

    private void Annotate()
    {
        var first = First(_root);
        var last = Last(_root);
        var open = NextOfKind(first, PolicyToken.LBrace);
        _lineIndent[first] = 0;
        Assign(new Unit(UnitKind.Header, first, open, 0));
        Block(open, last, 0);

        foreach (var member in _root.Members)
        {
            var unit = new Unit(UnitKind.Member, First(member), Last(member), MemberIndent) { Member = member };
            _members.Add(unit);
            _lineIndent[unit.First] = MemberIndent;
            Assign(unit);
            switch (member)
            {
                case MetadataMember m: unit.Value = First(m.Value.Span); break;
                case ImportMember m: unit.Value = First(m.Path.Span); break;
                case TableMember: unit.Value = NextCode(_t, unit.First); break;
                case LetMember m: MemberValue(unit, m.Value); break;
                case FunctionMember m: MemberValue(unit, m.Body); break;
                case ScoreMember m: MemberValue(unit, m.Value); break;
                case RuleMember rule:
                    Block(NextOfKind(unit.First, PolicyToken.LBrace), unit.Last, MemberIndent);
                    foreach (var clause in rule.Clauses) Clause(clause);
                    break;
                case ClassifyMember classify:
                    Block(NextOfKind(unit.First, PolicyToken.LBrace), unit.Last, MemberIndent);
                    var labelWidth = classify.Arms.Where(a => a.Condition is not null).Select(a => _t[First(a.Label.Span)].Width).DefaultIfEmpty(0).Max();
                    foreach (var arm in classify.Arms) Arm(arm, labelWidth);
                    break;
                case TestMember test:
                    Block(NextOfKind(unit.First, PolicyToken.LBrace), unit.Last, MemberIndent);
                    foreach (var step in test.Steps) Step(step);
                    break;
            }
        }

        // A rule, classification or test is set off from the members beside it by a blank line.
        for (var m = 1; m < _members.Count; m++)
        {
            if (!IsBlock(_members[m - 1].Member) && !IsBlock(_members[m].Member)) continue;
            var k = _members[m - 1].Last + 1;
            while (k < _members[m].First && _t[k].Newlines == 0) k++;
            _forceBlank[k] = true;
        }
    }

    private static bool IsBlock(Member? member) => member is RuleMember or ClassifyMember or TestMember;

    private void Assign(Unit unit)
    {
        for (var k = unit.First; k <= unit.Last; k++) _unit[k] = unit;
    }

    /// <summary>Marks a block's braces: the `{` opens it, the `}` goes on its own line unless the block is empty.</summary>
    private void Block(int open, int close, int indent)
    {
        _blockOpen[open] = true;
        if (close != open + 1) _lineIndent[close] = indent;
    }

    /// <summary>A let, fn or score: the value may go on the next line, and its expression keeps line breaks.</summary>
    private void MemberValue(Unit unit, Expr value)
    {
        unit.Value = First(value);
        unit.Assign = PreviousCode(_t, unit.Value);
        unit.BreakableExpression = value;
        _breakAllowed[unit.Value] = true;
        Expression(value);
        _breakable.Add(unit);
    }

    /// <summary>Line breaks the author put inside an expression are kept.</summary>
    private void Expression(Expr expression)
    {
        for (var k = First(expression) + 1; k <= Last(expression); k++) _breakAllowed[k] = true;
    }

    private Unit Body(SyntaxNode node, UnitKind kind)
    {
        var unit = new Unit(kind, First(node), Last(node), BodyIndent);
        _lineIndent[unit.First] = BodyIndent;
        Assign(unit);
        return unit;
    }

    private void Clause(RuleClause clause)
    {
        var unit = Body(clause, UnitKind.Clause);
        unit.Value = NextCode(_t, unit.First);
        _padTo[unit.Value] = BodyIndent + ClauseValueOffset;
        if (clause.Value is Expr expression)
        {
            Expression(expression);
            if (clause.Kind is ClauseKind.When or ClauseKind.Unless or ClauseKind.Require)
            {
                unit.BreakableExpression = expression;
                _breakable.Add(unit);
            }
        }
        else if (clause.Value is TemplateExpr)
        {
            var template = _t[unit.Value];
            _t[unit.Value] = template with { Text = NormaliseTemplate(template.Text) };
        }
    }

    private void Arm(ClassifyArm arm, int labelWidth)
    {
        var unit = Body(arm, UnitKind.Arm);
        if (arm.Condition is null)
        {
            unit.Value = First(arm.Label.Span);
            return;
        }
        _padTo[NextCode(_t, unit.First)] = BodyIndent + labelWidth + 1;
        unit.Value = First(arm.Condition);
        unit.BreakableExpression = arm.Condition;
        Expression(arm.Condition);
        _breakable.Add(unit);
    }

    private void Step(TestStep step)
    {
        var unit = Body(step, UnitKind.Step);
        unit.Value = NextCode(_t, unit.First);
        if (step.Path is not null) Expression(step.Path);
        if (step.Value is not null) Expression(step.Value);
    }

    // ---- Long lines and alignment ------------------------------------------------------------------

    /// <summary>A line break before token k that the output keeps (so the unit spans more than one line).</summary>
    private bool KeptBreak(int k) =>
        _t[k].Newlines > 0 && (_breakAllowed[k] || _t[k].IsComment || _lineIndent[k] is not null) ||
        k > 0 && _t[k - 1].IsLineComment;

    /// <summary>True when the unit is written on one line, with no comment inside.</summary>
    private bool OneLine(Unit unit) => OneLine(unit.First, unit.Last);

    /// <summary>True when tokens [from, to] are written on one line, with no comment among them.</summary>
    private bool OneLine(int from, int to)
    {
        for (var k = from + 1; k <= to; k++)
        {
            if (KeptBreak(k) || _t[k].IsComment || _forcedBreak.ContainsKey(k)) return false;
        }
        return !_t[from].IsComment;
    }

    /// <summary>The column after tokens [from, to] written on one line from column start (alignment aside).</summary>
    private int Width(int from, int to, int start)
    {
        var column = start;
        for (var k = from; k <= to; k++)
        {
            if (k > from) column += _padTo[k] is { } target ? Math.Max(1, target - column) : Separator(_t, k - 1, k);
            column += _t[k].Width;
        }
        return column;
    }

    private int Width(Expr expression, int start) => Width(First(expression), Last(expression), start);

    private void PlanLongLines()
    {
        foreach (var unit in _breakable)
        {
            if (!OneLine(unit) || Width(unit.First, unit.Last, unit.Indent) <= PolicyFormatter.MaxWidth) continue;
            var expression = unit.BreakableExpression!;
            var chain = Chain(expression);
            if (chain is null) continue;   // only and/or chains are broken; anything else stays on its line
            if (unit.Kind == UnitKind.Member)
            {
                // let name =
                //     first and second
                //       and more
                var valueIndent = unit.Indent + 2;
                _forcedBreak[unit.Value] = valueIndent;
                if (Width(expression, valueIndent) > PolicyFormatter.MaxWidth) Fill(chain.Value, valueIndent, valueIndent + 2);
            }
            else
            {
                // require  first and second
                //            and more
                var start = Width(unit.First, unit.Value - 1, unit.Indent) + 1;
                if (_padTo[unit.Value] is { } pad) start = Math.Max(start, pad);
                Fill(chain.Value, start, start + 2);
            }
        }
    }

    /// <summary>A top-level chain of `and` or `or`: its operands and the operators between them.</summary>
    private static (List<Expr> Operands, List<TextSpan> Operators)? Chain(Expr expression)
    {
        if (expression is not BinaryExpr { Operator: BinaryOperator.And or BinaryOperator.Or } top) return null;
        var operands = new List<Expr>();
        var operators = new List<TextSpan>();
        Expr node = top;
        while (node is BinaryExpr b && b.Operator == top.Operator)
        {
            operands.Add(b.Right);
            operators.Add(b.OperatorSpan);
            node = b.Left;
        }
        operands.Add(node);
        operands.Reverse();
        operators.Reverse();
        return (operands, operators);
    }

    /// <summary>Fills lines with the chain's operands, breaking before an operator when the next one does not fit.</summary>
    private void Fill((List<Expr> Operands, List<TextSpan> Operators) chain, int start, int indent)
    {
        var column = Width(chain.Operands[0], start);
        for (var i = 0; i < chain.Operators.Count; i++)
        {
            var op = First(chain.Operators[i]);
            var segment = _t[op].Width + 1 + (Width(chain.Operands[i + 1], 0));
            if (column + 1 + segment > PolicyFormatter.MaxWidth)
            {
                _forcedBreak[op] = indent;
                column = indent + segment;
            }
            else
            {
                column += 1 + segment;
            }
        }
    }

    /// <summary>Lines up the `=` of consecutive lets, and the values of consecutive metadata entries and
    /// imports. A blank line or another kind of member ends a run.</summary>
    private void PlanAlignment()
    {
        var run = new List<Unit>();
        for (var m = 0; m <= _members.Count; m++)
        {
            var unit = m < _members.Count ? _members[m] : null;
            var kind = unit is null ? 0 : AlignmentKind(unit);
            if (run.Count > 0 && (kind == 0 || kind != AlignmentKind(run[0]) || BlankBetween(run[^1], unit!)))
            {
                Align(run);
                run.Clear();
            }
            if (kind != 0) run.Add(unit!);
        }
    }

    private int AlignmentKind(Unit unit) => unit.Member switch
    {
        LetMember when OneLine(unit.First, unit.Assign) => 1,
        MetadataMember or ImportMember when OneLine(unit.First, unit.Last) => 2,
        _ => 0,
    };

    private bool BlankBetween(Unit before, Unit after)
    {
        for (var k = before.Last + 1; k <= after.First; k++)
        {
            if (_t[k].Newlines > 1 || _forceBlank[k]) return true;
        }
        return false;
    }

    private void Align(List<Unit> run)
    {
        if (run.Count < 2) return;
        if (run[0].Member is LetMember)
        {
            var column = run.Max(u => Width(u.First, u.Assign - 1, u.Indent)) + 1;
            foreach (var unit in run) _alignTo[unit.Assign] = column;
        }
        else
        {
            var column = run.Max(u => Width(u.First, u.Value - 1, u.Indent)) + 1;
            foreach (var unit in run) _alignTo[unit.Value] = column;
        }
    }

    // ---- Spacing -----------------------------------------------------------------------------------

    /// <summary>Spaces between two tokens on one line, as <see cref="Expr.ToString"/> spaces them.</summary>
    private static int Separator(Tok[] t, int a, int b)
    {
        var left = t[a];
        var right = t[b];
        if (left.IsComment || right.IsComment)
        {
            if (right.IsComment && !right.IsLineComment && left.Kind is PolicyToken.LParen or PolicyToken.LBracket) return 0;
            if (left.IsComment && right.Kind is PolicyToken.RParen or PolicyToken.RBracket or PolicyToken.Comma) return 0;
            return 1;
        }
        if (left.Kind == PolicyToken.LBrace && right.Kind == PolicyToken.RBrace) return 0;
        if (right.Kind is PolicyToken.RParen or PolicyToken.RBracket or PolicyToken.Comma or PolicyToken.Dot or PolicyToken.Colon) return 0;
        if (left.Kind is PolicyToken.LParen or PolicyToken.LBracket or PolicyToken.Dot) return 0;
        if (left.Kind == PolicyToken.Minus && !IsValueEnd(t, PreviousCode(t, a))) return 0;   // unary minus
        if (right.Kind == PolicyToken.LParen && left.Kind is PolicyToken.Identifier or PolicyToken.Days && !left.AfterDot) return 0;   // a call
        if (right.Kind == PolicyToken.LBracket && IsValueEnd(t, a)) return 0;   // an index
        return 1;
    }

    /// <summary>True when the token ends an operand, so that a following `-` subtracts and a `[` indexes.</summary>
    private static bool IsValueEnd(Tok[] t, int i)
    {
        if (i < 0) return false;
        var token = t[i];
        if (token.AfterDot) return true;
        return token.Kind is PolicyToken.Identifier or PolicyToken.HyphenatedName or PolicyToken.Number or PolicyToken.String
            or PolicyToken.Date or PolicyToken.True or PolicyToken.False or PolicyToken.RParen or PolicyToken.RBracket
            or PolicyToken.Days or PolicyToken.Weeks or PolicyToken.Months or PolicyToken.Years;
    }

    /// <summary>A message template with the expressions in its holes spaced canonically (holes that do not
    /// read as plain tokens are kept as written).</summary>
    internal static string NormaliseTemplate(string raw)
    {
        var closed = raw.Length >= 2 && raw[^1] == '"';
        var last = closed ? raw.Length - 1 : raw.Length;
        var sb = new StringBuilder(raw.Length).Append(raw[0]);
        var i = 1;
        while (i < last)
        {
            var ch = raw[i];
            if ((ch == '{' || ch == '}') && i + 1 < last && raw[i + 1] == ch)
            {
                sb.Append(ch).Append(ch);
                i += 2;
                continue;
            }
            if (ch == '{')
            {
                var close = raw.IndexOf('}', i + 1);
                if (close < 0 || close >= last) break;
                var hole = raw[(i + 1)..close];
                sb.Append('{').Append(NormaliseHole(hole) ?? hole).Append('}');
                i = close + 1;
                continue;
            }
            if (ch == '\\' && i + 1 < last)
            {
                sb.Append(ch).Append(raw[i + 1]);
                i += 2;
                continue;
            }
            sb.Append(ch);
            i++;
        }
        return sb.Append(raw[i..]).ToString();
    }

    private static string? NormaliseHole(string hole)
    {
        var t = Lex(hole);
        if (t.Length == 0 || t.Any(x => x.IsComment || x.Kind is PolicyToken.BadCharacter or PolicyToken.UnterminatedComment or PolicyToken.UnterminatedString))
        {
            return null;
        }
        var sb = new StringBuilder(t[0].Text);
        for (var k = 1; k < t.Length; k++) sb.Append(' ', Separator(t, k - 1, k)).Append(t[k].Text);
        return sb.ToString();
    }

    // ---- Writing -----------------------------------------------------------------------------------

    private int Continuation(Unit? unit, int k)
    {
        var column = _t[k].Column;
        if (unit is null) return column;
        var result = unit.OutputValueColumn is { } valueColumn && unit.Value >= 0 && SourceValueOnFirstLine(unit) && column >= _t[unit.Value].Column
            ? column + valueColumn - _t[unit.Value].Column
            : column + unit.Indent - _t[unit.First].Column;
        var least = unit.Indent + (_t[k].Kind is PolicyToken.RParen or PolicyToken.RBracket ? 0 : 2);
        return Math.Max(result, least);
    }

    private bool SourceValueOnFirstLine(Unit unit)
    {
        for (var k = unit.First + 1; k <= unit.Value; k++) if (_t[k].Newlines > 0) return false;
        return true;
    }

    private bool IsClosingBrace(int k) => _t[k].Kind == PolicyToken.RBrace;

    /// <summary>Writes the output; then lines up what the author lined up (see <see cref="AlignmentGroups"/>)
    /// and writes it again until the columns settle.</summary>
    private string Emit()
    {
        var text = Write();
        var groups = AlignmentGroups();
        for (var round = 0; round < 32 && groups.Count > 0; round++)
        {
            var changed = false;
            foreach (var group in groups)
            {
                var target = group.Max(k => _natural[k]);
                foreach (var k in group)
                {
                    if (_exprAlign[k] == target) continue;
                    _exprAlign[k] = target;
                    changed = true;
                }
            }
            if (!changed) break;
            text = Write();
        }
        return text;
    }

    /// <summary>
    /// Columns the author lined up inside a multi-line expression: on consecutive continuation lines of one
    /// member, clause, arm or step, tokens (not the first of their line) that start in the same column form
    /// a group, and the group is written in the column of its rightmost member. Formatted text keeps its
    /// groups, so this is stable.
    /// </summary>
    private List<List<int>> AlignmentGroups()
    {
        var lines = new Dictionary<int, (int Low, int High)>();
        for (var k = 0; k < _t.Length; k++)
        {
            var sourceLine = _t[k].SourceLine;
            var endLine = sourceLine + _t[k].Text.Count(c => c == '\n');
            lines[_outLine[k]] = lines.TryGetValue(_outLine[k], out var range)
                ? (Math.Min(range.Low, sourceLine), Math.Max(range.High, endLine))
                : (sourceLine, endLine);
        }
        bool Candidate(int k) =>
            !_t[k].IsComment && !_firstOnLine[k] && _unit[k] is { } unit && _outLine[k] != unit.OutputLine &&
            lines[_outLine[k]].Low == lines[_outLine[k]].High;

        var at = new Dictionary<(int Line, int Column), int>();
        for (var k = 0; k < _t.Length; k++)
        {
            if (Candidate(k)) at[(_outLine[k], _t[k].Column)] = k;
        }
        var parent = new Dictionary<int, int>();
        int Find(int k)
        {
            while (parent.TryGetValue(k, out var p) && p != k) k = p;
            return k;
        }
        foreach (var ((line, column), k) in at)
        {
            if (at.TryGetValue((line + 1, column), out var below) && _unit[below] == _unit[k]) parent[Find(below)] = Find(k);
        }
        return at.Values.GroupBy(Find).Where(g => g.Count() > 1).Select(g => g.OrderBy(k => k).ToList()).ToList();
    }

    private string Write()
    {
        var sb = new StringBuilder(_t.Sum(t => t.Width + 2));
        var column = 0;
        var line = 0;
        var atBlockStart = false;

        void NewLine(int indent, bool blank)
        {
            if (sb.Length == 0) return;
            sb.Append('\n');
            line++;
            if (blank)
            {
                sb.Append('\n');
                line++;
            }
            sb.Append(' ', indent);
            column = indent;
            atBlockStart = false;
        }

        for (var k = 0; k < _t.Length; k++)
        {
            var token = _t[k];
            var firstOnLine = true;
            if (k > 0)
            {
                if (_lineIndent[k] is { } indent)
                {
                    NewLine(indent, (token.Newlines > 1 || _forceBlank[k]) && !atBlockStart && !IsClosingBrace(k));
                }
                else if (token.IsComment && token.Newlines > 0)
                {
                    // A comment on its own line goes where the next line of the structure goes.
                    var blank = (token.Newlines > 1 || _forceBlank[k]) && !atBlockStart;
                    var next = NextCode(_t, k);
                    if (next < 0) NewLine(0, blank);
                    else if (_lineIndent[next] is { } nextIndent) NewLine(IsClosingBrace(next) ? nextIndent + 2 : nextIndent, blank);
                    else NewLine(Continuation(_unit[next], k), false);
                }
                else if (_forcedBreak.TryGetValue(k, out var forced))
                {
                    NewLine(forced, false);
                }
                else if (_t[k - 1].IsLineComment || token.Newlines > 0 && _breakAllowed[k])
                {
                    NewLine(Continuation(_unit[k], k), false);
                }
                else
                {
                    var separator = Separator(_t, k - 1, k);
                    _natural[k] = column + separator;
                    var spaces = (_alignTo[k] ?? _padTo[k]) is { } target ? Math.Max(1, target - column)
                        : _exprAlign[k] is { } aligned ? Math.Max(separator, aligned - column)
                        : separator;
                    sb.Append(' ', spaces);
                    column += spaces;
                    firstOnLine = false;
                }
            }
            else if (_lineIndent[k] is { } indent)
            {
                sb.Append(' ', indent);
                column = indent;
            }
            _outLine[k] = line;
            _firstOnLine[k] = firstOnLine;

            if (_unit[k] is { } unit)
            {
                if (unit.First == k) unit.OutputLine = line;
                if (unit.Value == k) unit.OutputValueColumn = unit.OutputLine == line ? column : null;
            }

            sb.Append(token.Text);
            var newline = token.Text.LastIndexOf('\n');
            if (newline >= 0)
            {
                line += token.Text.Count(c => c == '\n');
                column = token.Text.Length - newline - 1;
            }
            else
            {
                column += token.Width;
            }
            if (_blockOpen[k]) atBlockStart = true;
        }
        return sb.Append('\n').ToString();
    }
}

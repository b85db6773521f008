using System.Globalization;
using System.Text;
using PolicyEngine.Text;

namespace PolicyEngine.Syntax.Ast;

public abstract class Expr : SyntaxNode
{
    protected Expr(TextSpan span) : base(span) { }

    /// <summary>The nodes directly below this one, left to right.</summary>
    public abstract IEnumerable<Expr> Children { get; }

    /// <summary>Canonical source text of the expression.</summary>
    public abstract override string ToString();
}

public enum LiteralKind { Number, String, Boolean, Date }

public sealed class LiteralExpr : Expr
{
    public LiteralExpr(TextSpan span, LiteralKind kind, object value, string text) : base(span)
    {
        Kind = kind;
        Value = value;
        Text = text;
    }

    public LiteralKind Kind { get; }

    /// <summary>double, string, bool or DateOnly.</summary>
    public object Value { get; }

    /// <summary>The literal as written (numbers keep their spelling, e.g. <c>1e25</c>).</summary>
    public string Text { get; }

    public override IEnumerable<Expr> Children => [];

    public override string ToString() => Kind == LiteralKind.String ? Quote((string)Value) : Text;

    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var ch in value)
        {
            sb.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ => ch.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}

public enum DurationUnit { Days, Weeks, Months, Years }

/// <summary><c>180 days</c>: a number of calendar units.</summary>
public sealed class DurationExpr : Expr
{
    public DurationExpr(TextSpan span, LiteralExpr amount, DurationUnit unit) : base(span)
    {
        Amount = amount;
        Unit = unit;
    }

    public LiteralExpr Amount { get; }
    public DurationUnit Unit { get; }
    public override IEnumerable<Expr> Children => [Amount];
    public override string ToString() => $"{Amount} {Unit.ToString().ToLowerInvariant()}";
}

public sealed class ListExpr : Expr
{
    public ListExpr(TextSpan span, IReadOnlyList<Expr> items) : base(span) => Items = items;

    public IReadOnlyList<Expr> Items { get; }
    public override IEnumerable<Expr> Children => Items;
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>A simple name: a let, a parameter, a quantifier variable, a table, a schema root or a rule ID.</summary>
public sealed class NameExpr : Expr
{
    public NameExpr(TextSpan span, string name, bool hyphenated) : base(span)
    {
        Name = name;
        Hyphenated = hyphenated;
    }

    public string Name { get; }
    public bool Hyphenated { get; }
    public override IEnumerable<Expr> Children => [];
    public override string ToString() => Name;
}

/// <summary><c>target.name</c></summary>
public sealed class MemberExpr : Expr
{
    public MemberExpr(TextSpan span, Expr target, string name, TextSpan nameSpan) : base(span)
    {
        Target = target;
        Name = name;
        NameSpan = nameSpan;
    }

    public Expr Target { get; }
    public string Name { get; }
    public TextSpan NameSpan { get; }
    public override IEnumerable<Expr> Children => [Target];
    public override string ToString() => $"{Target}.{Name}";

    /// <summary>The dotted path if this is a chain of names (<c>model.training.compute_flop</c>), else null.</summary>
    public string? DottedPath => Target switch
    {
        NameExpr n => $"{n.Name}.{Name}",
        MemberExpr m when m.DottedPath is { } p => $"{p}.{Name}",
        _ => null,
    };
}

/// <summary><c>target[index]</c>: a table lookup or a list element.</summary>
public sealed class IndexExpr : Expr
{
    public IndexExpr(TextSpan span, Expr target, Expr index) : base(span)
    {
        Target = target;
        Index = index;
    }

    public Expr Target { get; }
    public Expr Index { get; }
    public override IEnumerable<Expr> Children => [Target, Index];
    public override string ToString() => $"{Target}[{Index}]";
}

public sealed class CallExpr : Expr
{
    public CallExpr(TextSpan span, string name, TextSpan nameSpan, IReadOnlyList<Expr> arguments) : base(span)
    {
        Name = name;
        NameSpan = nameSpan;
        Arguments = arguments;
    }

    public string Name { get; }
    public TextSpan NameSpan { get; }
    public IReadOnlyList<Expr> Arguments { get; }
    public override IEnumerable<Expr> Children => Arguments;
    public override string ToString() => $"{Name}({string.Join(", ", Arguments)})";
}

/// <summary>
/// <c>csharp { … }</c>: the body of a script function, C# kept verbatim. Only a function body can be a script
/// (see <see cref="FunctionMember"/>); <see cref="CodeStart"/> maps positions in <see cref="Code"/> back into the file.
/// </summary>
public sealed class ScriptExpr : Expr
{
    public ScriptExpr(TextSpan span, string language, string code, int codeStart) : base(span)
    {
        Language = language;
        Code = code;
        CodeStart = codeStart;
    }

    /// <summary>"csharp".</summary>
    public string Language { get; }

    /// <summary>The block with its braces, exactly as written.</summary>
    public string Code { get; }

    /// <summary>Offset of <see cref="Code"/>'s first character (the opening brace) in the policy file.</summary>
    public int CodeStart { get; }

    public override IEnumerable<Expr> Children => [];
    public override string ToString() => $"{Language} {Code}";
}

public enum UnaryOperator { Not, Negate }

public sealed class UnaryExpr : Expr
{
    public UnaryExpr(TextSpan span, UnaryOperator op, Expr operand) : base(span)
    {
        Operator = op;
        Operand = operand;
    }

    public UnaryOperator Operator { get; }
    public Expr Operand { get; }
    public override IEnumerable<Expr> Children => [Operand];
    public override string ToString() => Operator == UnaryOperator.Not ? $"not {Operand}" : $"-{Operand}";
}

public enum BinaryOperator
{
    Implies, Or, And,
    Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, In, NotIn, Matches,
    Coalesce, Add, Subtract, Multiply, Divide, Modulo,
}

public sealed class BinaryExpr : Expr
{
    public BinaryExpr(TextSpan span, BinaryOperator op, Expr left, Expr right, TextSpan operatorSpan) : base(span)
    {
        Operator = op;
        Left = left;
        Right = right;
        OperatorSpan = operatorSpan;
    }

    public BinaryOperator Operator { get; }
    public Expr Left { get; }
    public Expr Right { get; }
    public TextSpan OperatorSpan { get; }
    public override IEnumerable<Expr> Children => [Left, Right];
    public override string ToString() => $"{Left} {Spelling(Operator)} {Right}";

    public static string Spelling(BinaryOperator op) => op switch
    {
        BinaryOperator.Implies => "implies",
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.In => "in",
        BinaryOperator.NotIn => "not in",
        BinaryOperator.Matches => "matches",
        BinaryOperator.Coalesce => "??",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        _ => op.ToString(),
    };
}

/// <summary><c>EU-55-1a is pass</c> / <c>is not fail</c>: tests another rule's outcome.</summary>
public sealed class IsExpr : Expr
{
    public IsExpr(TextSpan span, Expr target, bool negated, string outcome, TextSpan outcomeSpan) : base(span)
    {
        Target = target;
        Negated = negated;
        Outcome = outcome;
        OutcomeSpan = outcomeSpan;
    }

    public Expr Target { get; }
    public bool Negated { get; }
    public string Outcome { get; }
    public TextSpan OutcomeSpan { get; }
    public override IEnumerable<Expr> Children => [Target];
    public override string ToString() => $"{Target} is {(Negated ? "not " : "")}{Outcome}";
}

public enum QuantifierKind { Any, All, None, Count, Sum }

/// <summary><c>any c in release.components: c.released</c>, or <c>count(c in list: cond)</c>.</summary>
public sealed class QuantifierExpr : Expr
{
    public QuantifierExpr(TextSpan span, QuantifierKind kind, string variable, TextSpan variableSpan, Expr source, Expr body) : base(span)
    {
        Kind = kind;
        Variable = variable;
        VariableSpan = variableSpan;
        Source = source;
        Body = body;
    }

    public QuantifierKind Kind { get; }
    public string Variable { get; }
    public TextSpan VariableSpan { get; }
    public Expr Source { get; }
    public Expr Body { get; }
    public override IEnumerable<Expr> Children => [Source, Body];

    public override string ToString() => Kind switch
    {
        QuantifierKind.Count => $"count({Variable} in {Source}: {Body})",
        QuantifierKind.Sum => $"sum({Variable} in {Source}: {Body})",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Variable} in {Source}: {Body}",
    };
}

public sealed class ParenExpr : Expr
{
    public ParenExpr(TextSpan span, Expr inner) : base(span) => Inner = inner;

    public Expr Inner { get; }
    public override IEnumerable<Expr> Children => [Inner];
    public override string ToString() => $"({Inner})";
}

/// <summary>Stands in for an expression that did not parse, so later stages can go on.</summary>
public sealed class ErrorExpr : Expr
{
    public ErrorExpr(TextSpan span) : base(span) { }

    public override IEnumerable<Expr> Children => [];
    public override string ToString() => "<error>";
}

/// <summary>A message with <c>{expression}</c> holes, filled with actual values when a finding is reported.</summary>
public sealed class TemplateExpr : SyntaxNode
{
    public TemplateExpr(TextSpan span, IReadOnlyList<object> parts) : base(span) => Parts = parts;

    /// <summary>Each part is a literal <see cref="string"/> or an <see cref="Expr"/>.</summary>
    public IReadOnlyList<object> Parts { get; }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var part in Parts)
        {
            if (part is string s)
            {
                sb.Append(LiteralExpr.Quote(s)[1..^1].Replace("{", "{{").Replace("}", "}}"));
            }
            else
            {
                sb.Append('{').Append(part).Append('}');
            }
        }
        return "\"" + sb + "\"";
    }
}

internal static class NumberText
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

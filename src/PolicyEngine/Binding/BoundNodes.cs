using System.Text.RegularExpressions;
using PolicyEngine.Schema;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.Binding;

/// <summary>A type-checked expression. It keeps its syntax (for spans and for printing in explanations).</summary>
public abstract class BoundExpr
{
    protected BoundExpr(Expr syntax, SyntaxTree tree, PolicyType type)
    {
        Syntax = syntax;
        Tree = tree;
        Type = type;
    }

    public Expr Syntax { get; }
    public SyntaxTree Tree { get; }
    public PolicyType Type { get; }

    /// <summary>Index of this node in the trace of its compiled unit (assigned by the compiler).</summary>
    public int TraceId { get; internal set; } = -1;

    public abstract IEnumerable<BoundExpr> Children { get; }

    public override string ToString() => Syntax.ToString();
}

public sealed class BoundLiteral : BoundExpr
{
    internal BoundLiteral(Expr syntax, SyntaxTree tree, PolicyType type, object? value) : base(syntax, tree, type) => Value = value;

    /// <summary>double (numbers, dates as day numbers, durations as days, calendar durations as months), string, Tri,
    /// or an array for lists.</summary>
    public object? Value { get; }

    public override IEnumerable<BoundExpr> Children => [];
}

/// <summary>A fact read from a record: the descriptor root (Record is null) or a quantifier variable or table row.</summary>
public sealed class BoundField : BoundExpr
{
    internal BoundField(Expr syntax, SyntaxTree tree, BoundExpr? record, FieldInfo field) : base(syntax, tree, PolicyType.OfField(field))
    {
        Record = record;
        Field = field;
    }

    public BoundExpr? Record { get; }
    public FieldInfo Field { get; }
    public override IEnumerable<BoundExpr> Children => Record is null ? [] : [Record];
}

public sealed class BoundVariable : BoundExpr
{
    internal BoundVariable(Expr syntax, SyntaxTree tree, VariableSymbol symbol) : base(syntax, tree, symbol.Type) => Symbol = symbol;

    public VariableSymbol Symbol { get; }
    public override IEnumerable<BoundExpr> Children => [];
}

/// <summary>A reference to a <c>let</c>; the definition is compiled where it is used.</summary>
public sealed class BoundLetReference : BoundExpr
{
    internal BoundLetReference(Expr syntax, SyntaxTree tree, LetSymbol symbol, BoundExpr value) : base(syntax, tree, value.Type)
    {
        Symbol = symbol;
        Value = value;
    }

    public LetSymbol Symbol { get; }
    public BoundExpr Value { get; }
    public override IEnumerable<BoundExpr> Children => [Value];
}

/// <summary>A call of a user function, expanded: the body bound with the arguments in place of the parameters.</summary>
public sealed class BoundFunctionCall : BoundExpr
{
    internal BoundFunctionCall(Expr syntax, SyntaxTree tree, FunctionSymbol function, IReadOnlyList<BoundExpr> arguments, BoundExpr body)
        : base(syntax, tree, body.Type)
    {
        Function = function;
        Arguments = arguments;
        Body = body;
    }

    public FunctionSymbol Function { get; }
    public IReadOnlyList<BoundExpr> Arguments { get; }
    public BoundExpr Body { get; }
    public override IEnumerable<BoundExpr> Children => [Body];
}

/// <summary>A call of a script function: the arguments are passed to the compiled C#.</summary>
public sealed class BoundScriptCall : BoundExpr
{
    internal BoundScriptCall(Expr syntax, SyntaxTree tree, Scripting.ScriptDefinition script, IReadOnlyList<BoundExpr> arguments)
        : base(syntax, tree, script.ResultType)
    {
        Script = script;
        Arguments = arguments;
    }

    public Scripting.ScriptDefinition Script { get; }
    public IReadOnlyList<BoundExpr> Arguments { get; }
    public override IEnumerable<BoundExpr> Children => Arguments;
}

/// <summary>A parameter inside an expanded function body: evaluates its argument.</summary>
public sealed class BoundArgument : BoundExpr
{
    internal BoundArgument(Expr syntax, SyntaxTree tree, string name, BoundExpr value) : base(syntax, tree, value.Type)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; }
    public BoundExpr Value { get; }
    public override IEnumerable<BoundExpr> Children => [Value];
}

public sealed class BoundBuiltinCall : BoundExpr
{
    internal BoundBuiltinCall(Expr syntax, SyntaxTree tree, PolicyType type, string name, IReadOnlyList<BoundExpr> arguments) : base(syntax, tree, type)
    {
        Name = name;
        Arguments = arguments;
    }

    public string Name { get; }
    public IReadOnlyList<BoundExpr> Arguments { get; }
    public override IEnumerable<BoundExpr> Children => Arguments;
}

public sealed class BoundUnary : BoundExpr
{
    internal BoundUnary(Expr syntax, SyntaxTree tree, PolicyType type, UnaryOperator op, BoundExpr operand) : base(syntax, tree, type)
    {
        Operator = op;
        Operand = operand;
    }

    public UnaryOperator Operator { get; }
    public BoundExpr Operand { get; }
    public override IEnumerable<BoundExpr> Children => [Operand];
}

public sealed class BoundBinary : BoundExpr
{
    internal BoundBinary(Expr syntax, SyntaxTree tree, PolicyType type, BinaryOperator op, BoundExpr left, BoundExpr right) : base(syntax, tree, type)
    {
        Operator = op;
        Left = left;
        Right = right;
    }

    public BinaryOperator Operator { get; }
    public BoundExpr Left { get; }
    public BoundExpr Right { get; }

    /// <summary>For <c>matches</c>: the pattern, compiled once with the regex time limit.</summary>
    public Regex? Pattern { get; internal init; }

    public override IEnumerable<BoundExpr> Children => [Left, Right];
}

public sealed class BoundList : BoundExpr
{
    internal BoundList(Expr syntax, SyntaxTree tree, PolicyType type, IReadOnlyList<BoundExpr> items) : base(syntax, tree, type) => Items = items;

    public IReadOnlyList<BoundExpr> Items { get; }
    public override IEnumerable<BoundExpr> Children => Items;
}

public sealed class BoundQuantifier : BoundExpr
{
    internal BoundQuantifier(Expr syntax, SyntaxTree tree, PolicyType type, QuantifierKind kind, VariableSymbol variable, BoundExpr source, BoundExpr body)
        : base(syntax, tree, type)
    {
        Kind = kind;
        Variable = variable;
        Source = source;
        Body = body;
    }

    public QuantifierKind Kind { get; }
    public VariableSymbol Variable { get; }
    public BoundExpr Source { get; }
    public BoundExpr Body { get; }
    public override IEnumerable<BoundExpr> Children => [Source, Body];
}

/// <summary><c>table[key]</c>: the row, or unknown when the key is missing.</summary>
public sealed class BoundTableLookup : BoundExpr
{
    internal BoundTableLookup(Expr syntax, SyntaxTree tree, TableSymbol table, BoundExpr key) : base(syntax, tree, PolicyType.Record(table.Shape))
    {
        Table = table;
        Key = key;
    }

    public TableSymbol Table { get; }
    public BoundExpr Key { get; }
    public override IEnumerable<BoundExpr> Children => [Key];
}

/// <summary><c>key in table</c>.</summary>
public sealed class BoundTableContains : BoundExpr
{
    internal BoundTableContains(Expr syntax, SyntaxTree tree, TableSymbol table, BoundExpr key, bool negated) : base(syntax, tree, PolicyType.Bool)
    {
        Table = table;
        Key = key;
        Negated = negated;
    }

    public TableSymbol Table { get; }
    public BoundExpr Key { get; }
    public bool Negated { get; }
    public override IEnumerable<BoundExpr> Children => [Key];
}

/// <summary>Another output of the pack: <c>RULE is pass</c>, a classification's label, a score's value, or the verdict (in tests).</summary>
public sealed class BoundOutputReference : BoundExpr
{
    internal BoundOutputReference(Expr syntax, SyntaxTree tree, PolicyType type, OutputSymbol? output, Evaluation.RuleOutcome? outcome, bool negated)
        : base(syntax, tree, type)
    {
        Output = output;
        Outcome = outcome;
        Negated = negated;
    }

    /// <summary>Null for the verdict (only in test expectations).</summary>
    public OutputSymbol? Output { get; }

    /// <summary>For <c>is</c>: the outcome compared with.</summary>
    public Evaluation.RuleOutcome? Outcome { get; }

    public bool Negated { get; }
    public override IEnumerable<BoundExpr> Children => [];
}

public sealed class BoundError : BoundExpr
{
    internal BoundError(Expr syntax, SyntaxTree tree) : base(syntax, tree, PolicyType.Error) { }

    public override IEnumerable<BoundExpr> Children => [];
}

using PolicyEngine.Schema;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;
using PolicyEngine.Text;

namespace PolicyEngine.Binding;

public abstract class Symbol
{
    protected Symbol(string name, SyntaxTree tree, TextSpan span)
    {
        Name = name;
        Tree = tree;
        Span = span;
    }

    public string Name { get; }
    public SyntaxTree Tree { get; }
    public TextSpan Span { get; }
    public Location Location => Tree.Source.Location(Span);
}

public sealed class LetSymbol : Symbol
{
    internal LetSymbol(LetMember syntax, SyntaxTree tree) : base(syntax.Name.Name, tree, syntax.Name.Span) => Syntax = syntax;

    public LetMember Syntax { get; }
    internal BoundExpr? Bound { get; set; }
    internal bool Binding { get; set; }

    /// <summary>Rule outcomes, classifications and scores the definition refers to.</summary>
    internal HashSet<OutputSymbol> Dependencies { get; set; } = new();

    /// <summary>Where its value is cached during an evaluation; unique in the pack, so every compiled piece agrees.</summary>
    public int Index { get; internal set; }

    /// <summary>1 + the deepest let this one refers to; bounded by the expression-depth limit.</summary>
    internal int Depth { get; set; } = 1;
}

public sealed class FunctionSymbol : Symbol
{
    internal FunctionSymbol(FunctionMember syntax, SyntaxTree tree) : base(syntax.Name.Name, tree, syntax.Name.Span) => Syntax = syntax;

    public FunctionMember Syntax { get; }
    internal bool Expanding { get; set; }

    /// <summary>For a script function, its definition once the signature is checked (null if the signature is wrong).</summary>
    internal Scripting.ScriptDefinition? Script { get; set; }
    internal bool ScriptChecked { get; set; }
}

/// <summary>A lookup table loaded from a JSON file of objects, keyed by one column.</summary>
public sealed class TableSymbol : Symbol
{
    internal TableSymbol(TableMember syntax, SyntaxTree tree, RecordShape shape, FieldInfo key, IReadOnlyDictionary<string, Runtime.Record> rows, string path)
        : base(syntax.Name.Name, tree, syntax.Name.Span)
    {
        Syntax = syntax;
        Shape = shape;
        Key = key;
        Rows = rows;
        FilePath = path;
    }

    public TableMember Syntax { get; }
    public RecordShape Shape { get; }
    public FieldInfo Key { get; }
    public IReadOnlyDictionary<string, Runtime.Record> Rows { get; }
    public string FilePath { get; }
}

/// <summary>A quantifier variable (<c>c</c> in <c>any c in …</c>).</summary>
public sealed class VariableSymbol : Symbol
{
    internal VariableSymbol(string name, SyntaxTree tree, TextSpan span, PolicyType type) : base(name, tree, span) => Type = type;

    public PolicyType Type { get; }
}

public enum OutputKind { Rule, Classification, Score }

/// <summary>Something the pack computes per descriptor: a rule outcome, a classification or a score.</summary>
public abstract class OutputSymbol : Symbol
{
    protected OutputSymbol(string name, SyntaxTree tree, TextSpan span) : base(name, tree, span) { }

    public abstract OutputKind Kind { get; }

    /// <summary>Position in the pack's arrays of rules, classifications or scores.</summary>
    public int Index { get; internal set; }

    /// <summary>Outputs this one refers to (for ordering and cycle checks).</summary>
    internal HashSet<OutputSymbol> Dependencies { get; } = new();
}

public sealed class RuleSymbol : OutputSymbol
{
    internal RuleSymbol(RuleMember syntax, SyntaxTree tree) : base(syntax.Id.Name, tree, syntax.Id.Span) => Syntax = syntax;

    public RuleMember Syntax { get; }
    public override OutputKind Kind => OutputKind.Rule;
}

public sealed class ClassificationSymbol : OutputSymbol
{
    internal ClassificationSymbol(ClassifyMember syntax, SyntaxTree tree) : base(syntax.Name.Name, tree, syntax.Name.Span) => Syntax = syntax;

    public ClassifyMember Syntax { get; }
    public override OutputKind Kind => OutputKind.Classification;
}

public sealed class ScoreSymbol : OutputSymbol
{
    internal ScoreSymbol(ScoreMember syntax, SyntaxTree tree) : base(syntax.Name.Name, tree, syntax.Name.Span) => Syntax = syntax;

    public ScoreMember Syntax { get; }
    public override OutputKind Kind => OutputKind.Score;
}

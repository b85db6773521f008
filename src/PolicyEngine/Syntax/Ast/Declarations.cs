using PolicyEngine.Text;

namespace PolicyEngine.Syntax.Ast;

/// <summary>A name as written, with its span (rule IDs, let names, parameters).</summary>
public sealed record Identifier(string Name, TextSpan Span)
{
    public override string ToString() => Name;
}

/// <summary>A string literal as written, with its span.</summary>
public sealed record StringLiteral(string Value, TextSpan Span)
{
    public override string ToString() => LiteralExpr.Quote(Value);
}

public abstract class Member : SyntaxNode
{
    protected Member(TextSpan span) : base(span) { }
}

/// <summary><c>version "Regulation (EU) 2024/1689"</c>: a free-form metadata entry of a policy.</summary>
public sealed class MetadataMember : Member
{
    public MetadataMember(TextSpan span, Identifier key, StringLiteral value) : base(span)
    {
        Key = key;
        Value = value;
    }

    public Identifier Key { get; }
    public StringLiteral Value { get; }
    public override string ToString() => $"{Key} {Value}";
}

public sealed class ImportMember : Member
{
    public ImportMember(TextSpan span, StringLiteral path) : base(span) => Path = path;

    public StringLiteral Path { get; }
    public override string ToString() => $"import {Path}";
}

public sealed class LetMember : Member
{
    public LetMember(TextSpan span, Identifier name, Expr value) : base(span)
    {
        Name = name;
        Value = value;
    }

    public Identifier Name { get; }
    public Expr Value { get; }
    public override string ToString() => $"let {Name} = {Value}";
}

public sealed record Parameter(Identifier Name, Identifier? Type)
{
    public override string ToString() => Type is null ? Name.Name : $"{Name}: {Type}";
}

/// <summary><c>fn name(a: number, b) = expr</c>: a non-recursive function, expanded where it is called; or
/// <c>fn name(a: number): number = csharp { … }</c>, a script function whose body is C#.</summary>
public sealed class FunctionMember : Member
{
    public FunctionMember(TextSpan span, Identifier name, IReadOnlyList<Parameter> parameters, Identifier? resultType, Expr body) : base(span)
    {
        Name = name;
        Parameters = parameters;
        ResultType = resultType;
        Body = body;
    }

    public Identifier Name { get; }
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The declared result type (<c>: number</c>), required for scripts and optional otherwise.</summary>
    public Identifier? ResultType { get; }

    /// <summary>An expression, or a <see cref="ScriptExpr"/> for a script function.</summary>
    public Expr Body { get; }

    public ScriptExpr? Script => Body as ScriptExpr;

    public override string ToString() =>
        $"fn {Name}({string.Join(", ", Parameters)}){(ResultType is null ? "" : ": " + ResultType)} = {Body}";
}

/// <summary><c>table licences from "licences.json" key id</c>: a lookup table loaded from a JSON data file.</summary>
public sealed class TableMember : Member
{
    public TableMember(TextSpan span, Identifier name, StringLiteral path, Identifier keyColumn) : base(span)
    {
        Name = name;
        Path = path;
        KeyColumn = keyColumn;
    }

    public Identifier Name { get; }
    public StringLiteral Path { get; }
    public Identifier KeyColumn { get; }
    public override string ToString() => $"table {Name} from {Path} key {KeyColumn}";
}

public enum ClauseKind { Severity, Category, Tags, Cite, When, Unless, Require, Because, Remedy, Message }

public sealed class RuleClause : SyntaxNode
{
    public RuleClause(TextSpan span, ClauseKind kind, object value) : base(span)
    {
        Kind = kind;
        Value = value;
    }

    public ClauseKind Kind { get; }

    /// <summary><see cref="Expr"/> for when/unless/require, <see cref="Identifier"/> for severity,
    /// <see cref="TemplateExpr"/> for message, a list of <see cref="StringLiteral"/> for tags, else <see cref="StringLiteral"/>.</summary>
    public object Value { get; }

    public string Keyword => Kind.ToString().ToLowerInvariant();

    public override string ToString() => Value switch
    {
        IReadOnlyList<StringLiteral> tags => $"{Keyword} {string.Join(", ", tags)}",
        _ => $"{Keyword} {Value}",
    };
}

public sealed class RuleMember : Member
{
    public RuleMember(TextSpan span, Identifier id, StringLiteral? title, IReadOnlyList<RuleClause> clauses) : base(span)
    {
        Id = id;
        Title = title;
        Clauses = clauses;
    }

    public Identifier Id { get; }
    public StringLiteral? Title { get; }
    public IReadOnlyList<RuleClause> Clauses { get; }

    public RuleClause? Clause(ClauseKind kind) => Clauses.FirstOrDefault(c => c.Kind == kind);

    /// <summary>True when a clause of the rule did not parse (and so is not in <see cref="Clauses"/>).</summary>
    public bool HasSyntaxErrors { get; init; }

    public string Header => Title is null ? $"rule {Id}" : $"rule {Id} {Title}";
}

public sealed class ClassifyArm : SyntaxNode
{
    public ClassifyArm(TextSpan span, StringLiteral label, Expr? condition) : base(span)
    {
        Label = label;
        Condition = condition;
    }

    public StringLiteral Label { get; }

    /// <summary>Null for the <c>otherwise</c> arm.</summary>
    public Expr? Condition { get; }

    public override string ToString() => Condition is null ? $"otherwise {Label}" : $"{Label} when {Condition}";
}

/// <summary><c>classify tier { "A" when cond  otherwise "B" }</c>: the first arm whose condition holds.</summary>
public sealed class ClassifyMember : Member
{
    public ClassifyMember(TextSpan span, Identifier name, StringLiteral? title, IReadOnlyList<ClassifyArm> arms) : base(span)
    {
        Name = name;
        Title = title;
        Arms = arms;
    }

    public Identifier Name { get; }
    public StringLiteral? Title { get; }
    public IReadOnlyList<ClassifyArm> Arms { get; }
    public string Header => Title is null ? $"classify {Name}" : $"classify {Name} {Title}";
}

/// <summary><c>score name "title" = expr</c>: a number the pack reports.</summary>
public sealed class ScoreMember : Member
{
    public ScoreMember(TextSpan span, Identifier name, StringLiteral? title, Expr value) : base(span)
    {
        Name = name;
        Title = title;
        Value = value;
    }

    public Identifier Name { get; }
    public StringLiteral? Title { get; }
    public Expr Value { get; }
    public override string ToString() => Title is null ? $"score {Name} = {Value}" : $"score {Name} {Title} = {Value}";
}

public enum TestStepKind { Given, Set, Unset, Expect }

public sealed class TestStep : SyntaxNode
{
    public TestStep(TextSpan span, TestStepKind kind, StringLiteral? file, Expr? path, Expr? value) : base(span)
    {
        Kind = kind;
        File = file;
        Path = path;
        Value = value;
    }

    public TestStepKind Kind { get; }
    public StringLiteral? File { get; }
    public Expr? Path { get; }
    public Expr? Value { get; }

    public override string ToString() => Kind switch
    {
        TestStepKind.Given => $"given {File}",
        TestStepKind.Set => $"set {Path} = {Value}",
        TestStepKind.Unset => $"unset {Path}",
        _ => $"expect {Value}",
    };
}

public sealed class TestMember : Member
{
    public TestMember(TextSpan span, StringLiteral name, IReadOnlyList<TestStep> steps) : base(span)
    {
        Name = name;
        Steps = steps;
    }

    public StringLiteral Name { get; }
    public IReadOnlyList<TestStep> Steps { get; }
}

public enum DeclarationKind { Policy, Library }

/// <summary>The one top-level declaration of a file: <c>policy id "title" { … }</c> or <c>library id { … }</c>.</summary>
public sealed class PolicyDeclaration : SyntaxNode
{
    public PolicyDeclaration(TextSpan span, DeclarationKind kind, Identifier id, StringLiteral? title, IReadOnlyList<Member> members) : base(span)
    {
        Kind = kind;
        Id = id;
        Title = title;
        Members = members;
    }

    public DeclarationKind Kind { get; }
    public Identifier Id { get; }
    public StringLiteral? Title { get; }
    public IReadOnlyList<Member> Members { get; }
    public string Header => (Kind == DeclarationKind.Policy ? "policy " : "library ") + Id + (Title is null ? "" : " " + Title);
}

using PolicyEngine.Diagnostics;
using PolicyEngine.Schema;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;
using PolicyEngine.Text;

namespace PolicyEngine.Binding;

/// <summary>A message with holes filled at evaluation time. Parts are strings or bound expressions.</summary>
public sealed record BoundTemplate(IReadOnlyList<object> Parts);

public sealed class BoundRule
{
    internal BoundRule(RuleSymbol symbol) => Symbol = symbol;

    public RuleSymbol Symbol { get; }
    public string Id => Symbol.Name;
    public string Title => Symbol.Syntax.Title?.Value ?? Symbol.Name;
    public DiagnosticSeverity Severity { get; internal set; } = DiagnosticSeverity.Error;
    public string? Category { get; internal set; }
    public IReadOnlyList<string> Tags { get; internal set; } = [];
    public string? Cite { get; internal set; }
    public string? Because { get; internal set; }
    public string? Remedy { get; internal set; }
    public BoundExpr? When { get; internal set; }
    public BoundExpr? Unless { get; internal set; }
    public BoundExpr? Require { get; internal set; }
    public BoundTemplate? Message { get; internal set; }

    /// <summary>The metadata of the policy declaration the rule is in (e.g. status "vetoed 2024-09-29").</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; internal set; } = new Dictionary<string, string>();
    public Location Location => Symbol.Tree.Source.Location(Symbol.Syntax.Span);
}

public sealed record BoundArm(string Label, BoundExpr? Condition, TextSpan Span);

public sealed class BoundClassification
{
    internal BoundClassification(ClassificationSymbol symbol, IReadOnlyList<BoundArm> arms)
    {
        Symbol = symbol;
        Arms = arms;
    }

    public ClassificationSymbol Symbol { get; }
    public string Name => Symbol.Name;
    public string Title => Symbol.Syntax.Title?.Value ?? Symbol.Name;
    public IReadOnlyList<BoundArm> Arms { get; }
}

public sealed class BoundScore
{
    internal BoundScore(ScoreSymbol symbol, BoundExpr value)
    {
        Symbol = symbol;
        Value = value;
    }

    public ScoreSymbol Symbol { get; }
    public string Name => Symbol.Name;
    public string Title => Symbol.Syntax.Title?.Value ?? Symbol.Name;
    public BoundExpr Value { get; }
}

/// <summary>A step of a fact path: a field, and for lists of records an element index.</summary>
public sealed record FactPathSegment(FieldInfo Field, int? Index);

public sealed record FactChange(IReadOnlyList<FactPathSegment> Path, string PathText, object? Value, bool Remove);

public sealed record BoundExpectation(BoundExpr Condition, TextSpan Span);

public sealed class BoundTest
{
    internal BoundTest(string name, SyntaxTree tree, TextSpan span, string? givenPath, IReadOnlyList<FactChange> changes, IReadOnlyList<BoundExpectation> expectations)
    {
        Name = name;
        Tree = tree;
        Span = span;
        GivenPath = givenPath;
        Changes = changes;
        Expectations = expectations;
    }

    public string Name { get; }
    public SyntaxTree Tree { get; }
    public TextSpan Span { get; }

    /// <summary>The descriptor file the test starts from (resolved); null for an empty descriptor.</summary>
    public string? GivenPath { get; }

    public IReadOnlyList<FactChange> Changes { get; }
    public IReadOnlyList<BoundExpectation> Expectations { get; }
    public Location Location => Tree.Source.Location(Span);
}

/// <summary>A policy pack after binding: everything resolved and type-checked.</summary>
public sealed class BoundPack
{
    internal BoundPack(string name, DescriptorSchema schema, IReadOnlyList<SyntaxTree> trees, IReadOnlyDictionary<string, string> metadata,
        IReadOnlyList<BoundRule> rules, IReadOnlyList<BoundClassification> classifications, IReadOnlyList<BoundScore> scores,
        IReadOnlyList<BoundTest> tests, IReadOnlyList<OutputSymbol> evaluationOrder)
    {
        Name = name;
        Schema = schema;
        Trees = trees;
        Metadata = metadata;
        Rules = rules;
        Classifications = classifications;
        Scores = scores;
        Tests = tests;
        EvaluationOrder = evaluationOrder;
    }

    public string Name { get; }
    public DescriptorSchema Schema { get; }

    /// <summary>The pack's own files, then the files they import.</summary>
    public IReadOnlyList<SyntaxTree> Trees { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }
    public IReadOnlyList<BoundRule> Rules { get; }
    public IReadOnlyList<BoundClassification> Classifications { get; }
    public IReadOnlyList<BoundScore> Scores { get; }
    public IReadOnlyList<BoundTest> Tests { get; }

    /// <summary>The script functions of every file (compiled only when scripts are allowed).</summary>
    public IReadOnlyList<Scripting.ScriptDefinition> Scripts { get; internal set; } = [];

    /// <summary>The let definitions of every file, bound (for tools and tests).</summary>
    public IReadOnlyList<LetSymbol> Lets { get; internal set; } = [];

    /// <summary>Rules, classifications and scores ordered so each comes after the outputs it refers to.</summary>
    public IReadOnlyList<OutputSymbol> EvaluationOrder { get; }
}

using System.Text.RegularExpressions;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;
using PolicyEngine.Text;

namespace PolicyEngine.Binding;

/// <summary>
/// Resolves names and types. Paths are resolved against the descriptor schema, lets and functions are
/// expanded where they are used, rule references become outcome reads, and every mistake is a diagnostic
/// at the span of the operand at fault.
/// </summary>
internal sealed partial class Binder
{
    private readonly DescriptorSchema _schema;
    private readonly Limits _limits;
    private readonly List<Diagnostic> _diagnostics;
    private readonly Dictionary<string, Symbol> _globals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutputSymbol> _outputs = new(StringComparer.Ordinal);
    private readonly Stack<Dictionary<string, BoundExpr>> _scopes = new();
    private HashSet<OutputSymbol> _dependencies = new();
    private bool _inTest;
    private int _letDepth;
    private int _letCount;
    private readonly Dictionary<SyntaxTree, SortedDictionary<string, string>> _fileMetadata = new();

    public Binder(DescriptorSchema schema, Limits limits, List<Diagnostic> diagnostics)
    {
        _schema = schema;
        _limits = limits;
        _diagnostics = diagnostics;
    }

    private void Report(DiagnosticDescriptor descriptor, SyntaxTree tree, TextSpan span, params object?[] args) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, tree.Source.Location(span), args));

    private static string Where(Symbol symbol) => symbol.Location.ToString();

    public BoundPack Bind(string name, IReadOnlyList<SyntaxTree> packTrees, IReadOnlyList<SyntaxTree> importedTrees)
    {
        var all = packTrees.Concat(importedTrees).ToList();
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var rules = new List<RuleSymbol>();
        var classifications = new List<ClassificationSymbol>();
        var scores = new List<ScoreSymbol>();
        var ruleCount = 0;

        // Declare every definition first, so order in the file does not matter.
        foreach (var tree in all)
        {
            if (tree.Root is null) continue;
            var own = packTrees.Contains(tree);
            foreach (var member in tree.Root.Members)
            {
                switch (member)
                {
                    case LetMember let: Declare(new LetSymbol(let, tree) { Index = _letCount++ }); break;
                    case FunctionMember fn: Declare(new FunctionSymbol(fn, tree)); break;
                    case TableMember table when LoadTable(table, tree) is { } symbol: Declare(symbol); break;
                    case MetadataMember meta when own:
                        var fileMetadata = _fileMetadata.TryGetValue(tree, out var m) ? m : _fileMetadata[tree] = new SortedDictionary<string, string>(StringComparer.Ordinal);
                        if (fileMetadata.TryGetValue(meta.Key.Name, out var earlier))
                            Report(DiagnosticDescriptors.ConflictingMetadata, tree, meta.Span, meta.Key.Name, earlier);
                        else fileMetadata[meta.Key.Name] = meta.Value.Value;
                        // The pack's metadata: each key from the first file (in path order) that gives it.
                        metadata.TryAdd(meta.Key.Name, meta.Value.Value);
                        break;
                    case RuleMember rule when !own:
                        Report(DiagnosticDescriptors.ImportedRulesIgnored, tree, rule.Id.Span, rule.Id.Name);
                        break;
                    case RuleMember rule when own:
                        if (tree.Root.Kind == DeclarationKind.Library)
                        {
                            Report(DiagnosticDescriptors.RulesInLibrary, tree, rule.Id.Span, rule.Id.Name);
                            break;
                        }
                        var ruleSymbol = new RuleSymbol(rule, tree);
                        // Over the limit the pack does not compile; its rules are still declared so references to them resolve.
                        if (++ruleCount == _limits.MaxRules + 1) Report(DiagnosticDescriptors.TooManyRules, tree, rule.Id.Span, _limits.MaxRules);
                        if (DeclareOutput(ruleSymbol)) rules.Add(ruleSymbol);
                        break;
                    case ClassifyMember classify when own || tree.Root.Kind == DeclarationKind.Library:
                        var c = new ClassificationSymbol(classify, tree);
                        if (DeclareOutput(c)) classifications.Add(c);
                        break;
                    case ScoreMember score when own || tree.Root.Kind == DeclarationKind.Library:
                        var s = new ScoreSymbol(score, tree);
                        if (DeclareOutput(s)) scores.Add(s);
                        break;
                }
            }
        }

        for (var i = 0; i < rules.Count; i++) rules[i].Index = i;
        for (var i = 0; i < classifications.Count; i++) classifications[i].Index = i;
        for (var i = 0; i < scores.Count; i++) scores[i].Index = i;

        // Bind lets and functions of every file, so errors in unused definitions are reported too.
        foreach (var symbol in _globals.Values.OfType<LetSymbol>().ToList()) BindLet(symbol);
        foreach (var fn in _globals.Values.OfType<FunctionSymbol>().ToList()) CheckFunction(fn);

        var boundRules = rules.Select(BindRule).ToList();
        var boundClassifications = classifications.Select(BindClassification).ToList();
        var boundScores = scores.Select(BindScore).ToList();
        var order = OrderOutputs(rules.Cast<OutputSymbol>().Concat(classifications).Concat(scores).ToList());

        var tests = new List<BoundTest>();
        var testNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in packTrees)
        {
            if (tree.Root is null) continue;
            foreach (var test in tree.Root.Members.OfType<TestMember>())
            {
                if (!testNames.Add(test.Name.Value)) Report(DiagnosticDescriptors.DuplicateTestName, tree, test.Name.Span, test.Name.Value);
                tests.Add(BindTest(test, tree));
            }
        }

        return new BoundPack(name, _schema, all, metadata, boundRules, boundClassifications, boundScores, tests, order)
        {
            Lets = _globals.Values.OfType<LetSymbol>().ToList(),
            Scripts = _globals.Values.OfType<FunctionSymbol>().Select(f => f.Script).OfType<Scripting.ScriptDefinition>()
                .OrderBy(s => s.Tree.Source.Path, StringComparer.Ordinal).ThenBy(s => s.Script.Span.Start).ToList(),
        };
    }

    private void Declare(Symbol symbol)
    {
        if (_globals.TryGetValue(symbol.Name, out var existing))
        {
            Report(DiagnosticDescriptors.DuplicateDefinition, symbol.Tree, symbol.Span, symbol.Name, Where(existing));
            return;
        }
        if (_schema.Root.Fields.ContainsKey(symbol.Name))
        {
            Report(DiagnosticDescriptors.DuplicateDefinition, symbol.Tree, symbol.Span, symbol.Name, "the descriptor schema (a top-level property)");
            return;
        }
        _globals[symbol.Name] = symbol;
    }

    private bool DeclareOutput(OutputSymbol symbol)
    {
        if (_outputs.TryGetValue(symbol.Name, out var existing))
        {
            var descriptor = symbol is RuleSymbol && existing is RuleSymbol ? DiagnosticDescriptors.DuplicateRuleId : DiagnosticDescriptors.DuplicateDefinition;
            Report(descriptor, symbol.Tree, symbol.Span, symbol.Name, Where(existing));
            return false;
        }
        if (symbol is not RuleSymbol && _globals.TryGetValue(symbol.Name, out var global))
        {
            Report(DiagnosticDescriptors.DuplicateDefinition, symbol.Tree, symbol.Span, symbol.Name, Where(global));
            return false;
        }
        if (symbol is not RuleSymbol && _schema.Root.Fields.ContainsKey(symbol.Name))
        {
            Report(DiagnosticDescriptors.DuplicateDefinition, symbol.Tree, symbol.Span, symbol.Name, "the descriptor schema (a top-level property)");
            return false;
        }
        _outputs[symbol.Name] = symbol;
        return true;
    }

    // ---- Definitions ------------------------------------------------------------------------

    private BoundExpr BindLet(LetSymbol symbol)
    {
        if (symbol.Bound is not null) return symbol.Bound;
        symbol.Binding = true;
        var saved = _dependencies;
        _dependencies = new HashSet<OutputSymbol>();
        var savedScopes = _scopes.ToArray();
        _scopes.Clear();
        var savedLetDepth = _letDepth;
        _letDepth = 0;
        // A let may name an object, as a short name for a path prefix: let report = documentation.sb53_transparency_report
        var bound = BindExpr(symbol.Syntax.Value, symbol.Tree);
        symbol.Depth = _letDepth + 1;
        _letDepth = Math.Max(savedLetDepth, symbol.Depth);
        if (symbol.Depth > _limits.MaxExpressionDepth && !bound.IsError())
        {
            // A chain of lets each using the previous one; evaluation would recurse this deep.
            Report(DiagnosticDescriptors.NestingTooDeep, symbol.Tree, symbol.Syntax.Name.Span, _limits.MaxExpressionDepth);
            bound = new BoundError(symbol.Syntax.Value, symbol.Tree);
        }
        foreach (var scope in savedScopes.Reverse()) _scopes.Push(scope);
        symbol.Dependencies = _dependencies;
        _dependencies = saved;
        symbol.Binding = false;
        symbol.Bound = bound;
        return bound;
    }

    /// <summary>Functions are expanded at call sites; an uncalled one is still checked, with its parameters as unknown values of their declared types.</summary>
    private void CheckFunction(FunctionSymbol fn)
    {
        var scope = new Dictionary<string, BoundExpr>(StringComparer.Ordinal);
        foreach (var parameter in fn.Syntax.Parameters)
        {
            var type = parameter.Type is null ? null : PolicyType.FromName(parameter.Type.Name);
            if (parameter.Type is not null && type is null)
            {
                Report(DiagnosticDescriptors.TypeMismatch, fn.Tree, parameter.Type.Span, $"'{parameter.Type.Name}' is not a type; use bool, number, string, date or duration");
            }
            if (!scope.TryAdd(parameter.Name.Name, Placeholder(parameter, fn.Tree, type)))
            {
                Report(DiagnosticDescriptors.DuplicateDefinition, fn.Tree, parameter.Name.Span, parameter.Name.Name, "an earlier parameter");
            }
        }
        if (fn.Syntax.ResultType is { } resultType && PolicyType.FromName(resultType.Name) is null)
        {
            Report(DiagnosticDescriptors.TypeMismatch, fn.Tree, resultType.Span, $"'{resultType.Name}' is not a type; use bool, number, string, date or duration, or a list such as [number]");
        }
        if (fn.Syntax.Script is not null)
        {
            GetScript(fn);
            return;
        }
        // An untyped parameter takes its type from each call, so the body is checked at the calls.
        if (fn.Syntax.Parameters.Any(p => p.Type is null)) return;
        var saved = _dependencies;
        _dependencies = new HashSet<OutputSymbol>();
        var savedScopes = _scopes.ToArray();
        _scopes.Clear();
        _scopes.Push(scope);
        fn.Expanding = true;
        var body = BindExpr(fn.Syntax.Body, fn.Tree);
        fn.Expanding = false;
        if (DeclaredResult(fn) is { } declared) Expect(body, declared, $"The result of '{fn.Name}'");
        _scopes.Clear();
        foreach (var s in savedScopes.Reverse()) _scopes.Push(s);
        _dependencies = saved;
    }

    private static BoundExpr Placeholder(Parameter parameter, SyntaxTree tree, PolicyType? type)
    {
        var syntax = new NameExpr(parameter.Name.Span, parameter.Name.Name, false);
        return new BoundArgument(syntax, tree, parameter.Name.Name,
            type is null ? new BoundError(syntax, tree) : new BoundLiteral(syntax, tree, type, null));
    }

    private TableSymbol? LoadTable(TableMember table, SyntaxTree tree)
    {
        if (FilePaths.Beside(tree.Source.Path, table.Path.Value) is not { } file)
        {
            Report(DiagnosticDescriptors.TableLoadFailed, tree, table.Path.Span, table.Name.Name, "the path is not a valid file name");
            return null;
        }
        try
        {
            var loaded = TableLoader.Load(file, table.Name.Name, table.KeyColumn.Name, _limits);
            if (loaded.Error is not null)
            {
                Report(DiagnosticDescriptors.TableLoadFailed, tree, loaded.ErrorInKey ? table.KeyColumn.Span : table.Path.Span, table.Name.Name, loaded.Error);
                return null;
            }
            return new TableSymbol(table, tree, loaded.Shape!, loaded.Key!, loaded.Rows!, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(DiagnosticDescriptors.TableLoadFailed, tree, table.Path.Span, table.Name.Name, e.Message);
            return null;
        }
    }

    // ---- Outputs ----------------------------------------------------------------------------

    private BoundRule BindRule(RuleSymbol symbol)
    {
        var rule = new BoundRule(symbol);
        var tree = symbol.Tree;
        rule.Metadata = _fileMetadata.TryGetValue(tree, out var fileMetadata) ? fileMetadata : new SortedDictionary<string, string>();
        _dependencies = symbol.Dependencies;
        var seen = new HashSet<ClauseKind>();
        foreach (var clause in symbol.Syntax.Clauses)
        {
            if (!seen.Add(clause.Kind))
            {
                Report(DiagnosticDescriptors.DuplicateClause, tree, clause.Span, symbol.Name, clause.Keyword);
                continue;
            }
            switch (clause.Kind)
            {
                case ClauseKind.Severity:
                    var level = (Identifier)clause.Value;
                    rule.Severity = level.Name switch
                    {
                        "error" => DiagnosticSeverity.Error,
                        "warning" => DiagnosticSeverity.Warning,
                        "info" => DiagnosticSeverity.Info,
                        _ => ReportSeverity(tree, level),
                    };
                    break;
                case ClauseKind.Category: rule.Category = ((StringLiteral)clause.Value).Value; break;
                case ClauseKind.Tags: rule.Tags = ((IReadOnlyList<StringLiteral>)clause.Value).Select(t => t.Value).ToList(); break;
                case ClauseKind.Cite: rule.Cite = ((StringLiteral)clause.Value).Value; break;
                case ClauseKind.Because: rule.Because = ((StringLiteral)clause.Value).Value; break;
                case ClauseKind.Remedy: rule.Remedy = ((StringLiteral)clause.Value).Value; break;
                case ClauseKind.When: rule.When = BindCondition((Expr)clause.Value, tree); break;
                case ClauseKind.Unless: rule.Unless = BindCondition((Expr)clause.Value, tree); break;
                case ClauseKind.Require: rule.Require = BindCondition((Expr)clause.Value, tree); break;
                case ClauseKind.Message: rule.Message = BindTemplate((TemplateExpr)clause.Value, tree); break;
            }
        }
        if (!symbol.Syntax.HasSyntaxErrors)
        {
            if (rule.Require is null) Report(DiagnosticDescriptors.MissingRequire, tree, symbol.Span, symbol.Name);
            if (rule.Cite is null) Report(DiagnosticDescriptors.MissingCitation, tree, symbol.Span, symbol.Name);
        }
        return rule;
    }

    private DiagnosticSeverity ReportSeverity(SyntaxTree tree, Identifier level)
    {
        Report(DiagnosticDescriptors.UnknownSeverity, tree, level.Span, level.Name);
        return DiagnosticSeverity.Error;
    }

    private BoundTemplate BindTemplate(TemplateExpr template, SyntaxTree tree) =>
        new(template.Parts.Select(p => p is Expr e ? (object)BindValue(e, tree) : p).ToList());

    private BoundClassification BindClassification(ClassificationSymbol symbol)
    {
        _dependencies = symbol.Dependencies;
        var arms = new List<BoundArm>();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var arms0 = symbol.Syntax.Arms;
        for (var i = 0; i < arms0.Count; i++)
        {
            var arm = arms0[i];
            if (arm.Condition is null && i != arms0.Count - 1)
            {
                Report(DiagnosticDescriptors.SyntaxError, symbol.Tree, arm.Span, "`otherwise` must be the last arm of a classification");
            }
            labels.Add(arm.Label.Value);
            arms.Add(new BoundArm(arm.Label.Value, arm.Condition is null ? null : BindCondition(arm.Condition, symbol.Tree), arm.Span));
        }
        return new BoundClassification(symbol, arms);
    }

    private BoundScore BindScore(ScoreSymbol symbol)
    {
        _dependencies = symbol.Dependencies;
        var value = BindExpr(symbol.Syntax.Value, symbol.Tree);
        Expect(value, PolicyType.Number, "A score");
        return new BoundScore(symbol, value);
    }

    private List<OutputSymbol> OrderOutputs(IReadOnlyList<OutputSymbol> outputs)
    {
        var order = new List<OutputSymbol>();
        var state = new Dictionary<OutputSymbol, int>();
        foreach (var output in outputs) Visit(output, new List<OutputSymbol>());
        return order;

        void Visit(OutputSymbol node, List<OutputSymbol> path)
        {
            if (state.TryGetValue(node, out var s))
            {
                if (s == 1)
                {
                    var cycle = path.SkipWhile(p => p != node).Append(node).Select(p => p.Name);
                    Report(DiagnosticDescriptors.RuleReferenceCycle, node.Tree, node.Span, string.Join(" → ", cycle));
                }
                return;
            }
            state[node] = 1;
            path.Add(node);
            foreach (var dependency in node.Dependencies.OrderBy(d => d.Name, StringComparer.Ordinal)) Visit(dependency, path);
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            order.Add(node);
        }
    }

    // ---- Tests ------------------------------------------------------------------------------

    private BoundTest BindTest(TestMember test, SyntaxTree tree)
    {
        string? given = null;
        var changes = new List<FactChange>();
        var expectations = new List<BoundExpectation>();
        _dependencies = new HashSet<OutputSymbol>();
        foreach (var step in test.Steps)
        {
            switch (step.Kind)
            {
                case TestStepKind.Given:
                    var file = FilePaths.Beside(tree.Source.Path, step.File!.Value);
                    if (given is not null) Report(DiagnosticDescriptors.InvalidTestTarget, tree, step.Span, "A test has at most one 'given'");
                    else if (file is null || !File.Exists(file)) Report(DiagnosticDescriptors.TestDescriptorNotFound, tree, step.File.Span, step.File.Value, file is null ? "the path is not a valid file name" : "file not found");
                    given = file ?? step.File.Value;
                    break;
                case TestStepKind.Set:
                case TestStepKind.Unset:
                    if (BindFactChange(step, tree) is { } change) changes.Add(change);
                    break;
                case TestStepKind.Expect:
                    _inTest = true;
                    var condition = BindCondition(step.Value!, tree, checkConstant: false);
                    _inTest = false;
                    expectations.Add(new BoundExpectation(condition, step.Value!.Span));
                    break;
            }
        }
        if (expectations.Count == 0) Report(DiagnosticDescriptors.InvalidTestTarget, tree, test.Name.Span, $"Test \"{test.Name.Value}\" has no 'expect'");
        return new BoundTest(test.Name.Value, tree, test.Span, given, changes, expectations);
    }

    private FactChange? BindFactChange(TestStep step, SyntaxTree tree)
    {
        var path = ResolveFactPath(step.Path!, tree);
        if (path is null) return null;
        var text = step.Path!.ToString();
        if (step.Kind == TestStepKind.Unset) return new FactChange(path, text, null, true);

        var field = path[^1].Field;
        if (field.ElementShape is not null && path[^1].Index is null && step.Value is ListExpr { Items.Count: 0 })
        {
            return new FactChange(path, text, Array.Empty<Runtime.Record>(), false);
        }
        if (path[^1].Index is not null || field.Kind == FieldKind.Object || field.ElementShape is not null)
        {
            Report(DiagnosticDescriptors.InvalidTestTarget, tree, step.Path!.Span, $"'{text}' cannot be set to a value; set its properties instead, or unset it");
            return null;
        }
        var value = BindExpr(step.Value!, tree);
        if (value.IsError()) return null;
        // A negative number is written as negation; fold it so 'set x = -1' works.
        if (value is BoundUnary { Operator: UnaryOperator.Negate, Operand: BoundLiteral { Value: double negated } } negation)
        {
            value = new BoundLiteral(negation.Syntax, tree, negation.Type, -negated);
        }
        var expected = PolicyType.OfField(field);
        if (value is not (BoundLiteral or BoundList) || !value.Type.Equals(expected) && !(value.Type.Kind == TypeKind.List && value is BoundList { Items.Count: 0 }))
        {
            Report(DiagnosticDescriptors.TypeMismatch, tree, step.Value!.Span, value is BoundLiteral or BoundList
                ? $"'{text}' is {field.TypeDescription}, but the value is {Describe(value.Type)}"
                : $"'set' takes a literal value; '{step.Value}' is an expression");
            return null;
        }
        CheckEnumLiteral(expected, value);
        return new FactChange(path, text, ConstantValue(value, field), false);
    }

    private static object? ConstantValue(BoundExpr value, FieldInfo field) => value switch
    {
        BoundLiteral literal => literal.Value,
        BoundList list => field.ElementKind switch
        {
            FieldKind.Number or FieldKind.Date => list.Items.Cast<BoundLiteral>().Select(l => (double)l.Value!).ToArray(),
            FieldKind.Boolean => list.Items.Cast<BoundLiteral>().Select(l => (Tri)l.Value!).ToArray(),
            _ => (object)list.Items.Cast<BoundLiteral>().Select(l => (string)l.Value!).ToArray(),
        },
        _ => null,
    };

    /// <summary>Resolves <c>model.training.compute_flop</c> or <c>release.components[0].licence</c> to schema fields.</summary>
    internal List<FactPathSegment>? ResolveFactPath(Expr expr, SyntaxTree tree)
    {
        switch (expr)
        {
            case NameExpr name:
                if (_schema.Root.Fields.TryGetValue(name.Name, out var rootField)) return [new FactPathSegment(rootField, null)];
                ReportUnknownProperty(tree, name.Span, name.Name, "the descriptor", _schema.Root.Fields.Keys);
                return null;
            case MemberExpr member:
                var parent = ResolveFactPath(member.Target, tree);
                if (parent is null) return null;
                var last = parent[^1];
                IReadOnlyDictionary<string, FieldInfo>? children = last.Field.Kind == FieldKind.Object
                    ? last.Field.Children
                    : last.Index is not null ? last.Field.ElementShape?.Fields : null;
                if (children is null)
                {
                    Report(DiagnosticDescriptors.InvalidTestTarget, tree, member.NameSpan, $"'{member.Target}' has no properties; index a list of objects first, e.g. {member.Target}[0]");
                    return null;
                }
                if (!children.TryGetValue(member.Name, out var child))
                {
                    ReportUnknownProperty(tree, member.NameSpan, member.Name, member.Target.ToString(), children.Keys);
                    return null;
                }
                parent.Add(new FactPathSegment(child, null));
                return parent;
            case IndexExpr index when index.Index is LiteralExpr { Kind: LiteralKind.Number, Value: double i } && i >= 0 && i == Math.Floor(i) && i < 100000:
                var list = ResolveFactPath(index.Target, tree);
                if (list is null) return null;
                if (list[^1].Field.ElementShape is null || list[^1].Index is not null)
                {
                    Report(DiagnosticDescriptors.InvalidTestTarget, tree, index.Span, $"'{index.Target}' is not a list of objects");
                    return null;
                }
                list[^1] = list[^1] with { Index = (int)i };
                return list;
            default:
                Report(DiagnosticDescriptors.InvalidTestTarget, tree, expr.Span, $"'{expr}' is not a descriptor path");
                return null;
        }
    }

    private void ReportUnknownProperty(SyntaxTree tree, TextSpan span, string name, string owner, IEnumerable<string> candidates)
    {
        var suggestion = Suggestions.Closest(name, candidates);
        Report(DiagnosticDescriptors.UnknownProperty, tree, span, name, owner, suggestion is null ? "" : $"; did you mean '{suggestion}'?");
    }
}

internal static class BoundExprExtensions
{
    public static bool IsError(this BoundExpr expr) => expr.Type.IsError;
}

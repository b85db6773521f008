using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TextSpan = Microsoft.CodeAnalysis.Text.TextSpan;

namespace PolicyEngine.Scripting.CSharp;

/// <summary>
/// Walks a script's block with its semantic model and reports everything outside the allowed surface, each at the
/// span of the code at fault: forbidden namespaces, types and members (by the symbol each name binds to), <c>dynamic</c>,
/// unsafe code, native code, and constructs that would let a script escape its guards (goto, try, lock, async,
/// attributes, generic local functions, multi-dimensional arrays). One report per expression chain.
/// </summary>
internal sealed class ScriptChecker
{
    private readonly SemanticModel _model;
    private readonly GeneratedScript _generated;
    private readonly List<ScriptIssue> _issues = new();
    private readonly List<TextSpan> _reported = new();

    private ScriptChecker(SemanticModel model, GeneratedScript generated)
    {
        _model = model;
        _generated = generated;
    }

    public static IReadOnlyList<ScriptIssue> Check(SemanticModel model, BlockSyntax body, GeneratedScript generated)
    {
        var checker = new ScriptChecker(model, generated);
        var nodes = body.DescendantNodes().ToList();
        // Constructs first, then names, then what has no name (constructors, operators, indexers), then the types of
        // the remaining expressions: a report lands on the code at fault rather than on the expression around it.
        checker.Pass(nodes, checker.CheckSyntax);
        checker.Pass(nodes, n => { if (n is SimpleNameSyntax or PredefinedTypeSyntax) checker.CheckName(n); });
        checker.Pass(nodes, checker.CheckUnnamed);
        checker.Pass(nodes, n => { if (n is ExpressionSyntax e) checker.CheckExpressionType(e); });
        return checker._issues.OrderBy(i => i.Start).ToList();
    }

    private void Pass(List<SyntaxNode> nodes, Action<SyntaxNode> check)
    {
        foreach (var node in nodes)
        {
            if (!IsReported(node.Span)) check(node);
        }
    }

    private bool IsReported(TextSpan span) => _reported.Any(r => r.Contains(span) || span.Contains(r));

    private void Report(ScriptIssueKind kind, SyntaxNode at, TextSpan span, params string[] arguments)
    {
        _issues.Add(RoslynScriptCompiler.Issue(_generated, kind, span, arguments));
        _reported.Add(ChainTop(at).Span);
    }

    /// <summary>The whole member-access or invocation chain a name is part of, so one forbidden call is one report.</summary>
    private static SyntaxNode ChainTop(SyntaxNode node)
    {
        while (node.Parent is { } parent && parent switch
               {
                   MemberAccessExpressionSyntax m => m.Expression == node || m.Name == node,
                   QualifiedNameSyntax or AliasQualifiedNameSyntax => true,
                   InvocationExpressionSyntax i => i.Expression == node,
                   ElementAccessExpressionSyntax e => e.Expression == node,
                   ConditionalAccessExpressionSyntax c => c.Expression == node,
                   ObjectCreationExpressionSyntax o => o.Type == node,
                   GenericNameSyntax or TypeArgumentListSyntax or ArrayTypeSyntax or NullableTypeSyntax => true,
                   _ => false,
               })
        {
            node = parent;
        }
        return node;
    }

    // ---- Constructs ------------------------------------------------------------------------------------------

    private void CheckSyntax(SyntaxNode node)
    {
        switch (node)
        {
            case UnsafeStatementSyntax u: Report(ScriptIssueKind.Unsafe, u, u.UnsafeKeyword.Span, "an unsafe block"); return;
            case FixedStatementSyntax f: Report(ScriptIssueKind.Unsafe, f, f.FixedKeyword.Span, "a fixed statement"); return;
            case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                Report(ScriptIssueKind.Unsafe, node, node.Span, "stackalloc"); return;
            case PointerTypeSyntax or FunctionPointerTypeSyntax: Report(ScriptIssueKind.Unsafe, node, node.Span, "a pointer type"); return;
            case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.AddressOfExpression) || p.IsKind(SyntaxKind.PointerIndirectionExpression):
                Report(ScriptIssueKind.Unsafe, p, p.Span, "pointer arithmetic"); return;
            case MemberAccessExpressionSyntax m when m.IsKind(SyntaxKind.PointerMemberAccessExpression):
                Report(ScriptIssueKind.Unsafe, m, m.Span, "pointer arithmetic"); return;
            case LocalFunctionStatementSyntax function:
                foreach (var modifier in function.Modifiers)
                {
                    if (modifier.IsKind(SyntaxKind.ExternKeyword)) { Report(ScriptIssueKind.NativeCode, function, modifier.Span, "an extern function"); return; }
                    if (modifier.IsKind(SyntaxKind.UnsafeKeyword)) { Report(ScriptIssueKind.Unsafe, function, modifier.Span, "an unsafe function"); return; }
                    if (modifier.IsKind(SyntaxKind.AsyncKeyword)) { Construct(function, modifier.Span, "Asynchronous code", "; threads and tasks are not available"); return; }
                }
                if (function.TypeParameterList is { } typeParameters) Construct(typeParameters, typeParameters.Span, "A generic local function", "");
                return;
            case AnonymousFunctionExpressionSyntax { AsyncKeyword.RawKind: (int)SyntaxKind.AsyncKeyword } lambda:
                Construct(lambda, lambda.AsyncKeyword.Span, "Asynchronous code", "; threads and tasks are not available"); return;
            case AttributeListSyntax attributes:
                var native = attributes.Attributes.FirstOrDefault(a => a.Name.ToString() is var n &&
                    (n.EndsWith("DllImport", StringComparison.Ordinal) || n.EndsWith("DllImportAttribute", StringComparison.Ordinal) ||
                     n.EndsWith("LibraryImport", StringComparison.Ordinal) || n.EndsWith("LibraryImportAttribute", StringComparison.Ordinal) ||
                     n.EndsWith("UnmanagedCallersOnly", StringComparison.Ordinal)));
                if (native is not null) Report(ScriptIssueKind.NativeCode, attributes, native.Span, native.Name.ToString());
                else Construct(attributes, attributes.Span, "An attribute", "");
                return;
            case GotoStatementSyntax g: Construct(g, g.GotoKeyword.Span, "goto", "; write a loop"); return;
            case LockStatementSyntax l: Construct(l, l.LockKeyword.Span, "lock", "; threads are not available"); return;
            case TryStatementSyntax t: Construct(t, t.TryKeyword.Span, "try/catch/finally", "; a script must not catch the exception that stops it"); return;
            case AwaitExpressionSyntax a: Construct(a, a.AwaitKeyword.Span, "await", "; threads and tasks are not available"); return;
            case ArrayRankSpecifierSyntax { Rank: > 1 } rank: Construct(rank, rank.Span, "A multi-dimensional array", "; use an array of arrays"); return;
            case InterpolationAlignmentClauseSyntax alignment when _model.GetConstantValue(alignment.Value) is { HasValue: true, Value: int width } && Math.Abs((long)width) > 10_000:
                Construct(alignment, alignment.Span, "An alignment wider than 10,000", ""); return;
            case LiteralExpressionSyntax arglist when arglist.IsKind(SyntaxKind.ArgListExpression):
                Construct(node, node.GetFirstToken().Span, "__arglist", ""); return;
            case MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax:
                Construct(node, node.GetFirstToken().Span, node.GetFirstToken().Text, ""); return;
        }
    }

    private void Construct(SyntaxNode node, TextSpan span, string what, string hint) =>
        Report(ScriptIssueKind.ForbiddenConstruct, node, span, what, hint);

    // ---- Symbols ---------------------------------------------------------------------------------------------

    private void CheckName(SyntaxNode node)
    {
        // `var` stands for the type of its initializer, which is checked where it is computed.
        if (node is IdentifierNameSyntax { IsVar: true }) return;
        var info = _model.GetSymbolInfo(node);
        var symbols = info.Symbol is { } s ? [s] : info.CandidateReason == CandidateReason.MemberGroup ? info.CandidateSymbols : [];
        foreach (var symbol in symbols)
        {
            if (CheckNamed(node, symbol)) return;
        }
    }

    private void CheckUnnamed(SyntaxNode node)
    {
        switch (node)
        {
            case ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ElementAccessExpressionSyntax
                or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax:
                if (_model.GetSymbolInfo(node).Symbol is { } member && member.Kind is SymbolKind.Method or SymbolKind.Property &&
                    (member is not IMethodSymbol m || m.MethodKind is MethodKind.Constructor or MethodKind.UserDefinedOperator or MethodKind.Conversion))
                {
                    if (Member(member) is { } problem)
                    {
                        var at = node is BaseObjectCreationExpressionSyntax creation ? creation.NewKeyword.Span : node.Span;
                        Report(problem.Kind, node, at, problem.Arguments);
                    }
                }
                return;
        }
    }

    /// <summary>Checks what a name binds to; true when it reported.</summary>
    private bool CheckNamed(SyntaxNode node, ISymbol symbol)
    {
        var span = node.Span;
        (ScriptIssueKind Kind, string[] Arguments)? problem;
        switch (symbol)
        {
            case INamespaceSymbol ns:
                if (AllowList.Namespaces.Contains(FullName(ns))) return false;
                // Report at the qualified name up to the first type (System.IO.File), named by that type's area.
                var at = Qualified(node);
                ISymbol target = ns;
                while (at.Parent is MemberAccessExpressionSyntax pm && pm.Name == QualifiedRight(at.Parent) && pm.Expression == at ||
                       at.Parent is QualifiedNameSyntax pq && pq.Left == at)
                {
                    var next = _model.GetSymbolInfo(at.Parent).Symbol;
                    if (next is not (INamespaceSymbol or ITypeSymbol)) break;
                    at = at.Parent;
                    target = next;
                    if (next is ITypeSymbol) break;
                }
                span = at.Span;
                problem = target is ITypeSymbol t
                    ? Forbidden(FullName(t is INamedTypeSymbol n ? n.OriginalDefinition : t), t.ToDisplayString())
                    : Forbidden(FullName(target), target.ToDisplayString());
                break;
            case ITypeSymbol type:
                // A type at the qualified name that spells it (System.Environment, not Environment).
                span = Qualified(node).Span;
                problem = Type(type);
                break;
            case IMethodSymbol method when method.MethodKind is not (MethodKind.LambdaMethod or MethodKind.LocalFunction or MethodKind.AnonymousFunction) &&
                                           !IsInvoked(node) && node.Parent is not TypeArgumentListSyntax:
                // A library method as a delegate would run without the guards written around its calls.
                problem = Member(symbol) ?? (ScriptIssueKind.ForbiddenConstruct, ["A library method used as a value", "; call it inside a lambda"]);
                span = Qualified(node).Span;
                break;
            case IMethodSymbol { Name: "Replace", ContainingType.SpecialType: SpecialType.System_String } when node.Parent is MemberBindingExpressionSyntax:
                problem = (ScriptIssueKind.ForbiddenConstruct, ["string.Replace after ?.", "; check for null first (the size of its result is checked only on a plain call)"]);
                break;
            case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol:
                problem = Member(symbol);
                break;
            default:
                return false;
        }
        if (problem is null) return false;
        Report(problem.Value.Kind, node, span, problem.Value.Arguments);
        return true;
    }

    /// <summary>The qualified name or member access that a name is the right-hand end of (or the name itself).</summary>
    private static SyntaxNode Qualified(SyntaxNode node) =>
        node.Parent is MemberAccessExpressionSyntax m && m.Name == node || node.Parent is QualifiedNameSyntax q && q.Right == node ||
        node.Parent is AliasQualifiedNameSyntax a && a.Name == node || node.Parent is MemberBindingExpressionSyntax b && b.Name == node
            ? node.Parent
            : node;

    /// <summary>Whether a method's name is called (f(…), x.f(…), x?.f(…)) rather than used as a value.</summary>
    private static bool IsInvoked(SyntaxNode name) =>
        Qualified(name) is var expression && expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression ||
        name.Parent is NameColonSyntax or NameEqualsSyntax;

    private static SyntaxNode? QualifiedRight(SyntaxNode node) => node switch
    {
        MemberAccessExpressionSyntax m => m.Name,
        QualifiedNameSyntax q => q.Right,
        _ => null,
    };

    private static (ScriptIssueKind, string[]) Forbidden(string fullName, string display) =>
        (ScriptIssueKind.ForbiddenApi, [display, AllowList.Reason(fullName)]);

    /// <summary>A type a value may have: on the allow-list, with allowed type arguments, not object, dynamic or a pointer.</summary>
    private static (ScriptIssueKind Kind, string[] Arguments)? Type(ITypeSymbol type, bool container = false)
    {
        switch (type)
        {
            case IErrorTypeSymbol or ITypeParameterSymbol: return null;
            case IDynamicTypeSymbol: return (ScriptIssueKind.Dynamic, []);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol: return (ScriptIssueKind.Unsafe, ["a pointer type"]);
            case IArrayTypeSymbol array:
                if (array.Rank > 1) return (ScriptIssueKind.ForbiddenConstruct, ["A multi-dimensional array", "; use an array of arrays"]);
                return Type(array.ElementType);
            case INamedTypeSymbol named:
                if (named.IsAnonymousType)
                {
                    foreach (var property in named.GetMembers().OfType<IPropertySymbol>())
                    {
                        if (Type(property.Type) is { } inner) return inner;
                    }
                    return null;
                }
                if (named.IsTupleType)
                {
                    foreach (var element in named.TupleElements)
                    {
                        if (Type(element.Type) is { } inner) return inner;
                    }
                    return null;
                }
                var name = FullName(named.OriginalDefinition);
                if (!AllowList.ValueTypes.Contains(name) && !(container && AllowList.ContainerOnly.Contains(name)))
                {
                    return Forbidden(name, named.OriginalDefinition.ToDisplayString());
                }
                foreach (var argument in named.TypeArguments)
                {
                    if (Type(argument) is { } inner) return inner;
                }
                return named.ContainingType is { } outer ? Type(outer, container: true) : null;
            default:
                return Forbidden(type.ToDisplayString(), type.ToDisplayString());
        }
    }

    /// <summary>A member: its type is allowed (for some types only some members), and so are its result and type arguments.</summary>
    private static (ScriptIssueKind Kind, string[] Arguments)? Member(ISymbol member)
    {
        if (member is IMethodSymbol { MethodKind: MethodKind.LambdaMethod or MethodKind.LocalFunction or MethodKind.AnonymousFunction }) return null;
        if (member is IEventSymbol) return (ScriptIssueKind.ForbiddenApi, [member.ToDisplayString(), "events"]);
        var definition = member is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : member;
        var container = definition.ContainingType;
        if (container is null) return null;
        var containerName = FullName(container.OriginalDefinition);
        var display = $"{container.OriginalDefinition.ToDisplayString()}.{member.Name}";
        if (AllowList.DeniedMembers.Contains(member.Name) || AllowList.DeniedMembers.Contains($"{containerName}.{member.Name}"))
        {
            var reason = member.Name switch
            {
                "GetType" or "MemberwiseClone" or "Finalize" => "reflection",
                "BeginInvoke" or "EndInvoke" or "DynamicInvoke" => "reflection and asynchronous calls",
                _ => "raw memory and string interning",
            };
            return (ScriptIssueKind.ForbiddenApi, [display, reason]);
        }
        if (Type(container, container: true) is { } badContainer) return badContainer.Kind == ScriptIssueKind.ForbiddenApi ? Forbidden(containerName, display) : badContainer;
        if (AllowList.Members.TryGetValue(containerName, out var allowed))
        {
            var name = member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? ".ctor" : member.Name;
            if (!allowed.Contains(name) && !name.StartsWith("op_", StringComparison.Ordinal)) return Forbidden(containerName, display);
        }
        switch (member)
        {
            case IMethodSymbol method:
                foreach (var argument in method.TypeArguments)
                {
                    if (Type(argument) is { } bad) return bad;
                }
                if (!method.ReturnsVoid && method.MethodKind != MethodKind.Constructor && Type(method.ReturnType) is { } result) return result;
                return null;
            case IPropertySymbol property: return Type(property.Type);
            case IFieldSymbol field: return Type(field.Type);
            default: return null;
        }
    }

    // ---- Expression types ------------------------------------------------------------------------------------

    private void CheckExpressionType(ExpressionSyntax expression)
    {
        if (expression is SimpleNameSyntax or PredefinedTypeSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax or LiteralExpressionSyntax) return;
        var info = _model.GetTypeInfo(expression);
        var type = expression is AnonymousFunctionExpressionSyntax ? info.ConvertedType : info.Type;
        if (type is null || Type(type) is not { } problem) return;
        Report(problem.Kind, expression, expression.Span, problem.Arguments);
    }

    /// <summary>Namespace-qualified metadata name: System.Collections.Generic.List`1, Outer+Inner for nested types.</summary>
    internal static string FullName(ISymbol symbol)
    {
        if (symbol is INamespaceSymbol ns) return ns.IsGlobalNamespace ? "" : ns.ToDisplayString();
        var name = symbol.MetadataName;
        if (symbol.ContainingType is { } outer) return FullName(outer) + "+" + name;
        var space = symbol.ContainingNamespace;
        return space is null || space.IsGlobalNamespace ? name : space.ToDisplayString() + "." + name;
    }
}

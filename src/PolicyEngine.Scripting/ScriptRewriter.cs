using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PolicyEngine.Scripting.CSharp;

/// <summary>
/// Writes the guards into a checked script: <c>Guard.Tick()</c> first in every loop body, <c>Guard.Enter()</c> first in
/// the function and in every local function, lambda and anonymous method, <c>Guard.Size(n)</c> around array sizes and
/// size arguments (capacities, counts, widths), and <c>Guard.Seq(…)</c> around every lazy sequence a library call
/// returns. With goto, try and recursion-free library code ruled out by the checker, every path that can run long
/// or deep passes a guard.
/// </summary>
internal sealed class ScriptRewriter(SemanticModel model) : CSharpSyntaxRewriter
{
    private const string Guard = "global::PolicyEngine.Scripting.CSharp.Guard";

    public CompilationUnitSyntax Rewrite(CompilationUnitSyntax root, BlockSyntax body)
    {
        var guarded = Prepend(Call("Enter"), (BlockSyntax)Visit(body)!);
        return root.ReplaceNode(body, guarded);
    }

    private static StatementSyntax Call(string method) => ParseStatement($"{Guard}.{method}();");

    private static BlockSyntax Prepend(StatementSyntax guard, StatementSyntax body) =>
        body is BlockSyntax block ? block.WithStatements(block.Statements.Insert(0, guard)) : Block(guard, body);

    private static ExpressionSyntax Wrap(string method, ExpressionSyntax expression) =>
        InvocationExpression(ParseExpression($"{Guard}.{method}"), ArgumentList(SingletonSeparatedList(Argument(expression.WithoutTrivia()))))
            .WithTriviaFrom(expression);

    // ---- Loops ---------------------------------------------------------------------------------------------

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Prepend(Call("Tick"), visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Prepend(Call("Tick"), visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Prepend(Call("Tick"), visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Prepend(Call("Tick"), visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Prepend(Call("Tick"), visited.Statement));
    }

    // ---- Functions -----------------------------------------------------------------------------------------

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var returnsVoid = model.GetDeclaredSymbol(node) is IMethodSymbol { ReturnsVoid: true };
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (visited.Body is { } body) return visited.WithBody(Prepend(Call("Enter"), body));
        var expression = visited.ExpressionBody!.Expression;
        return visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(Call("Enter"), AsStatement(expression, returnsVoid)));
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => Lambda(node, base.VisitParenthesizedLambdaExpression(node));

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => Lambda(node, base.VisitSimpleLambdaExpression(node));

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var visited = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return visited.WithBlock(Prepend(Call("Enter"), visited.Block));
    }

    private SyntaxNode Lambda(LambdaExpressionSyntax original, SyntaxNode? rewritten)
    {
        var returnsVoid = model.GetSymbolInfo(original).Symbol is IMethodSymbol { ReturnsVoid: true };
        var visited = (LambdaExpressionSyntax)rewritten!;
        if (visited.Block is { } block) return visited.WithBlock(Prepend(Call("Enter"), block));
        var expression = visited.ExpressionBody!;
        return visited.WithExpressionBody(null).WithBlock(Block(Call("Enter"), AsStatement(expression, returnsVoid)));
    }

    private static StatementSyntax AsStatement(ExpressionSyntax expression, bool returnsVoid) => expression switch
    {
        ThrowExpressionSyntax t => ThrowStatement(Token(SyntaxKind.ThrowKeyword).WithTrailingTrivia(Space), t.Expression, Token(SyntaxKind.SemicolonToken)),
        _ when returnsVoid => ExpressionStatement(expression),
        _ => ReturnStatement(Token(SyntaxKind.ReturnKeyword).WithTrailingTrivia(Space), expression, Token(SyntaxKind.SemicolonToken)),
    };

    // ---- Sizes and sequences -------------------------------------------------------------------------------

    public override SyntaxNode? VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
    {
        var visited = (ArrayRankSpecifierSyntax)base.VisitArrayRankSpecifier(node)!;
        if (node.Parent is not ArrayTypeSyntax { Parent: ArrayCreationExpressionSyntax }) return visited;
        return visited.WithSizes(SeparatedList(visited.Sizes.Select(s => s is OmittedArraySizeExpressionSyntax ? s : Wrap("Size", s))));
    }

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var operation = model.GetOperation(node) as IInvocationOperation;
        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        if (operation is null) return visited;
        visited = visited.WithArgumentList(GuardSizes(node.ArgumentList, visited.ArgumentList, operation.Arguments));
        var method = operation.TargetMethod;
        // s.Replace(a, b) can square a string's length in one call: its size is checked before it runs.
        if (method is { Name: "Replace", IsStatic: false, ContainingType.SpecialType: SpecialType.System_String, Parameters: [{ Type.SpecialType: SpecialType.System_String }, { Type.SpecialType: SpecialType.System_String }] } &&
            visited.Expression is MemberAccessExpressionSyntax replace && visited.ArgumentList.Arguments.Count == 2)
        {
            // Arguments in parameter order (they may be named), without their names.
            var ordered = operation.Arguments.OrderBy(a => a.Parameter!.Ordinal)
                .Select(a => visited.ArgumentList.Arguments[node.ArgumentList.Arguments.IndexOf((ArgumentSyntax)a.Syntax)].WithNameColon(null));
            return InvocationExpression(ParseExpression($"{Guard}.Replace"),
                ArgumentList(SeparatedList([Argument(replace.Expression.WithoutTrivia()), .. ordered]))).WithTriviaFrom(visited);
        }
        var user = method.MethodKind is MethodKind.LocalFunction or MethodKind.LambdaMethod or MethodKind.AnonymousFunction;
        // Inside a?.b(…) the call cannot be wrapped; the whole conditional access is (below).
        if (user || IsInConditionalAccess(node) || !IsLazySequence(operation.Type)) return visited;
        return Wrap("Seq", visited);
    }

    public override SyntaxNode? VisitConditionalAccessExpression(ConditionalAccessExpressionSyntax node)
    {
        var type = model.GetTypeInfo(node).Type;
        var visited = (ExpressionSyntax)base.VisitConditionalAccessExpression(node)!;
        return IsLazySequence(type) && node.Parent is not ConditionalAccessExpressionSyntax ? Wrap("Seq", visited) : visited;
    }

    public override SyntaxNode? VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
    {
        var operation = model.GetOperation(node) as IObjectCreationOperation;
        var visited = (ObjectCreationExpressionSyntax)base.VisitObjectCreationExpression(node)!;
        return operation is null || node.ArgumentList is null ? visited : visited.WithArgumentList(GuardSizes(node.ArgumentList, visited.ArgumentList!, operation.Arguments));
    }

    public override SyntaxNode? VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node)
    {
        var operation = model.GetOperation(node) as IObjectCreationOperation;
        var visited = (ImplicitObjectCreationExpressionSyntax)base.VisitImplicitObjectCreationExpression(node)!;
        return operation is null ? visited : visited.WithArgumentList(GuardSizes(node.ArgumentList, visited.ArgumentList, operation.Arguments));
    }

    /// <summary>Wraps the arguments of int or long parameters that size an allocation (count, capacity, totalWidth…).</summary>
    private static ArgumentListSyntax GuardSizes(ArgumentListSyntax original, ArgumentListSyntax visited, IEnumerable<IArgumentOperation> arguments)
    {
        var list = visited;
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter) continue;
            if (parameter.RefKind != RefKind.None || parameter.Type.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64)) continue;
            if (!AllowList.SizeParameters.Contains(parameter.Name)) continue;
            if (argument.Syntax is not ArgumentSyntax syntax) continue;
            var index = original.Arguments.IndexOf(syntax);
            if (index < 0) continue;
            var current = list.Arguments[index];
            list = list.WithArguments(list.Arguments.Replace(current, current.WithExpression(Wrap("Size", current.Expression))));
        }
        return list;
    }

    private static bool IsInConditionalAccess(SyntaxNode node)
    {
        for (var current = node; current.Parent is { } parent; current = parent)
        {
            if (parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == current) return true;
            if (parent is not (MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or MemberBindingExpressionSyntax)) return false;
        }
        return false;
    }

    private static bool IsLazySequence(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named &&
        ScriptChecker.FullName(named.OriginalDefinition) is "System.Collections.Generic.IEnumerable`1" or "System.Linq.IOrderedEnumerable`1";
}

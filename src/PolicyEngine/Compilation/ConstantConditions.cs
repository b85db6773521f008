using PolicyEngine.Binding;
using PolicyEngine.Diagnostics;
using PolicyEngine.Runtime;

namespace PolicyEngine.Compilation;

/// <summary>Warns about conditions that read no fact and no outcome: they are the same for every model (PE0107).</summary>
internal static class ConstantConditions
{
    public static void Check(BoundPack pack, List<Diagnostic> diagnostics)
    {
        foreach (var rule in pack.Rules)
        {
            Check(rule.When, diagnostics);
            Check(rule.Unless, diagnostics);
            Check(rule.Require, diagnostics);
        }
        foreach (var classification in pack.Classifications)
        {
            foreach (var arm in classification.Arms) Check(arm.Condition, diagnostics);
        }
    }

    private static void Check(BoundExpr? condition, List<Diagnostic> diagnostics)
    {
        if (condition is null || !IsConstant(condition)) return;
        string value;
        try
        {
            var compiler = new ExpressionCompiler(false, new List<BoundExpr>());
            var evaluate = compiler.Lambda<Tri>(compiler.Compile(condition));
            value = evaluate(new EvaluationContext(null!, 0, 0, 0)).Text();
        }
        catch (Exception e) when (CompiledPack.IsRuntimeFault(e))
        {
            return;
        }
        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ConstantCondition, condition.Tree.Source.Location(condition.Syntax.Span), value));
    }

    private static bool IsConstant(BoundExpr node)
    {
        var stack = new Stack<BoundExpr>();
        var seen = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        stack.Push(node);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!seen.Add(n)) continue;
            // A script call is never folded: checking a condition must not run a script.
            if (n is BoundField or BoundVariable or BoundOutputReference or BoundQuantifier or BoundTableLookup or BoundTableContains or BoundScriptCall) return false;
            foreach (var child in n.Children) stack.Push(child);
        }
        return true;
    }
}

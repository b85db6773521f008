namespace PolicyEngine.Runtime;

/// <summary>
/// Computes a <c>let</c> once per evaluation and remembers it: every rule that reads <c>systemic_risk</c> shares one
/// computation, and a chain of lets compiles to a chain of small delegates rather than one huge inlined tree.
/// </summary>
public static class LetCache
{
    private const byte Done = 2;

    public static double Number(EvaluationContext context, int index, Func<EvaluationContext, double> compute)
    {
        context.EnsureLets(index + 1);
        if (context.LetState[index] == Done) return context.LetNumbers[index];
        var value = compute(context);
        context.LetNumbers[index] = value;
        context.LetState[index] = Done;
        return value;
    }

    public static Tri Flag(EvaluationContext context, int index, Func<EvaluationContext, Tri> compute)
    {
        context.EnsureLets(index + 1);
        if (context.LetState[index] == Done) return context.LetFlags[index];
        var value = compute(context);
        context.LetFlags[index] = value;
        context.LetState[index] = Done;
        return value;
    }

    public static T? Object<T>(EvaluationContext context, int index, Func<EvaluationContext, T?> compute) where T : class
    {
        context.EnsureLets(index + 1);
        if (context.LetState[index] == Done) return (T?)context.LetObjects[index];
        var value = compute(context);
        context.LetObjects[index] = value;
        context.LetState[index] = Done;
        return value;
    }
}

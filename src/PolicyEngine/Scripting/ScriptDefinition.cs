using PolicyEngine.Binding;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;
using PolicyEngine.Text;

namespace PolicyEngine.Scripting;

/// <summary>A script function of a pack: its signature, its C# and, once compiled, the function to call.</summary>
public sealed class ScriptDefinition
{
    internal ScriptDefinition(FunctionSymbol symbol, ScriptExpr script, IReadOnlyList<ScriptParameter> parameters, ScriptType result, PolicyType resultType)
    {
        Symbol = symbol;
        Script = script;
        ResultType = resultType;
        Source = new ScriptSource(symbol.Name, parameters, result, script.Code);
    }

    public FunctionSymbol Symbol { get; }
    public string Name => Symbol.Name;
    public SyntaxTree Tree => Symbol.Tree;
    public ScriptExpr Script { get; }
    public ScriptSource Source { get; }
    public PolicyType ResultType { get; }

    /// <summary>The script's span (<c>csharp { … }</c>) in its file.</summary>
    public Location Location => Tree.Source.Location(Script.Span);

    /// <summary>Set when the pack compiles with scripts allowed.</summary>
    public IScriptFunction? Function { get; internal set; }

    /// <summary>Maps a span inside <see cref="ScriptExpr.Code"/> to the policy file.</summary>
    public Location Map(int start, int length)
    {
        start = Math.Clamp(start, 0, Script.Code.Length);
        length = Math.Clamp(length, 0, Script.Code.Length - start);
        return Tree.Source.Location(new TextSpan(Script.CodeStart + start, length));
    }
}

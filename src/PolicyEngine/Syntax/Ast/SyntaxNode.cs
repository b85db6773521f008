using PolicyEngine.Text;

namespace PolicyEngine.Syntax.Ast;

/// <summary>Every node knows the span of source it came from; <c>ToString()</c> prints canonical source.</summary>
public abstract class SyntaxNode
{
    protected SyntaxNode(TextSpan span) => Span = span;

    public TextSpan Span { get; }
}

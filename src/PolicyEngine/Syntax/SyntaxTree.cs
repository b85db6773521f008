using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax.Ast;
using PolicyEngine.Text;
using Superpower.Model;

namespace PolicyEngine.Syntax;

/// <summary>The result of parsing one file: its declaration (if any could be read), comments and syntax diagnostics.</summary>
public sealed class SyntaxTree
{
    internal SyntaxTree(SourceText source, PolicyDeclaration? root, IReadOnlyList<Token<PolicyToken>> comments, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        Root = root;
        Comments = comments;
        Diagnostics = diagnostics;
    }

    public SourceText Source { get; }
    public PolicyDeclaration? Root { get; }
    public IReadOnlyList<Token<PolicyToken>> Comments { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public static SyntaxTree Parse(SourceText source, Limits? limits = null) => new PolicyParser(source, limits ?? Limits.Default).Parse();

    /// <summary>Parses a lone expression (for tools and tests).</summary>
    public static (Expr? Expression, IReadOnlyList<Diagnostic> Diagnostics) ParseExpression(SourceText source, Limits? limits = null) =>
        new PolicyParser(source, limits ?? Limits.Default).ParseExpressionOnly();
}

using System.Text;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.Syntax.Formatting;

/// <summary>The canonical text of a file's declaration and every member, one line each: two files with
/// the same dump mean the same thing, whatever their layout and comments.</summary>
internal static class SyntaxDump
{
    public static string Of(SyntaxTree tree)
    {
        var root = tree.Root;
        if (root is null) return "";
        var sb = new StringBuilder(root.Header).Append('\n');
        foreach (var member in root.Members) sb.Append(Of(member)).Append('\n');
        return sb.ToString();
    }

    public static string Of(Member member) => member switch
    {
        RuleMember r => $"{r.Header} {{ {string.Join("; ", r.Clauses)} }}",
        ClassifyMember c => $"{c.Header} {{ {string.Join("; ", c.Arms)} }}",
        TestMember t => $"test {t.Name} {{ {string.Join("; ", t.Steps)} }}",
        _ => member.ToString() ?? "",
    };
}

using System.Text;

namespace PolicyEngine.Scripting.CSharp;

/// <summary>
/// The C# compiled for one script function: a static class whose one method has the function's signature and the
/// script's block, verbatim, as its body. <see cref="BodyStart"/> maps positions in the text back to the block.
/// </summary>
internal sealed record GeneratedScript(string Text, int BodyStart, int BodyLength)
{
    public const string ClassName = "PolicyScript";
    public const string MethodName = "Run";

    public static GeneratedScript For(ScriptSource source)
    {
        var sb = new StringBuilder();
        sb.Append("// PolicyEngine script function '").Append(source.Name).Append("'\n");
        sb.Append("using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing System.Collections.Immutable;\n\n");
        sb.Append("public static class ").Append(ClassName).Append("\n{\n");
        sb.Append("    public static ").Append(source.Result.ResultCSharp).Append(' ').Append(MethodName).Append('(');
        sb.Append(string.Join(", ", source.Parameters.Select(p => $"{p.Type.ParameterCSharp} @{p.Name}")));
        sb.Append(")\n");
        var start = sb.Length;
        sb.Append(source.Code);
        sb.Append("\n}\n");
        return new GeneratedScript(sb.ToString(), start, source.Code.Length);
    }

    public int BodyEnd => BodyStart + BodyLength;

    /// <summary>A span of the text as a span of the script's block (clamped into it).</summary>
    public (int Start, int Length) ToScript(int start, int length)
    {
        var s = Math.Clamp(start - BodyStart, 0, BodyLength);
        var e = Math.Clamp(start + length - BodyStart, s, BodyLength);
        if (e == s && s == BodyLength && s > 0) s--;
        return (s, Math.Max(e - s, e == s ? 1 : 0));
    }
}

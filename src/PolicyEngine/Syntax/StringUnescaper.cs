using System.Text;

namespace PolicyEngine.Syntax;

/// <summary>Turns a string token (with its quotes) into its value. Invalid escapes are kept as written;
/// <see cref="LiteralChecker"/> reports them.</summary>
internal static class StringUnescaper
{
    public static string Unescape(string token)
    {
        var inner = token.Length >= 2 && token[^1] == '"' ? token[1..^1] : token[1..];
        if (!inner.Contains('\\')) return inner;
        var sb = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            var ch = inner[i];
            if (ch != '\\' || i + 1 >= inner.Length)
            {
                sb.Append(ch);
                continue;
            }
            var next = inner[++i];
            sb.Append(next switch
            {
                'n' => "\n",
                't' => "\t",
                'r' => "\r",
                '"' => "\"",
                '\\' => "\\",
                _ => "\\" + next,
            });
        }
        return sb.ToString();
    }

    /// <summary>Offsets (within the token) and characters of escapes that are not valid.</summary>
    public static IEnumerable<(int Offset, char Escape)> InvalidEscapes(string token)
    {
        for (var i = 1; i < token.Length - 1; i++)
        {
            if (token[i] != '\\') continue;
            var next = token[i + 1];
            if (next is not ('n' or 't' or 'r' or '"' or '\\')) yield return (i, next);
            i++;
        }
    }
}

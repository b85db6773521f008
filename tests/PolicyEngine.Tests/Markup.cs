using PolicyEngine.Text;

namespace PolicyEngine.Tests;

/// <summary>Text with expected spans marked as <c>[|text|]</c> (Meziantou-style); returns the plain text and the spans.</summary>
public static class Markup
{
    public static (string Text, List<TextSpan> Spans) Parse(string marked)
    {
        var spans = new List<TextSpan>();
        var sb = new System.Text.StringBuilder();
        var i = 0;
        var open = new Stack<int>();
        while (i < marked.Length)
        {
            if (string.CompareOrdinal(marked, i, "[|", 0, 2) == 0) { open.Push(sb.Length); i += 2; continue; }
            if (string.CompareOrdinal(marked, i, "|]", 0, 2) == 0 && open.Count > 0) { var s = open.Pop(); spans.Add(TextSpan.FromBounds(s, sb.Length)); i += 2; continue; }
            sb.Append(marked[i++]);
        }
        return (sb.ToString(), spans.OrderBy(s => s.Start).ToList());
    }
}

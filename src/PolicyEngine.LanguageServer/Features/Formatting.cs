using PolicyEngine.LanguageServer.Protocol;
using PolicyEngine.Syntax;

namespace PolicyEngine.LanguageServer.Features;

/// <summary>
/// Formatting with the code <c>policyengine fmt</c> uses, handed to the server as a function from a parsed file
/// to its formatted text. A document with syntax errors is left alone, and so is every document when the host
/// gives no formatter. The result is one edit: the lines that differ.
/// </summary>
internal static class Formatting
{
    public static IReadOnlyList<TextEdit> Format(OpenDocument document, Func<SyntaxTree, string>? formatter)
    {
        if (formatter is null) return [];
        var tree = document.Tree;
        if (tree.Root is null || tree.Diagnostics.Any(d => d.Severity == Diagnostics.DiagnosticSeverity.Error)) return [];
        string formatted;
        try
        {
            formatted = formatter(tree);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The formatter declined (syntax errors, or a result it could not verify): leave the text as it is.
            return [];
        }
        return formatted == document.Text ? [] : [Edit(document, formatted)];
    }

    /// <summary>Replaces the lines between the common leading and trailing lines of the two texts.</summary>
    internal static TextEdit Edit(OpenDocument document, string formatted)
    {
        var oldLines = SplitKeepingEndings(document.Text);
        var newLines = SplitKeepingEndings(formatted);
        var lead = 0;
        while (lead < oldLines.Count && lead < newLines.Count && oldLines[lead] == newLines[lead]) lead++;
        var trail = 0;
        while (trail < oldLines.Count - lead && trail < newLines.Count - lead && oldLines[^(trail + 1)] == newLines[^(trail + 1)]) trail++;

        var start = oldLines.Take(lead).Sum(l => l.Length);
        var end = document.Text.Length - oldLines.TakeLast(trail).Sum(l => l.Length);
        var replacement = string.Concat(newLines.Skip(lead).Take(newLines.Count - lead - trail));
        return new TextEdit(new Protocol.Range(document.PositionOf(start), document.PositionOf(end)), replacement);
    }

    private static List<string> SplitKeepingEndings(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }
}

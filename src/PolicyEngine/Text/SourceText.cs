namespace PolicyEngine.Text;

/// <summary>Zero-based line and character; printed one-based.</summary>
public readonly record struct LinePosition(int Line, int Character)
{
    public override string ToString() => $"{Line + 1},{Character + 1}";
}

/// <summary>A policy or descriptor file's text with a line map, so spans can be shown as line and column.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text, string path)
    {
        Text = text;
        Path = path;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        _lineStarts = starts.ToArray();
    }

    public string Text { get; }

    /// <summary>The path as the user gave it (used in diagnostics).</summary>
    public string Path { get; }

    public int LineCount => _lineStarts.Length;

    public LinePosition GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new LinePosition(line, offset - _lineStarts[line]);
    }

    public int GetOffset(int line, int character) =>
        line < _lineStarts.Length ? Math.Min(Text.Length, _lineStarts[line] + character) : Text.Length;

    public string GetLineText(int line)
    {
        var start = _lineStarts[line];
        var end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : Text.Length;
        return Text[start..end].TrimEnd('\r', '\n');
    }

    public string this[TextSpan span] => Text.Substring(Math.Min(span.Start, Text.Length), Math.Min(span.Length, Math.Max(0, Text.Length - span.Start)));

    public Location Location(TextSpan span) => new(this, span);
}

/// <summary>A span in a particular source.</summary>
public readonly record struct Location(SourceText? Source, TextSpan Span)
{
    public static readonly Location None = new(null, default);

    public string Path => Source?.Path ?? "";

    public LinePosition StartPosition => Source?.GetPosition(Span.Start) ?? default;

    public LinePosition EndPosition => Source?.GetPosition(Span.End) ?? default;

    public override string ToString() => Source is null ? "" : $"{Source.Path}({StartPosition})";
}

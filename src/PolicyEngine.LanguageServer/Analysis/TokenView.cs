using PolicyEngine.Syntax;
using PolicyEngine.Text;

namespace PolicyEngine.LanguageServer.Analysis;

/// <summary>A token by kind, span and text.</summary>
internal readonly record struct Tok(PolicyToken Kind, int Start, int End, string Text)
{
    public TextSpan Span => TextSpan.FromBounds(Start, End);

    /// <summary>A name, or a keyword where a name may stand (after a dot keywords are names: <c>release.date</c>).</summary>
    public bool IsNameLike => Kind == PolicyToken.Identifier || Keywords.Kinds.Contains(Kind);
}

/// <summary>
/// The tokens around a position in a document, comments left out, for completion, hover and go-to-definition on
/// text that may not parse. When the position is inside a <c>{…}</c> hole of a <c>message</c> string, the string's
/// token is replaced by the tokens of that hole, so a path in a hole is read like any other.
/// </summary>
internal sealed class TokenView
{
    private TokenView(IReadOnlyList<Tok> tokens, bool inPlainText)
    {
        Tokens = tokens;
        InPlainText = inPlainText;
    }

    public IReadOnlyList<Tok> Tokens { get; }

    /// <summary>True when the position is inside a comment or a string (outside a message hole): no code there.</summary>
    public bool InPlainText { get; }

    public static TokenView At(OpenDocument document, int offset)
    {
        var text = document.Text;
        var all = document.Tokens;
        var tokens = new List<Tok>(all.Length);
        var inPlainText = false;
        foreach (var token in all)
        {
            var start = token.Span.Position.Absolute;
            var tok = new Tok(token.Kind, start, start + token.Span.Length, token.ToStringValue());
            var strictlyInside = tok.Start < offset && offset < tok.End;
            var atOpenEnd = offset == tok.End && tok.Kind is PolicyToken.Comment or PolicyToken.UnterminatedComment or PolicyToken.UnterminatedString
                && !(tok.Kind == PolicyToken.Comment && tok.Text.StartsWith("/*", StringComparison.Ordinal));
            if (tok.Kind is PolicyToken.Comment or PolicyToken.UnterminatedComment)
            {
                if (strictlyInside || atOpenEnd) inPlainText = true;
                continue;
            }
            if (tok.Kind is PolicyToken.String or PolicyToken.UnterminatedString && (strictlyInside || atOpenEnd))
            {
                var isMessage = tokens.Count > 0 && tokens[^1].Kind == PolicyToken.Message;
                if (isMessage && FindHole(text, tok, offset) is { } hole)
                {
                    foreach (var inner in PolicyTokenizer.Instance.TokenizeRange(text, hole.Start, hole.Length))
                    {
                        if (inner.Kind == PolicyToken.Comment) continue;
                        var innerStart = inner.Span.Position.Absolute;
                        tokens.Add(new Tok(inner.Kind, innerStart, innerStart + inner.Span.Length, inner.ToStringValue()));
                    }
                    continue;
                }
                inPlainText = true;
            }
            tokens.Add(tok);
        }
        return new TokenView(tokens, inPlainText);
    }

    /// <summary>The <c>{…}</c> hole of a message string that holds the offset: its inside, without the braces.</summary>
    internal static TextSpan? FindHole(string text, Tok str, int offset)
    {
        var contentEnd = str.Kind == PolicyToken.String ? str.End - 1 : str.End;
        int? open = null;
        for (var i = str.Start + 1; i < contentEnd; i++)
        {
            var c = text[i];
            if (c == '\\') { i++; continue; }
            var next = i + 1 < contentEnd ? text[i + 1] : '\0';
            if (open is null)
            {
                if (c == '{' && next == '{') i++;
                else if (c == '{') open = i + 1;
                else if (c == '}' && next == '}') i++;
            }
            else if (c == '}')
            {
                if (offset >= open && offset <= i) return TextSpan.FromBounds(open.Value, i);
                open = null;
            }
        }
        return open is { } o && offset >= o ? TextSpan.FromBounds(o, contentEnd) : null;
    }

    /// <summary>Index of the last token that starts before the offset, or -1.</summary>
    public int LastStartingBefore(int offset)
    {
        var index = -1;
        for (var i = 0; i < Tokens.Count && Tokens[i].Start < offset; i++) index = i;
        return index;
    }

    /// <summary>Index of the name (or rule ID) token under the offset: one that holds it, or one that ends at it.</summary>
    public int NameAt(int offset)
    {
        for (var i = 0; i < Tokens.Count; i++)
        {
            var t = Tokens[i];
            if (t.Start > offset) break;
            if ((t.IsNameLike || t.Kind == PolicyToken.HyphenatedName || t.Kind == PolicyToken.String) && t.Start <= offset && offset < t.End) return i;
        }
        for (var i = 0; i < Tokens.Count; i++)
        {
            var t = Tokens[i];
            if ((t.IsNameLike || t.Kind == PolicyToken.HyphenatedName) && t.End == offset) return i;
        }
        return -1;
    }
}

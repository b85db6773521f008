using Superpower;
using Superpower.Model;

namespace PolicyEngine.Syntax;

/// <summary>
/// The hand-written tokenizer. It is permissive: it never fails, and malformed input becomes a
/// <see cref="PolicyToken.BadCharacter"/>, <see cref="PolicyToken.UnterminatedString"/> or
/// <see cref="PolicyToken.UnterminatedComment"/> token that the parser reports as a diagnostic.
/// Keywords are recognised here from the one list in <see cref="Keywords"/>.
/// </summary>
public sealed class PolicyTokenizer : Tokenizer<PolicyToken>
{
    public static PolicyTokenizer Instance { get; } = new();

    /// <summary>Tokenizes the whole text, comments included.</summary>
    public Token<PolicyToken>[] TokenizeAll(string text) => Tokenize(text).ToArray();

    /// <summary>Tokenizes part of a text (an interpolation hole); spans stay absolute in the whole text.</summary>
    public Token<PolicyToken>[] TokenizeRange(string text, int start, int length)
    {
        var prefix = new TextSpan(text);
        var position = prefix.Skip(start).Position;
        return Tokenize(new TextSpan(text, position, length))
            .Select(r => new Token<PolicyToken>(r.Value, r.Location)).ToArray();
    }

    protected override IEnumerable<Result<PolicyToken>> Tokenize(TextSpan span)
    {
        var source = span.Source!;
        var cursor = new Cursor(source, span.Position, span.Position.Absolute + span.Length);
        var afterCSharp = false;

        while (true)
        {
            cursor.SkipWhiteSpace();
            if (cursor.AtEnd) yield break;

            var start = cursor.Position;
            // After `csharp`, a braced block is C#: one token, kept verbatim.
            var kind = afterCSharp && cursor.Current == '{' ? ScanScriptBody(ref cursor) : Scan(ref cursor);
            afterCSharp = kind == PolicyToken.CSharp;
            var token = new TextSpan(source, start, cursor.Position.Absolute - start.Absolute);
            var rest = new TextSpan(source, cursor.Position, cursor.End - cursor.Position.Absolute);
            yield return Result.Value(kind, token, rest);
        }
    }

    private static PolicyToken Scan(ref Cursor c)
    {
        var ch = c.Current;

        if (ch == '/' && c.Peek(1) == '/')
        {
            while (!c.AtEnd && c.Current != '\n' && c.Current != '\r') c.Advance();
            return PolicyToken.Comment;
        }
        if (ch == '/' && c.Peek(1) == '*')
        {
            c.Advance(2);
            while (!c.AtEnd)
            {
                if (c.Current == '*' && c.Peek(1) == '/') { c.Advance(2); return PolicyToken.Comment; }
                c.Advance();
            }
            return PolicyToken.UnterminatedComment;
        }
        if (ch == '"') return ScanString(ref c);
        if (IsDigit(ch)) return ScanNumberOrDate(ref c);
        if (IsIdentifierStart(ch)) return ScanName(ref c);

        var two = c.Peek(1) is { } n ? string.Concat(ch, n) : null;
        if (two is not null && Keywords.Symbols.TryGetValue(two, out var pair))
        {
            c.Advance(2);
            return pair;
        }
        c.Advance();
        return Keywords.Symbols.TryGetValue(ch.ToString(), out var single) ? single : PolicyToken.BadCharacter;
    }

    private static PolicyToken ScanString(ref Cursor c)
    {
        c.Advance();
        while (!c.AtEnd)
        {
            var ch = c.Current;
            if (ch == '\n' || ch == '\r') return PolicyToken.UnterminatedString;
            c.Advance();
            if (ch == '"') return PolicyToken.String;
            if (ch == '\\' && !c.AtEnd && c.Current != '\n' && c.Current != '\r') c.Advance();
        }
        return PolicyToken.UnterminatedString;
    }

    /// <summary>
    /// A C# block: braces are matched the way C# reads them, so braces inside C# strings (regular, verbatim,
    /// interpolated and raw), character literals and comments do not count. Preprocessor directives are not
    /// interpreted here; the script checker rejects them.
    /// </summary>
    private static PolicyToken ScanScriptBody(ref Cursor c)
    {
        var depth = 0;
        while (!c.AtEnd)
        {
            var ch = c.Current;
            if (ch == '/' && c.Peek(1) == '/')
            {
                while (!c.AtEnd && c.Current != '\n' && c.Current != '\r') c.Advance();
                continue;
            }
            if (ch == '/' && c.Peek(1) == '*')
            {
                c.Advance(2);
                while (!c.AtEnd && !(c.Current == '*' && c.Peek(1) == '/')) c.Advance();
                c.Advance(2);
                continue;
            }
            if (ch == '\'')
            {
                c.Advance();
                while (!c.AtEnd && c.Current != '\'' && c.Current != '\n')
                {
                    if (c.Current == '\\') c.Advance();
                    c.Advance();
                }
                c.Advance();
                continue;
            }
            if (ch is '$' or '@' or '"')
            {
                SkipCSharpString(ref c);
                continue;
            }
            c.Advance();
            if (ch == '{') depth++;
            else if (ch == '}' && --depth == 0) return PolicyToken.ScriptBody;
        }
        return PolicyToken.UnterminatedScript;
    }

    /// <summary>Skips a C# string literal with its prefix ($, @, $@, @$, $$…) or a lone $ or @.</summary>
    private static void SkipCSharpString(ref Cursor c)
    {
        var verbatim = false;
        while (c.Current is '$' or '@')
        {
            verbatim |= c.Current == '@';
            c.Advance();
        }
        if (c.Current != '"') return;
        var quotes = 0;
        while (c.Peek(quotes) == '"') quotes++;
        if (quotes >= 3)
        {
            // A raw string ends at the same number of quotes.
            c.Advance(quotes);
            while (!c.AtEnd)
            {
                var run = 0;
                while (c.Peek(run) == '"') run++;
                if (run >= quotes) { c.Advance(run); return; }
                c.Advance(Math.Max(1, run));
            }
            return;
        }
        c.Advance();
        while (!c.AtEnd)
        {
            var ch = c.Current;
            if (verbatim)
            {
                c.Advance();
                if (ch == '"')
                {
                    if (c.Current == '"') { c.Advance(); continue; }
                    return;
                }
                continue;
            }
            if (ch == '\n') return;
            c.Advance();
            if (ch == '"') return;
            if (ch == '\\' && !c.AtEnd) c.Advance();
        }
    }

    private static PolicyToken ScanNumberOrDate(ref Cursor c)
    {
        // An ISO date: exactly dddd-dd-dd, not followed by a name character.
        if (c.Matches("dddd-dd-dd") && !(c.Peek(10) is { } after && IsIdentifierPart(after)))
        {
            c.Advance(10);
            return PolicyToken.Date;
        }

        SkipDigits(ref c);
        if (c.Current == '.' && c.Peek(1) is { } d && IsDigit(d))
        {
            c.Advance();
            SkipDigits(ref c);
        }
        if ((c.Current == 'e' || c.Current == 'E') &&
            (c.Peek(1) is { } e1 && IsDigit(e1) || (c.Peek(1) is '+' or '-' && c.Peek(2) is { } e2 && IsDigit(e2))))
        {
            c.Advance(c.Peek(1) is '+' or '-' ? 2 : 1);
            SkipDigits(ref c);
        }
        return PolicyToken.Number;
    }

    private static void SkipDigits(ref Cursor c)
    {
        while (!c.AtEnd && (IsDigit(c.Current) || c.Current == '_' && c.Peek(1) is { } n && IsDigit(n))) c.Advance();
    }

    private static PolicyToken ScanName(ref Cursor c)
    {
        var start = c.Position.Absolute;
        while (!c.AtEnd && IsIdentifierPart(c.Current)) c.Advance();
        var hyphenated = false;
        // EU-53-1a: a hyphen joined on both sides to name characters continues the name.
        while (!c.AtEnd && c.Current == '-' && c.Peek(1) is { } next && IsIdentifierPart(next))
        {
            hyphenated = true;
            c.Advance();
            while (!c.AtEnd && IsIdentifierPart(c.Current)) c.Advance();
        }
        if (hyphenated) return PolicyToken.HyphenatedName;
        var text = c.Source.Substring(start, c.Position.Absolute - start);
        return Keywords.All.TryGetValue(text, out var keyword) ? keyword : PolicyToken.Identifier;
    }

    internal static bool IsDigit(char ch) => ch is >= '0' and <= '9';

    internal static bool IsIdentifierStart(char ch) => ch is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_';

    internal static bool IsIdentifierPart(char ch) => IsIdentifierStart(ch) || IsDigit(ch);

    /// <summary>A position in the text that keeps line and column up to date as it moves.</summary>
    private struct Cursor
    {
        private int _index;
        private int _line;
        private int _column;

        public Cursor(string source, Position start, int end)
        {
            Source = source;
            End = end;
            _index = start.Absolute;
            _line = start.Line;
            _column = start.Column;
        }

        public string Source { get; }
        public int End { get; }
        public readonly bool AtEnd => _index >= End;
        public readonly char Current => _index < End ? Source[_index] : '\0';
        public readonly Position Position => new(_index, _line, _column);

        public readonly char? Peek(int offset) => _index + offset < End ? Source[_index + offset] : null;

        public void Advance(int count = 1)
        {
            for (var i = 0; i < count && _index < End; i++)
            {
                var ch = Source[_index++];
                if (ch == '\n' || ch == '\r' && Current != '\n') { _line++; _column = 1; }
                else _column++;
            }
        }

        public void SkipWhiteSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(Current)) Advance();
        }

        /// <summary>Matches a pattern where 'd' is any digit and other characters are literal.</summary>
        public readonly bool Matches(string pattern)
        {
            if (_index + pattern.Length > End) return false;
            for (var i = 0; i < pattern.Length; i++)
            {
                var ch = Source[_index + i];
                if (pattern[i] == 'd' ? !IsDigit(ch) : ch != pattern[i]) return false;
            }
            return true;
        }
    }
}

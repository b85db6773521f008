using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;
using PolicyEngine.Text;

namespace PolicyEngine.Syntax.Formatting;

/// <summary>
/// The canonical formatter behind <c>policyengine fmt</c>.
/// <para>
/// It only ever changes the white space between tokens: every token and every comment is written back in
/// its original order (message holes are re-spaced inside the string), so the formatted file parses to the
/// same members; <see cref="Format"/> checks that before it returns. The layout rules:
/// </para>
/// <list type="bullet">
/// <item>Two-space indentation: members at 2; clauses, arms and test steps at 4.</item>
/// <item>Rule clause values start in one column (<c>severity error</c>, <c>cite     "…"</c>,
/// <c>require  …</c>); classification labels are padded so that <c>when</c> lines up; test steps take one
/// space (<c>given "…"</c>, <c>set x = 1</c>, <c>expect …</c>), as in the shipped packs. Runs of consecutive
/// metadata entries and imports are aligned on their values, and runs of consecutive lets on their
/// <c>=</c>; a blank line or another kind of member ends a run.</item>
/// <item>Blank lines: one where the author had one or more, none where there was none, none just inside a
/// brace; a rule, classification or test is always set off from the members beside it by a blank line.</item>
/// <item>Inside an expression tokens are spaced canonically, as <see cref="Ast.Expr.ToString"/> prints them.
/// A line break the author put between two tokens of an expression, or after the <c>=</c> of a let, fn or
/// score, is kept: continuation lines keep their indentation relative to the line they continue, and tokens
/// the author lined up in one column on consecutive continuation lines stay lined up.</item>
/// <item>A let, fn, score, when, unless, require or classification arm written on one line that would be
/// wider than <see cref="MaxWidth"/> columns, whose value is a chain of <c>and</c> or of <c>or</c>, is broken
/// before the chain's operators, filling each line (a member's value first moves to the next line). Other
/// long lines are left as they are.</item>
/// <item>Comments stay where they were: a comment on its own line stays on its own line, indented like the
/// line that follows it; a trailing comment stays at the end of its line. Strings, numbers and dates keep
/// their spelling and escapes.</item>
/// <item>Lines end in <c>\n</c> with no trailing white space, and the file ends with exactly one newline.</item>
/// </list>
/// Formatting is idempotent: formatting formatted text changes nothing.
/// </summary>
public static class PolicyFormatter
{
    /// <summary>Lines written on one line that would be wider than this are broken.</summary>
    public const int MaxWidth = 110;

    /// <summary>Formats a parsed file. Throws <see cref="ArgumentException"/> if the file has syntax errors (such a
    /// file must never be rewritten), and <see cref="InvalidOperationException"/> if the result would not mean
    /// the same as the input (a bug in the formatter; the file must then be left as it is).</summary>
    public static string Format(SyntaxTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (!CanFormat(tree))
        {
            throw new ArgumentException($"{tree.Source.Path} has syntax errors and cannot be formatted.", nameof(tree));
        }
        // Expressions may nest deeply (within the limits): print and check them on a large stack.
        return LargeStack.Run(() =>
        {
            var result = new FormatterRun(tree).Run();
            Verify(tree, result);
            return result;
        });
    }

    /// <summary>Formats a file's text, or returns null if it has syntax errors (it must then be left as it is).</summary>
    public static string? FormatText(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tree = LargeStack.Run(() => SyntaxTree.Parse(new SourceText(text, path)));
        return CanFormat(tree) ? Format(tree) : null;
    }

    /// <summary>True when the file parsed without errors, so that it can be formatted.</summary>
    public static bool CanFormat(SyntaxTree tree) =>
        tree.Root is not null && !tree.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The formatter only moves white space; this guards that promise: the result must parse
    /// cleanly to the same members with the same comments, or the original is not touched.</summary>
    private static void Verify(SyntaxTree original, string formatted)
    {
        var again = SyntaxTree.Parse(new SourceText(formatted, original.Source.Path));
        if (!CanFormat(again))
        {
            throw new InvalidOperationException($"The formatter produced text for {original.Source.Path} that does not parse: " +
                                                string.Join("; ", again.Diagnostics));
        }
        if (SyntaxDump.Of(original) != SyntaxDump.Of(again))
        {
            throw new InvalidOperationException($"The formatter changed the meaning of {original.Source.Path}.");
        }
        static IEnumerable<string> Comments(SyntaxTree t) => t.Comments.Select(c => FormatterRun.CommentText(c.ToStringValue()));
        if (!Comments(original).SequenceEqual(Comments(again)))
        {
            throw new InvalidOperationException($"The formatter changed the comments of {original.Source.Path}.");
        }
    }
}

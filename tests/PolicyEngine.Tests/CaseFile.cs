namespace PolicyEngine.Tests;

/// <summary>
/// Reads data-driven case files: one case per line, <c>input ⇶ expected</c>. Blank lines and lines
/// starting with <c>#</c> are skipped. Adding a case is adding a line.
/// </summary>
public static class CaseFile
{
    public const string Separator = "⇶";

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Cases", name);

    public static IEnumerable<object[]> Read(string name)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(Path(name)))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var at = line.IndexOf(Separator, StringComparison.Ordinal);
            if (at < 0) throw new InvalidDataException($"{name}:{lineNumber}: no '{Separator}' in \"{line}\"");
            yield return [new Case(name, lineNumber, line[..at].Trim(), line[(at + Separator.Length)..].Trim())];
        }
    }

    public static int Count(string name) => Read(name).Count();
}

/// <summary>One case; its ToString names the file and line so a failing case is easy to find.</summary>
public sealed record Case(string File, int Line, string Input, string Expected)
{
    public override string ToString() => $"{File}:{Line}: {Input}";
}

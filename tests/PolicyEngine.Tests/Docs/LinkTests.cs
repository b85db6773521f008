using System.Text.RegularExpressions;

namespace PolicyEngine.Tests.Docs;

/// <summary>Every relative link in the README and docs/ names a file that exists, and a heading of it when it has an
/// anchor (GitHub's anchors: the heading in lower case, punctuation dropped, spaces as hyphens).</summary>
public partial class LinkTests
{
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} +(?<title>.+?) *$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    public static IEnumerable<object[]> Documents() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(TestPaths.InRepository("docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)))
            .Order(StringComparer.Ordinal).Select(d => new object[] { d });

    internal static string Anchor(string heading) =>
        string.Concat(heading.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ')).Replace(' ', '-');

    private static HashSet<string> Anchors(string file)
    {
        var text = File.ReadAllText(file);
        // Headings inside fenced code blocks are not headings.
        text = Regex.Replace(text, "```.*?```", "", RegexOptions.Singleline);
        return Heading().Matches(text).Select(m => Anchor(m.Groups["title"].Value)).ToHashSet(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Relative_links_resolve(string document)
    {
        var path = TestPaths.InRepository(document.Split('/'));
        var text = Regex.Replace(File.ReadAllText(path), "```.*?```", "", RegexOptions.Singleline);
        var broken = new List<string>();
        foreach (Match match in Link().Matches(text))
        {
            var target = match.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            var hash = target.IndexOf('#');
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: no such file");
                continue;
            }
            if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(anchor))
                broken.Add($"{target}: no heading with that anchor");
        }
        broken.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("`eval` — gate a release", "eval--gate-a-release")]
    [InlineData("16. Limits", "16-limits")]
    [InlineData("The 1,000-rule compile on a quiet machine", "the-1000-rule-compile-on-a-quiet-machine")]
    [InlineData("Script functions (C#)", "script-functions-c")]
    public void Anchors_are_made_the_way_GitHub_makes_them(string heading, string anchor) => Anchor(heading).ShouldBe(anchor);
}

using System.Text.RegularExpressions;
using PolicyEngine.Tests.Cli;

namespace PolicyEngine.Tests.Reporting;

/// <summary>The HTML reports as text: self-contained, escaped, deterministic, with the hooks the browser test uses.</summary>
public sealed partial class HtmlReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-html-text-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A tag with an attribute that would load or link something over the network (escaped text has no real tag).</summary>
    [GeneratedRegex("""<[a-z][^>]*?\s(?:src|href|action|srcset|poster|data|formaction)\s*=\s*["']?\s*(?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkAttribute();

    private string Temp(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string Html(params string[] args)
    {
        var path = Path.Combine(_directory, $"report-{Guid.NewGuid():N}.html");
        var run = CliRunner.Run([.. args, "--format", "html", "--output", path]);
        run.ExitCode.ShouldBeOneOf([0, 1], run.All);
        return File.ReadAllText(path);
    }

    private static void ShouldBeSelfContained(string html)
    {
        NetworkAttribute().IsMatch("<img alt=\"x\" src=\"https://example.invalid/x.png\">").ShouldBeTrue("the check itself finds a network reference");
        NetworkAttribute().IsMatch("<a href='//example.invalid'>").ShouldBeTrue("the check itself finds a protocol-relative reference");
        NetworkAttribute().Matches(html).Select(m => m.Value).ShouldBeEmpty();
        var lower = html.ToLowerInvariant();
        foreach (var external in new[] { "url(", "@import", "<link", "<img", "<iframe", "<object", "<embed" }) lower.ShouldNotContain(external);
        Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Count.ShouldBe(1, "only the report's own inline script");
        Regex.Matches(html, "<script>").Count.ShouldBe(1, "the script is inline, not loaded");
        html.ShouldContain("<style>");
        html.ShouldContain("@media print");
        html.ShouldContain("Content-Security-Policy");
    }

    [Fact]
    public void TheCompareReportIsSelfContainedAndHasTheMatrixHooks()
    {
        var html = Html("compare", "examples/descriptors/llama-3.1-405b.json", "examples/descriptors/gpt-4.json", "--policy", "rules/eu-ai-act", "--policy", "rules/osaid");
        ShouldBeSelfContained(html);
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<table class=\"matrix sortable\"");
        Regex.Matches(html, "<td class=\"cell v-(pass|warn|inconclusive|block)\" data-model=\"[^\"]+\" data-pack=\"[^\"]+\"").Count.ShouldBe(4);
        html.ShouldContain("data-model=\"meta-llama/Llama-3.1-405B\" data-pack=\"rules/eu-ai-act\"");
        html.ShouldContain("data-verdict=\"inconclusive\"");
        // Verdicts read without colour: the word is in the cell.
        html.ShouldContain("<span class=\"sym\" aria-hidden=\"true\">?</span>INCONCLUSIVE</span>");
        // Sortable headers are buttons; explanations carry rule IDs, facts with lines, fixes and disagreements.
        Regex.Matches(html, "<th scope=\"col\"[^>]*aria-sort=\"none\"[^>]*><button type=\"button\" class=\"sort\">").Count.ShouldBe(3);
        html.ShouldContain("<code class=\"rule\">EU-53-1a</code>");
        html.ShouldContain("<tr data-path=\"model.training.compute_flop\">");
        html.ShouldContain("class=\"kv fixes\"");
        html.ShouldContain("id=\"disagreements\"");
        html.ShouldContain("GPAI tier");
    }

    [Fact]
    public void DescriptorAndPolicyTextIsEscaped()
    {
        var descriptor = File.ReadAllText(TestPaths.InRepository("examples", "descriptors", "mistral-7b.json"))
            .Replace("\"id\": \"mistralai/Mistral-7B-v0.1\"", "\"id\": \"<script>alert('model')</script> & \\\"quoted\\\"\"", StringComparison.Ordinal);
        descriptor.ShouldContain("<script>alert('model')</script>");
        var descriptorPath = Temp("evil.json", descriptor);
        var pack = Temp("evil.policy", """
            policy evil "<b>bold</b> pack" {
              rule EVIL-1 "<script>alert('rule')</script>" {
                severity error
                cite     "<img src=https://example.invalid/x.png>"
                require  model.general_purpose == false
                because  "</style><iframe src=//example.invalid>"
                message  "model {model.id} is general-purpose"
              }
            }
            """);
        var html = Html("compare", descriptorPath, "--policy", pack);
        ShouldBeSelfContained(html);
        html.ShouldNotContain("<script>alert");
        html.ShouldNotContain("<b>bold");
        html.ShouldNotContain("</style><iframe");
        html.ShouldContain("&lt;script&gt;alert(&#39;model&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;");
        html.ShouldContain("&lt;script&gt;alert(&#39;rule&#39;)&lt;/script&gt;");
        html.ShouldContain("&lt;img src=https://example.invalid/x.png&gt;");
        html.ShouldContain("data-model=\"&lt;script&gt;alert(&#39;model&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;\"");
    }

    [Fact]
    public void TheReportIsDeterministic()
    {
        string[] args = ["compare", "examples/descriptors/llama-3.1-405b.json", "examples/descriptors/olmo-7b.json", "--policy", "rules/mof"];
        Html(args).ShouldBe(Html(args));
    }

    [Fact]
    public void TheDiffReportListsChangesAndTheModelsThatMove()
    {
        var draft = Path.Combine(_directory, "eu24");
        Directory.CreateDirectory(draft);
        foreach (var file in Directory.GetFiles(TestPaths.InRepository("rules", "eu-ai-act")))
        {
            File.WriteAllText(Path.Combine(draft, Path.GetFileName(file)),
                File.ReadAllText(file).Replace("let systemic_risk_threshold = 1e25", "let systemic_risk_threshold = 1e24", StringComparison.Ordinal));
        }
        var html = Html("diff", "--old", "rules/eu-ai-act", "--new", draft, "examples/descriptors");
        ShouldBeSelfContained(html);
        html.ShouldContain("let systemic_risk_threshold: 1e25 → 1e24");
        html.ShouldContain("<table class=\"moves sortable\">");
        html.ShouldContain("data-model=\"deepseek-ai/DeepSeek-R1\"");
        html.ShouldContain("<li class=\"finding\" data-rule=\"EU-52-1\">");
        html.ShouldContain("<span class=\"k\">Because</span>");
        html.ShouldContain("<span class=\"obadge o-not-applicable\">");
        Regex.Matches(html, "<tr class=\"detail\" id=\"m-\\d+\">").Count.ShouldBe(Regex.Matches(html, "<tr class=\"row").Count);
    }
}

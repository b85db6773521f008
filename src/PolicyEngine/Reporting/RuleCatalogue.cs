using System.Text;
using PolicyEngine.Compilation;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Reporting;

/// <summary>A Markdown list of every rule of some packs: ID, title, severity and citation (docs/rules.md).</summary>
public static class RuleCatalogue
{
    public static string Markdown(IEnumerable<(string Path, CompiledPack Pack)> packs)
    {
        var sb = new StringBuilder();
        sb.Append("# Shipped rules\n\n");
        sb.Append("Generated from the packs by `policyengine rules rules/ -o docs/rules.md`; a test fails when this file is stale.\n");
        foreach (var (path, pack) in packs.OrderBy(p => p.Path.Replace('\\', '/'), StringComparer.Ordinal))
        {
            var bound = pack.Bound;
            sb.Append($"\n## {path.Replace('\\', '/')}\n\n");
            foreach (var key in new[] { "status", "version", "source" })
            {
                if (bound.Metadata.TryGetValue(key, out var value)) sb.Append($"- {key}: {Escape(value)}\n");
            }
            if (bound.Rules.Count == 0)
            {
                sb.Append("\nNo rules (shared definitions, classifications and scores only).\n");
                continue;
            }
            sb.Append("\n| ID | Title | Severity | Citation |\n|---|---|---|---|\n");
            foreach (var rule in bound.Rules.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                var status = rule.Metadata.TryGetValue("status", out var s) && !Equals(s, bound.Metadata.GetValueOrDefault("status")) ? $" ({Escape(s)})" : "";
                sb.Append($"| {rule.Id} | {Escape(rule.Title)}{status} | {DiagnosticFormatter.SeverityText(rule.Severity)} | {Escape(rule.Cite ?? "")} |\n");
            }
        }
        return sb.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}

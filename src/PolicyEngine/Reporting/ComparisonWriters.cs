using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PolicyEngine.Evaluation;

namespace PolicyEngine.Reporting;

/// <summary>Text, Markdown and JSON for <c>compare</c> (a models × packs matrix) and <c>diff</c> (two versions of a pack).</summary>
public static class ComparisonWriters
{
    private static string Cell(ComparisonCell c) =>
        c.Verdict.Text().ToUpperInvariant() + (c.Failing + c.Unknown > 0 ? $" ({c.Failing} failing, {c.Unknown} unknown)" : "");

    public static string Text(Comparison comparison)
    {
        var sb = new StringBuilder();
        var width = Math.Max(5, comparison.Models.Max(m => m.Length));
        var columns = comparison.Packs.Select(p => Math.Max(p.Length, comparison.Cells.Where(c => c.Pack == p).Select(c => Cell(c).Length).DefaultIfEmpty(0).Max())).ToList();
        sb.Append("model".PadRight(width));
        for (var i = 0; i < comparison.Packs.Count; i++) sb.Append("  ").Append(comparison.Packs[i].PadRight(columns[i]));
        sb.Append('\n');
        foreach (var model in comparison.Models)
        {
            sb.Append(model.PadRight(width));
            for (var i = 0; i < comparison.Packs.Count; i++) sb.Append("  ").Append(Cell(comparison.Cell(model, comparison.Packs[i])).PadRight(columns[i]));
            sb.Append('\n');
        }
        var classified = comparison.Cells.Where(c => c.Classifications.Count > 0).ToList();
        if (classified.Count > 0)
        {
            sb.Append("\nClassifications\n");
            foreach (var cell in classified)
            {
                sb.Append($"  {cell.Model} × {cell.Pack}: ");
                sb.Append(string.Join("; ", cell.Classifications.Select(c => $"{c.Title}: {c.Label ?? "unknown"}"))).Append('\n');
            }
        }
        sb.Append("\nDeciding facts\n");
        foreach (var cell in comparison.Cells.Where(c => c.Deciding.Count > 0))
        {
            sb.Append($"  {cell.Model} × {cell.Pack} → {cell.Verdict.Text()}\n");
            foreach (var d in cell.Deciding.Take(5))
            {
                sb.Append($"    {d.RuleId} {d.Outcome.Text()}: ");
                sb.Append(d.Missing.Count > 0 ? "missing " + string.Join(", ", d.Missing) : string.Join(", ", d.Facts.Take(4).Select(f => $"{f.Path} = {f.Value}")));
                sb.Append('\n');
            }
        }
        if (comparison.Disagreements.Count > 0)
        {
            sb.Append("\nDisagreements\n");
            foreach (var d in comparison.Disagreements) sb.Append("  ").Append(d.Sentence).Append('\n');
        }
        return sb.ToString();
    }

    public static string Markdown(Comparison comparison)
    {
        var sb = new StringBuilder("## Models × policy packs\n\n");
        sb.Append("| model | ").Append(string.Join(" | ", comparison.Packs.Select(Escape))).Append(" |\n|---|");
        sb.Append(string.Concat(comparison.Packs.Select(_ => "---|"))).Append('\n');
        foreach (var model in comparison.Models)
        {
            sb.Append($"| {Escape(model)} | ");
            sb.Append(string.Join(" | ", comparison.Packs.Select(p => Cell(comparison.Cell(model, p))))).Append(" |\n");
        }
        if (comparison.Disagreements.Count > 0)
        {
            sb.Append("\n### Disagreements\n\n");
            foreach (var d in comparison.Disagreements) sb.Append("- ").Append(Escape(d.Sentence)).Append('\n');
        }
        sb.Append("\n### Deciding facts\n\n");
        foreach (var cell in comparison.Cells.Where(c => c.Deciding.Count > 0))
        {
            sb.Append($"<details><summary>{Escape(cell.Model)} × {Escape(cell.Pack)}: {cell.Verdict.Text()}</summary>\n\n");
            foreach (var d in cell.Deciding)
            {
                sb.Append($"- **{d.RuleId}** {Escape(d.Title)} — {d.Outcome.Text()}: ");
                sb.Append(d.Missing.Count > 0 ? "missing " + string.Join(", ", d.Missing.Select(m => $"`{m}`")) : string.Join(", ", d.Facts.Take(5).Select(f => $"`{f.Path}` = {Escape(f.Value)}")));
                sb.Append('\n');
            }
            sb.Append("\n</details>\n");
        }
        return sb.ToString();
    }

    public static string Json(Comparison comparison)
    {
        var json = new JObject
        {
            ["format"] = "policyengine-compare",
            ["version"] = 1,
            ["models"] = new JArray(comparison.Models),
            ["packs"] = new JArray(comparison.Packs),
            ["cells"] = new JArray(comparison.Cells.Select(c => new JObject
            {
                ["model"] = c.Model,
                ["descriptor"] = c.Descriptor,
                ["pack"] = c.Pack,
                ["verdict"] = c.Verdict.Text(),
                ["failing"] = c.Failing,
                ["unknown"] = c.Unknown,
                ["classifications"] = new JArray(c.Classifications.Select(k => new JObject { ["name"] = k.Name, ["title"] = k.Title, ["label"] = k.Label, ["missing"] = new JArray(k.MissingFacts) })),
                ["deciding"] = new JArray(c.Deciding.Select(Deciding)),
            })),
            ["disagreements"] = new JArray(comparison.Disagreements.Select(d => new JObject
            {
                ["model"] = d.Model,
                ["passing_pack"] = d.PassingPack,
                ["passing_verdict"] = d.PassingVerdict.Text(),
                ["other_pack"] = d.OtherPack,
                ["other_verdict"] = d.OtherVerdict.Text(),
                ["because"] = new JArray(d.Because.Select(Deciding)),
                ["sentence"] = d.Sentence,
            })),
        };
        return json.ToString(Formatting.Indented).ReplaceLineEndings("\n") + "\n";
    }

    private static JObject Deciding(DecidingFinding d) => new()
    {
        ["rule"] = d.RuleId,
        ["title"] = d.Title,
        ["outcome"] = d.Outcome.Text(),
        ["missing"] = new JArray(d.Missing),
        ["facts"] = new JArray(d.Facts.Select(f => new JObject { ["path"] = f.Path, ["value"] = f.Value, ["line"] = f.Line, ["source"] = f.Source })),
    };

    public static string Text(PackDiff diff)
    {
        var sb = new StringBuilder($"{diff.OldPack} → {diff.NewPack} over {diff.Descriptors} descriptors\n");
        sb.Append(diff.Rules.Count == 0 && diff.Definitions.Count == 0 ? "\nNo rule or definition changed.\n" : "\nChanges\n");
        foreach (var d in diff.Definitions) sb.Append($"  {d}\n");
        foreach (var r in diff.Rules) sb.Append($"  {r.RuleId} {r.Kind}: {string.Join("; ", r.Details)}\n");
        sb.Append(diff.Models.Count == 0 ? "\nNo verdict or outcome moved.\n" : $"\n{diff.Models.Count} of {diff.Descriptors} models move\n");
        foreach (var m in diff.Models)
        {
            sb.Append($"  {m.Model} ({m.Descriptor}): {m.Old.Text().ToUpperInvariant()} → {m.New.Text().ToUpperInvariant()}\n");
            foreach (var c in m.Classifications) sb.Append($"    {c}\n");
            foreach (var o in m.Outcomes)
            {
                sb.Append($"    {o.RuleId} {o.Title}: {o.Old?.Text() ?? "(absent)"} → {o.New?.Text() ?? "(absent)"}\n");
                foreach (var why in o.Why) sb.Append($"      because {why}\n");
                if (o.Missing.Count > 0) sb.Append($"      missing {string.Join(", ", o.Missing)}\n");
                foreach (var f in o.Facts.Take(4)) sb.Append($"      {f.Path} = {f.Value}{(f.Line > 0 ? $" (line {f.Line})" : "")}\n");
            }
        }
        return sb.ToString();
    }

    public static string Markdown(PackDiff diff)
    {
        var sb = new StringBuilder($"## {Escape(diff.OldPack)} → {Escape(diff.NewPack)}\n\n");
        foreach (var d in diff.Definitions) sb.Append($"- {Escape(d)}\n");
        foreach (var r in diff.Rules) sb.Append($"- **{r.RuleId}** {r.Kind}: {Escape(string.Join("; ", r.Details))}\n");
        sb.Append($"\n{diff.Models.Count} of {diff.Descriptors} models move.\n\n| model | verdict | outcomes that moved |\n|---|---|---|\n");
        foreach (var m in diff.Models)
        {
            sb.Append($"| {Escape(m.Model)} | {m.Old.Text()} → {m.New.Text()} | ");
            sb.Append(string.Join("<br>", m.Outcomes.Select(o => $"{o.RuleId}: {o.Old?.Text() ?? "absent"} → {o.New?.Text() ?? "absent"}" + (o.Why.Count > 0 ? " (" + Escape(string.Join("; ", o.Why)) + ")" : ""))));
            sb.Append(" |\n");
        }
        return sb.ToString();
    }

    public static string Json(PackDiff diff)
    {
        var json = new JObject
        {
            ["format"] = "policyengine-diff",
            ["version"] = 1,
            ["old"] = diff.OldPack,
            ["new"] = diff.NewPack,
            ["descriptors"] = diff.Descriptors,
            ["definitions"] = new JArray(diff.Definitions),
            ["rules"] = new JArray(diff.Rules.Select(r => new JObject { ["rule"] = r.RuleId, ["change"] = r.Kind, ["details"] = new JArray(r.Details) })),
            ["models"] = new JArray(diff.Models.Select(m => new JObject
            {
                ["model"] = m.Model,
                ["descriptor"] = m.Descriptor,
                ["old_verdict"] = m.Old.Text(),
                ["new_verdict"] = m.New.Text(),
                ["classifications"] = new JArray(m.Classifications),
                ["outcomes"] = new JArray(m.Outcomes.Select(o => new JObject
                {
                    ["rule"] = o.RuleId,
                    ["title"] = o.Title,
                    ["old"] = o.Old?.Text(),
                    ["new"] = o.New?.Text(),
                    ["why"] = new JArray(o.Why),
                    ["missing"] = new JArray(o.Missing),
                    ["facts"] = new JArray(o.Facts.Select(f => new JObject { ["path"] = f.Path, ["value"] = f.Value, ["line"] = f.Line, ["source"] = f.Source })),
                })),
            })),
        };
        return json.ToString(Formatting.Indented).ReplaceLineEndings("\n") + "\n";
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("<", "&lt;").Replace("\n", " ");
}

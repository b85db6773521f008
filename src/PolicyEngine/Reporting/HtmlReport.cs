using System.Globalization;
using System.Net;
using System.Text;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;

namespace PolicyEngine.Reporting;

/// <summary>
/// Self-contained HTML reports for <c>compare</c> and <c>diff</c>: one file with inline CSS and JavaScript, nothing
/// fetched from the network, deterministic (no timestamps), every value from a descriptor or a pack HTML-escaped.
/// The compare report is a models × packs matrix, sortable by its column headers, whose cells open to the explanation
/// of their verdict; the diff report lists the rule and definition changes and the models that move.
/// Stable hooks for tests and scripts: <c>table.matrix</c>, cells <c>td.cell</c> with <c>data-model</c>,
/// <c>data-pack</c> and <c>data-verdict</c>, explanation panels <c>article.panel</c>, the diff's <c>table.moves</c>.
/// </summary>
public static class HtmlReport
{
    public static string Comparison(Comparison comparison)
    {
        var h = new StringBuilder();
        var packs = comparison.Packs;
        var cellIndex = new Dictionary<ComparisonCell, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < comparison.Cells.Count; i++) cellIndex[comparison.Cells[i]] = i;
        // One row per descriptor (two descriptors may name the same model: neither is lost).
        var rows = comparison.Cells.GroupBy(c => (c.Model, c.Descriptor)).Select(g => g.ToList()).ToList();
        var counts = Enum.GetValues<VerdictKind>().ToDictionary(k => k, k => comparison.Cells.Count(c => c.Verdict == k));

        h.Append("<header class=\"top\"><h1>Models × policy packs</h1>");
        h.Append("<p class=\"sub\">").Append(Plural(rows.Count, "model")).Append(" × ").Append(Plural(packs.Count, "policy pack"))
            .Append(" · ").Append(Plural(comparison.Cells.Count, "verdict")).Append(" · ").Append(Plural(comparison.Disagreements.Count, "disagreement")).Append("</p>");
        Legend(h, counts);
        h.Append("<nav class=\"toc\"><a href=\"#matrix\">Matrix</a><a href=\"#disagreements\">Disagreements</a><a href=\"#explanations\">Explanations</a></nav></header>\n");

        h.Append("<main>\n<section id=\"matrix\" aria-labelledby=\"matrix-h\"><h2 id=\"matrix-h\">Matrix</h2>");
        h.Append("<p class=\"hint screen\">Sort by clicking a column heading. Open a cell to see the findings behind its verdict: the rule, the facts it read (with the descriptor line and source), what is missing and what would fix it.</p>");
        h.Append("<div class=\"scroll\"><table class=\"matrix sortable\" data-models=\"").Append(rows.Count).Append("\" data-packs=\"").Append(packs.Count).Append("\">");
        h.Append("<caption class=\"visually-hidden\">Verdict of each policy pack (columns) on each model release (rows)</caption>");
        h.Append("<thead><tr><th scope=\"col\" class=\"model-col\" aria-sort=\"none\" data-first=\"ascending\">").Append(SortButton("Model")).Append("</th>");
        foreach (var pack in packs)
        {
            h.Append("<th scope=\"col\" aria-sort=\"none\" data-type=\"number\" data-first=\"descending\" data-pack=\"").Append(E(pack)).Append("\">")
                .Append(SortButton(BreakablePath(pack))).Append("</th>");
        }
        h.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var first = row[0];
            h.Append("<tr class=\"row\" data-index=\"").Append(r).Append("\" data-model=\"").Append(E(first.Model)).Append("\" data-descriptor=\"").Append(E(first.Descriptor)).Append("\">");
            h.Append("<th scope=\"row\" data-sort=\"").Append(E(first.Model.ToLowerInvariant())).Append("\"><span class=\"model\">").Append(E(first.Model))
                .Append("</span><span class=\"descriptor\">").Append(BreakablePath(first.Descriptor, keepNames: true)).Append("</span></th>");
            foreach (var pack in packs)
            {
                var cell = row.FirstOrDefault(c => c.Pack == pack);
                if (cell is null)
                {
                    h.Append("<td class=\"cell none\" data-sort=\"-1\">—</td>");
                    continue;
                }
                var i = cellIndex[cell];
                h.Append("<td class=\"cell v-").Append(cell.Verdict.Text()).Append("\" data-model=\"").Append(E(cell.Model)).Append("\" data-pack=\"").Append(E(cell.Pack))
                    .Append("\" data-descriptor=\"").Append(E(cell.Descriptor)).Append("\" data-verdict=\"").Append(cell.Verdict.Text())
                    .Append("\" data-failing=\"").Append(cell.Failing).Append("\" data-unknown=\"").Append(cell.Unknown)
                    .Append("\" data-sort=\"").Append(SortKey(cell.Verdict, cell.Failing, cell.Unknown)).Append("\">");
                h.Append("<button type=\"button\" class=\"open\" id=\"b-").Append(i).Append("\" data-panel=\"p-").Append(i).Append("\" aria-expanded=\"false\" aria-label=\"")
                    .Append(E($"{cell.Model} × {cell.Pack}: {cell.Verdict.Text().ToUpperInvariant()}{(cell.Failing + cell.Unknown > 0 ? ", " + CountsText(cell.Failing, cell.Unknown, ", ") : "")}. Show the explanation."))
                    .Append("\">").Append(Badge(cell.Verdict));
                h.Append("<span class=\"counts\">").Append(cell.Failing + cell.Unknown > 0 ? E(CountsText(cell.Failing, cell.Unknown, " · ")) : "&#160;").Append("</span>");
                h.Append("<span class=\"chev\" aria-hidden=\"true\"></span></button></td>");
            }
            h.Append("</tr>\n");
        }
        h.Append("</tbody><tfoot><tr><th scope=\"row\">Verdicts</th>");
        foreach (var pack in packs)
        {
            var column = comparison.Cells.Where(c => c.Pack == pack).ToList();
            h.Append("<td><ul class=\"mini\">");
            foreach (var kind in Order)
            {
                var n = column.Count(c => c.Verdict == kind);
                if (n > 0) h.Append("<li class=\"v-").Append(kind.Text()).Append("\">").Append(Symbol(kind)).Append(' ').Append(n).Append(' ').Append(kind.Text()).Append("</li>");
            }
            h.Append("</ul></td>");
        }
        h.Append("</tr></tfoot></table></div></section>\n");

        Disagreements(h, comparison);

        h.Append("<section id=\"explanations\" aria-labelledby=\"explanations-h\"><h2 id=\"explanations-h\">Explanations</h2>");
        h.Append("<p class=\"hint screen\"><button type=\"button\" class=\"toggle-all\" aria-expanded=\"true\" aria-controls=\"all-panels\">Hide all explanations</button> ")
            .Append("Every cell of the matrix, model by model; the same panels open under a row when you click a cell.</p>");
        h.Append("<div id=\"all-panels\">");
        foreach (var row in rows)
        {
            h.Append("<section class=\"model-group\"><h3 class=\"group\">").Append(E(row[0].Model)).Append(" <span class=\"descriptor\">").Append(E(row[0].Descriptor)).Append("</span></h3>");
            foreach (var pack in packs)
            {
                if (row.FirstOrDefault(c => c.Pack == pack) is { } cell) Panel(h, cell, cellIndex[cell]);
            }
            h.Append("</section>\n");
        }
        h.Append("</div></section>\n</main>\n");
        return Page("Models × policy packs", h.ToString());
    }

    public static string Diff(PackDiff diff)
    {
        var h = new StringBuilder();
        var moved = diff.Models.Count(m => m.Old != m.New);
        h.Append("<header class=\"top\"><h1>Pack diff</h1><p class=\"sub\"><code>").Append(E(diff.OldPack)).Append("</code> → <code>").Append(E(diff.NewPack))
            .Append("</code> over ").Append(Plural(diff.Descriptors, "descriptor")).Append("</p>");
        h.Append("<p class=\"sub\">").Append(Plural(diff.Rules.Count, "rule")).Append(" and ").Append(Plural(diff.Definitions.Count, "definition")).Append(" changed · ")
            .Append(moved).Append(" of ").Append(diff.Descriptors).Append(" verdicts move · ").Append(diff.Models.Count).Append(" models with some outcome or classification that moves</p>");
        Legend(h, null);
        h.Append("</header>\n<main>\n<section id=\"changes\" aria-labelledby=\"changes-h\"><h2 id=\"changes-h\">What changed in the pack</h2>");
        if (diff.Rules.Count == 0 && diff.Definitions.Count == 0) h.Append("<p class=\"empty\">No rule or definition changed.</p>");
        if (diff.Definitions.Count > 0)
        {
            h.Append("<h3>Definitions</h3><ul class=\"definitions\">");
            foreach (var d in diff.Definitions) h.Append("<li><code>").Append(E(d)).Append("</code></li>");
            h.Append("</ul>");
        }
        if (diff.Rules.Count > 0)
        {
            h.Append("<h3>Rules</h3><table class=\"changes\"><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Change</th><th scope=\"col\">Details</th></tr></thead><tbody>");
            foreach (var r in diff.Rules)
            {
                h.Append("<tr data-rule=\"").Append(E(r.RuleId)).Append("\" data-change=\"").Append(E(r.Kind)).Append("\"><th scope=\"row\"><code>").Append(E(r.RuleId)).Append("</code></th>")
                    .Append("<td><span class=\"tag change-").Append(E(r.Kind)).Append("\">").Append(E(r.Kind)).Append("</span></td><td><ul class=\"plain\">");
                foreach (var d in r.Details) h.Append("<li>").Append(E(d)).Append("</li>");
                h.Append("</ul></td></tr>");
            }
            h.Append("</tbody></table>");
        }
        h.Append("</section>\n<section id=\"moves\" aria-labelledby=\"moves-h\"><h2 id=\"moves-h\">Models that move</h2>");
        if (diff.Models.Count == 0)
        {
            h.Append("<p class=\"empty\">No verdict, outcome or classification moves.</p>");
        }
        else
        {
            h.Append("<p class=\"hint screen\">Sort by clicking a column heading. Open a row to see the outcomes that moved and why.</p>");
            h.Append("<div class=\"scroll\"><table class=\"moves sortable\"><thead><tr>")
                .Append("<th scope=\"col\" aria-sort=\"none\" data-first=\"ascending\">").Append(SortButton("Model")).Append("</th>")
                .Append("<th scope=\"col\" aria-sort=\"none\" data-type=\"number\" data-first=\"descending\">").Append(SortButton(E("Old verdict"))).Append("</th>")
                .Append("<th scope=\"col\" class=\"arrow-col\"><span class=\"visually-hidden\">to</span></th>")
                .Append("<th scope=\"col\" aria-sort=\"none\" data-type=\"number\" data-first=\"descending\">").Append(SortButton(E("New verdict"))).Append("</th>")
                .Append("<th scope=\"col\" aria-sort=\"none\" data-type=\"number\" data-first=\"descending\">").Append(SortButton("What moved")).Append("</th>")
                .Append("</tr></thead><tbody>\n");
            for (var i = 0; i < diff.Models.Count; i++)
            {
                var m = diff.Models[i];
                var changed = m.Old != m.New;
                h.Append("<tr class=\"row").Append(changed ? " moved" : "").Append("\" data-index=\"").Append(i).Append("\" data-model=\"").Append(E(m.Model))
                    .Append("\" data-descriptor=\"").Append(E(m.Descriptor)).Append("\" data-old=\"").Append(m.Old.Text()).Append("\" data-new=\"").Append(m.New.Text()).Append("\">");
                h.Append("<th scope=\"row\" data-sort=\"").Append(E(m.Model.ToLowerInvariant())).Append("\"><span class=\"model\">").Append(E(m.Model))
                    .Append("</span><span class=\"descriptor\">").Append(BreakablePath(m.Descriptor, keepNames: true)).Append("</span></th>");
                h.Append("<td class=\"verdict v-").Append(m.Old.Text()).Append("\" data-verdict=\"").Append(m.Old.Text()).Append("\" data-sort=\"").Append(Rank(m.Old)).Append("\">").Append(Badge(m.Old)).Append("</td>");
                h.Append("<td class=\"arrow\">").Append(changed ? "→" : "=").Append("</td>");
                h.Append("<td class=\"verdict v-").Append(m.New.Text()).Append("\" data-verdict=\"").Append(m.New.Text()).Append("\" data-sort=\"").Append(Rank(m.New)).Append("\">").Append(Badge(m.New));
                if (!changed) h.Append(" <span class=\"same\">unchanged</span>");
                h.Append("</td>");
                var what = new List<string>();
                if (m.Outcomes.Count > 0) what.Add(Plural(m.Outcomes.Count, "outcome"));
                if (m.Classifications.Count > 0) what.Add(Plural(m.Classifications.Count, "classification"));
                h.Append("<td data-sort=\"").Append(m.Outcomes.Count * 1000 + m.Classifications.Count).Append("\"><button type=\"button\" class=\"open\" id=\"mb-").Append(i)
                    .Append("\" aria-expanded=\"true\" aria-controls=\"m-").Append(i).Append("\">").Append(E(string.Join(", ", what)))
                    .Append("<span class=\"chev\" aria-hidden=\"true\"></span></button></td></tr>\n");
                h.Append("<tr class=\"detail\" id=\"m-").Append(i).Append("\"><td colspan=\"5\">");
                MoveDetail(h, m);
                h.Append("</td></tr>\n");
            }
            h.Append("</tbody></table></div>");
        }
        h.Append("</section>\n</main>\n");
        return Page($"Pack diff: {diff.OldPack} → {diff.NewPack}", h.ToString());
    }

    private static void MoveDetail(StringBuilder h, ModelChange m)
    {
        var sources = new SourceNotes();
        h.Append("<article class=\"panel diff-panel v-").Append(m.New.Text()).Append("\" data-model=\"").Append(E(m.Model)).Append("\">");
        if (m.Classifications.Count > 0)
        {
            h.Append("<h4>Classifications</h4><ul class=\"plain classes-moved\">");
            foreach (var c in m.Classifications) h.Append("<li>").Append(E(c)).Append("</li>");
            h.Append("</ul>");
        }
        if (m.Outcomes.Count > 0)
        {
            h.Append("<h4>Outcomes that moved</h4><ol class=\"findings\">");
            foreach (var o in m.Outcomes)
            {
                h.Append("<li class=\"finding\" data-rule=\"").Append(E(o.RuleId)).Append("\"><div class=\"f-head\"><code class=\"rule\">").Append(E(o.RuleId)).Append("</code> <span class=\"title\">")
                    .Append(E(o.Title)).Append("</span> <span class=\"move\">").Append(OutcomeBadge(o.Old)).Append(" → ").Append(OutcomeBadge(o.New)).Append("</span></div>");
                if (o.Why.Count > 0)
                {
                    h.Append("<div class=\"kv\"><span class=\"k\">Because</span><ul class=\"plain why\">");
                    foreach (var why in o.Why) h.Append("<li>").Append(E(why)).Append("</li>");
                    h.Append("</ul></div>");
                }
                Missing(h, o.Missing);
                FactsTable(h, o.Facts, sources);
                h.Append("</li>");
            }
            h.Append("</ol>");
        }
        sources.Write(h);
        h.Append("</article>");
    }

    private static void Disagreements(StringBuilder h, Comparison comparison)
    {
        h.Append("<section id=\"disagreements\" aria-labelledby=\"disagreements-h\"><h2 id=\"disagreements-h\">Disagreements <span class=\"count\">")
            .Append(comparison.Disagreements.Count).Append("</span></h2>");
        if (comparison.Disagreements.Count == 0)
        {
            h.Append("<p class=\"empty\">No model passes one pack while another blocks it or cannot decide.</p></section>\n");
            return;
        }
        h.Append("<p class=\"hint\">A model passes one pack while another blocks it or cannot decide. Grouped by model: the packs it passes, then each pack that disagrees and the findings that decide it.</p>");
        h.Append("<div class=\"disagreements\">");
        foreach (var group in comparison.Disagreements.GroupBy(d => d.Model))
        {
            var list = group.ToList();
            h.Append("<section class=\"dis-model\" data-model=\"").Append(E(group.Key)).Append("\" data-count=\"").Append(list.Count).Append("\"><h3>").Append(E(group.Key))
                .Append(" <span class=\"count\">").Append(Plural(list.Count, "disagreement")).Append("</span></h3>");
            h.Append("<p class=\"passes\">Passes ");
            h.Append(string.Join(", ", list.Select(d => d.PassingPack).Distinct().Select(p => "<code class=\"pack\">" + E(p) + "</code>")));
            h.Append(", but:</p><ul class=\"plain dis-list\">");
            foreach (var other in list.GroupBy(d => d.OtherPack))
            {
                var d = other.First();
                h.Append("<li class=\"dis\" data-other=\"").Append(E(d.OtherPack)).Append("\" data-passing=\"").Append(E(string.Join(" ", other.Select(x => x.PassingPack)))).Append("\">")
                    .Append(Badge(d.OtherVerdict)).Append(' ').Append(d.OtherVerdict == VerdictKind.Block ? "is blocked by" : "is inconclusive under")
                    .Append(" <code class=\"pack\">").Append(E(d.OtherPack)).Append("</code>");
                if (d.Because.Count > 0)
                {
                    h.Append(", because of<ul class=\"plain because\">");
                    foreach (var b in d.Because)
                    {
                        h.Append("<li><code class=\"rule\">").Append(E(b.RuleId)).Append("</code> ").Append(OutcomeBadge(b.Outcome)).Append(' ').Append(E(b.Title)).Append(": ");
                        h.Append(b.Missing.Count > 0
                            ? "missing " + string.Join(", ", b.Missing.Select(x => "<code>" + E(x) + "</code>"))
                            : string.Join(", ", b.Facts.Take(3).Select(f => "<code>" + E(f.Path) + "</code> = <code>" + E(f.Value) + "</code>")));
                        h.Append("</li>");
                    }
                    h.Append("</ul>");
                }
                h.Append("</li>");
            }
            h.Append("</ul></section>\n");
        }
        h.Append("</div></section>\n");
    }

    /// <summary>One cell's explanation: classifications, then each failing, unknown, erroneous or waived finding.</summary>
    private static void Panel(StringBuilder h, ComparisonCell cell, int index)
    {
        var verdict = cell.Details;
        var sources = new SourceNotes();
        h.Append("<article class=\"panel v-").Append(cell.Verdict.Text()).Append("\" id=\"p-").Append(index).Append("\" data-model=\"").Append(E(cell.Model))
            .Append("\" data-pack=\"").Append(E(cell.Pack)).Append("\" data-verdict=\"").Append(cell.Verdict.Text()).Append("\">");
        h.Append("<header class=\"panel-head\"><h4><span class=\"model\">").Append(E(cell.Model)).Append("</span> <span class=\"times\">×</span> <code class=\"pack\">").Append(E(cell.Pack))
            .Append("</code></h4>").Append(Badge(cell.Verdict)).Append("<span class=\"tally-line\">")
            .Append(E($"{cell.Failing} failing, {cell.Unknown} unknown, {verdict.Count(RuleOutcome.Pass)} passed, {verdict.Count(RuleOutcome.NotApplicable)} not applicable"))
            .Append("</span></header>");

        if (verdict.Classifications.Count > 0 || verdict.Scores.Count > 0)
        {
            h.Append("<dl class=\"classes\">");
            foreach (var c in verdict.Classifications)
            {
                h.Append("<div><dt>").Append(E(c.Title)).Append("</dt><dd>");
                if (c.Label is null)
                {
                    h.Append("<span class=\"unknown\">unknown</span>");
                    if (c.MissingFacts.Count > 0) h.Append(" (missing ").Append(string.Join(", ", c.MissingFacts.Select(f => "<code>" + E(f) + "</code>"))).Append(')');
                }
                else
                {
                    h.Append(E(c.Label));
                }
                h.Append("</dd></div>");
            }
            foreach (var s in verdict.Scores)
            {
                h.Append("<div><dt>").Append(E(s.Title)).Append("</dt><dd>");
                if (s.Value is { } v) h.Append(E(Runtime.Values.Format(v)));
                else
                {
                    h.Append("<span class=\"unknown\">unknown</span>");
                    if (s.MissingFacts.Count > 0) h.Append(" (missing ").Append(string.Join(", ", s.MissingFacts.Select(f => "<code>" + E(f) + "</code>"))).Append(')');
                }
                h.Append("</dd></div>");
            }
            h.Append("</dl>");
        }

        var findings = verdict.Findings
            .Where(f => f.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown or RuleOutcome.Error or RuleOutcome.Waived)
            .OrderBy(f => f.Outcome switch { RuleOutcome.Error => 0, RuleOutcome.Fail => 1, RuleOutcome.Unknown => 2, _ => 3 })
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.Rule.Id, StringComparer.Ordinal)
            .ToList();
        if (findings.Count == 0)
        {
            h.Append("<p class=\"empty\">No rule fails, errs or lacks facts.</p>");
        }
        else
        {
            h.Append("<ol class=\"findings\">");
            foreach (var f in findings) Finding(h, f, sources);
            h.Append("</ol>");
        }
        sources.Write(h);
        h.Append("<p class=\"provenance\">pack sha256 <code>").Append(E(verdict.Provenance.PackSha256)).Append("</code> · descriptor sha256 <code>")
            .Append(E(verdict.Provenance.DescriptorSha256)).Append("</code> · engine ").Append(E(verdict.Provenance.EngineVersion)).Append("</p>");
        h.Append("</article>\n");
    }

    private static void Finding(StringBuilder h, Finding f, SourceNotes sources)
    {
        var rule = f.Rule;
        h.Append("<li class=\"finding o-").Append(f.Outcome.Text()).Append("\" data-rule=\"").Append(E(rule.Id)).Append("\" data-outcome=\"").Append(f.Outcome.Text()).Append("\">");
        h.Append("<div class=\"f-head\">").Append(OutcomeBadge(f.Outcome)).Append(" <code class=\"rule\">").Append(E(rule.Id)).Append("</code> <span class=\"title\">").Append(E(rule.Title))
            .Append("</span> <span class=\"sev sev-").Append(DiagnosticFormatter.SeverityText(f.Severity)).Append("\">").Append(DiagnosticFormatter.SeverityText(f.Severity)).Append("</span>");
        if (rule.Cite is not null) h.Append(" <span class=\"cite\">").Append(E(rule.Cite)).Append("</span>");
        h.Append("</div>");
        if (f.Outcome == RuleOutcome.Waived)
        {
            h.Append("<div class=\"kv\"><span class=\"k\">Waived</span><span>").Append(E($"{f.WaivedOutcome?.Text() ?? "?"}; {f.WaiverJustification} ({f.WaiverOwner}, until {f.WaiverExpires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})"))
                .Append("</span></div>");
        }
        Missing(h, f.MissingFacts);
        if (f.Error is not null) h.Append("<div class=\"kv error\"><span class=\"k\">Error</span><span>").Append(E(f.Error)).Append("</span></div>");
        if (f.Message is not null) h.Append("<div class=\"kv\"><span class=\"k\">Message</span><span>").Append(E(f.Message)).Append("</span></div>");
        FactsTable(h, DecidingFinding.Flatten(f.Explanation), sources);
        if (f.Fixes.Count > 0)
        {
            h.Append("<div class=\"kv fixes\"><span class=\"k\">Fix</span><ul class=\"plain\">");
            foreach (var fix in f.Fixes)
            {
                h.Append("<li>set ").Append(string.Join(" and ", fix.Changes.Select(c => "<code>" + E(c.Path) + "</code> = <code>" + E(c.Value) + "</code>" + (c.Line > 0 ? $" <span class=\"line\">(line {c.Line})</span>" : ""))))
                    .Append("</li>");
            }
            h.Append("</ul></div>");
        }
        if (rule.Because is not null) h.Append("<div class=\"kv\"><span class=\"k\">Because</span><span>").Append(E(rule.Because)).Append("</span></div>");
        if (rule.Remedy is not null && f.Outcome is RuleOutcome.Fail or RuleOutcome.Unknown) h.Append("<div class=\"kv\"><span class=\"k\">Remedy</span><span>").Append(E(rule.Remedy)).Append("</span></div>");
        if (f.Explanation.Count > 0)
        {
            h.Append("<details class=\"proof\"><summary>Proof: each condition with its value</summary><ul class=\"tree\">");
            foreach (var node in f.Explanation) Node(h, node, sources);
            h.Append("</ul></details>");
        }
        h.Append("</li>");
    }

    private static void Node(StringBuilder h, ExplanationNode node, SourceNotes sources)
    {
        h.Append("<li>");
        if (node.Role.Length > 0) h.Append("<span class=\"role\">").Append(E(node.Role)).Append("</span> ");
        h.Append("<code class=\"expr\">").Append(E(node.Expression)).Append("</code> <span class=\"eq\">=</span> ").Append(Value(node.Value));
        if (node.Facts.Count > 0 || node.Parts.Count > 0)
        {
            h.Append("<ul>");
            foreach (var fact in node.Facts)
            {
                h.Append("<li class=\"fact\"><code class=\"path\">").Append(E(fact.Path)).Append("</code> = ").Append(fact.Missing ? "<span class=\"val missing\">missing</span>" : "<code class=\"val\">" + E(fact.Value) + "</code>");
                if (fact.Line > 0) h.Append(" <span class=\"line\">line ").Append(fact.Line).Append("</span>");
                if (fact.Source is not null) h.Append(' ').Append(sources.Reference(fact.Source));
                h.Append("</li>");
            }
            foreach (var part in node.Parts) Node(h, part, sources);
            h.Append("</ul>");
        }
        h.Append("</li>");
    }

    private static void Missing(StringBuilder h, IReadOnlyList<string> missing)
    {
        if (missing.Count == 0) return;
        h.Append("<div class=\"kv missing-facts\"><span class=\"k\">Missing</span><span>").Append(string.Join(", ", missing.Select(m => "<code>" + E(m) + "</code>"))).Append("</span></div>");
    }

    private static void FactsTable(StringBuilder h, IReadOnlyList<FactReference> facts, SourceNotes sources)
    {
        if (facts.Count == 0) return;
        h.Append("<table class=\"facts\"><thead><tr><th scope=\"col\">Fact</th><th scope=\"col\">Value</th><th scope=\"col\">Line</th><th scope=\"col\">Source</th></tr></thead><tbody>");
        foreach (var fact in facts)
        {
            h.Append("<tr data-path=\"").Append(E(fact.Path)).Append("\"><td><code class=\"path\">").Append(E(fact.Path)).Append("</code></td><td>")
                .Append(fact.Missing ? "<span class=\"val missing\">missing</span>" : "<code class=\"val\">" + E(fact.Value) + "</code>").Append("</td><td class=\"line\">")
                .Append(fact.Line > 0 ? fact.Line.ToString(CultureInfo.InvariantCulture) : "—").Append("</td><td>")
                .Append(fact.Source is null ? "—" : sources.Reference(fact.Source)).Append("</td></tr>");
        }
        h.Append("</tbody></table>");
    }

    /// <summary>Sources numbered within one panel, so a long source (a licence summary) is printed once.</summary>
    private sealed class SourceNotes
    {
        private readonly List<string> _notes = [];
        private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);

        public string Reference(string source)
        {
            if (!_numbers.TryGetValue(source, out var n))
            {
                _notes.Add(source);
                n = _numbers[source] = _notes.Count;
            }
            return $"<span class=\"src\" title=\"source {n}\">[{n}]</span>";
        }

        public void Write(StringBuilder h)
        {
            if (_notes.Count == 0) return;
            h.Append("<div class=\"sources\"><span class=\"k\">Sources</span><ol>");
            foreach (var note in _notes) h.Append("<li>").Append(E(note)).Append("</li>");
            h.Append("</ol></div>");
        }
    }

    private static readonly VerdictKind[] Order = [VerdictKind.Block, VerdictKind.Inconclusive, VerdictKind.Warn, VerdictKind.Pass];

    /// <summary>What each verdict means, worst first, with how many cells have it when <paramref name="counts"/> is given.</summary>
    private static void Legend(StringBuilder h, IReadOnlyDictionary<VerdictKind, int>? counts)
    {
        h.Append("<dl class=\"legend\">");
        foreach (var (kind, meaning) in new[]
        {
            (VerdictKind.Block, "an error-severity rule fails, or a rule errs"),
            (VerdictKind.Inconclusive, "nothing blocks, but an error-severity rule cannot be decided for lack of facts"),
            (VerdictKind.Warn, "a warning-severity rule fails or lacks facts"),
            (VerdictKind.Pass, "no error- or warning-severity rule fails or lacks facts"),
        })
        {
            h.Append("<div data-verdict=\"").Append(kind.Text()).Append("\"><dt>").Append(Badge(kind));
            if (counts is not null) h.Append(" <span class=\"n\">").Append(counts[kind]).Append("</span>");
            h.Append("</dt><dd>").Append(E(meaning)).Append("</dd></div>");
        }
        h.Append("</dl>");
    }

    private static int Rank(VerdictKind kind) => kind switch
    {
        VerdictKind.Pass => 0,
        VerdictKind.Warn => 1,
        VerdictKind.Inconclusive => 2,
        _ => 3,
    };

    /// <summary>Worse verdicts sort higher; within a verdict, more failing findings, then more unknown ones.</summary>
    private static long SortKey(VerdictKind kind, int failing, int unknown) =>
        Rank(kind) * 100_000_000L + Math.Min(failing, 9_999) * 10_000L + Math.Min(unknown, 9_999);

    private static string Symbol(VerdictKind kind) => kind switch
    {
        VerdictKind.Pass => "✓",
        VerdictKind.Warn => "!",
        VerdictKind.Inconclusive => "?",
        _ => "✕",
    };

    private static string Badge(VerdictKind kind) =>
        $"<span class=\"badge v-{kind.Text()}\"><span class=\"sym\" aria-hidden=\"true\">{Symbol(kind)}</span>{kind.Text().ToUpperInvariant()}</span>";

    private static string OutcomeBadge(RuleOutcome? outcome)
    {
        if (outcome is not { } o) return "<span class=\"obadge o-absent\">absent</span>";
        var symbol = o switch
        {
            RuleOutcome.Pass => "✓",
            RuleOutcome.Fail => "✕",
            RuleOutcome.Unknown => "?",
            RuleOutcome.Error => "‼",
            RuleOutcome.Waived => "~",
            _ => "–",
        };
        return $"<span class=\"obadge o-{o.Text()}\"><span class=\"sym\" aria-hidden=\"true\">{symbol}</span>{o.Text()}</span>";
    }

    private static string Value(string value) => value switch
    {
        "true" => "<span class=\"val t\">true</span>",
        "false" => "<span class=\"val f\">false</span>",
        "unknown" or "missing" => "<span class=\"val missing\">" + value + "</span>",
        _ => "<code class=\"val\">" + E(value) + "</code>",
    };

    /// <summary>"6 failing · 1 unknown", "3 unknown" (parts joined by <paramref name="separator"/>), empty when there is neither.</summary>
    private static string CountsText(int failing, int unknown, string separator) =>
        string.Join(separator, new[] { (failing, "failing"), (unknown, "unknown") }.Where(p => p.Item1 > 0).Select(p => $"{p.Item1} {p.Item2}"));

    private static string SortButton(string encodedLabel) =>
        $"<button type=\"button\" class=\"sort\">{encodedLabel}<span class=\"sort-ind\" aria-hidden=\"true\"></span></button>";

    /// <summary>A path, escaped, that may wrap after each slash (and, unless <paramref name="keepNames"/>, inside a name).</summary>
    private static string BreakablePath(string path, bool keepNames = false) =>
        string.Join("/<wbr>", path.Split('/').Select(s => keepNames ? "<span class=\"seg\">" + E(s) + "</span>" : E(s)));

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Page(string title, string body) =>
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"generator\" content=\"policyengine\">\n<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n")
            .Append(body)
            .Append("<footer class=\"foot\">Generated by policyengine. Self-contained: this file loads nothing from the network.</footer>\n")
            .Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n").ToString();

    private const string Css = """
        :root {
          --ink: #1b1f24; --muted: #5a6270; --line: #d5d9e0; --bg: #f6f7f9; --panel: #ffffff;
          --pass-bg: #e3f4e8; --pass-fg: #17602e; --pass-bd: #7cc293;
          --warn-bg: #fff3d1; --warn-fg: #6f4a00; --warn-bd: #e3b341;
          --inc-bg: #e9ecfb; --inc-fg: #33449a; --inc-bd: #98a6e8;
          --block-bg: #fde4e4; --block-fg: #9b1c1c; --block-bd: #e88b8b;
          --focus: #1a5fd0;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); background: var(--bg); line-height: 1.45;
        }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 0 24px 32px; font-size: 14px; }
        code, .expr, .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 28px 0 8px; }
        h3 { font-size: 16px; margin: 18px 0 6px; }
        h4 { font-size: 14px; margin: 10px 0 6px; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .top { padding: 20px 0 8px; border-bottom: 1px solid var(--line); }
        .sub { margin: 2px 0; color: var(--muted); }
        .legend { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 6px 24px; margin: 12px 0 8px; font-size: 12.5px; }
        .legend div { display: flex; gap: 10px; align-items: baseline; }
        .legend dt { flex: none; white-space: nowrap; } .legend dd { margin: 0; color: var(--muted); }
        .legend .n { font-size: 16px; font-weight: 700; margin-left: 2px; }
        .toc { display: flex; gap: 16px; margin: 8px 0 4px; }
        .toc a { color: var(--focus); }
        .hint { color: var(--muted); margin: 4px 0 10px; }
        .empty { color: var(--muted); font-style: italic; }
        .count { color: var(--muted); font-weight: 400; font-size: 0.8em; }
        .scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); }
        table { border-collapse: separate; border-spacing: 0; }
        .matrix, .moves { width: 100%; }
        .matrix > * > tr > th, .matrix > * > tr > td, .moves > * > tr > th, .moves > * > tr > td { border-bottom: 1px solid var(--line); border-right: 1px solid var(--line); padding: 0; vertical-align: top; text-align: left; }
        .matrix > thead > tr > th, .moves > thead > tr > th { background: #eef0f4; font-weight: 600; }
        .matrix > tbody > tr > th, .moves > tbody > tr > th { position: sticky; left: 0; z-index: 1; background: var(--panel); padding: 7px 10px; min-width: 220px; font-weight: 600; }
        .matrix > thead > tr > th.model-col { position: sticky; left: 0; z-index: 2; }
        .matrix > tfoot > tr > th, .matrix > tfoot > tr > td { background: #f1f3f6; padding: 6px 8px; font-size: 12px; }
        .model { display: block; }
        .seg { white-space: nowrap; }
        .descriptor { display: block; font-weight: 400; font-size: 11.5px; color: var(--muted); overflow-wrap: anywhere; }
        h3 .descriptor { display: inline; margin-left: 6px; }
        button { font: inherit; color: inherit; }
        button.sort { all: unset; box-sizing: border-box; display: flex; width: 100%; gap: 6px; align-items: center; justify-content: space-between; padding: 8px 10px; cursor: pointer; overflow-wrap: anywhere; }
        button.sort:hover { background: #e2e6ee; }
        .sort-ind::after { content: "↕"; color: #9aa2af; font-weight: 400; }
        th[aria-sort="ascending"] .sort-ind::after { content: "▲"; color: var(--ink); }
        th[aria-sort="descending"] .sort-ind::after { content: "▼"; color: var(--ink); }
        :focus-visible, button.sort:focus-visible, td.cell button.open:focus-visible, .moves button.open:focus-visible { outline: 3px solid var(--focus); outline-offset: -3px; }
        .badge { display: inline-flex; align-items: center; gap: 5px; padding: 1px 7px; border-radius: 4px; font-weight: 700; font-size: 11.5px; letter-spacing: 0.03em; border: 1px solid; white-space: nowrap; }
        .badge .sym { font-size: 12px; }
        .badge.v-pass { background: var(--pass-bg); color: var(--pass-fg); border-color: var(--pass-bd); }
        .badge.v-warn { background: var(--warn-bg); color: var(--warn-fg); border-color: var(--warn-bd); }
        .badge.v-inconclusive { background: var(--inc-bg); color: var(--inc-fg); border-color: var(--inc-bd); }
        .badge.v-block { background: var(--block-bg); color: var(--block-fg); border-color: var(--block-bd); }
        td.cell { min-width: 128px; }
        td.cell.v-pass { background: #f3faf5; } td.cell.v-warn { background: #fffaea; } td.cell.v-inconclusive { background: #f4f6fd; } td.cell.v-block { background: #fdf2f2; }
        td.cell button.open { all: unset; box-sizing: border-box; display: grid; grid-template-columns: 1fr auto; gap: 3px 4px; width: 100%; min-height: 100%; padding: 7px 8px; cursor: pointer; }
        td.cell button.open:hover { background: rgba(0, 0, 0, 0.045); }
        td.cell button.open .badge { justify-self: start; }
        td.cell .counts { grid-column: 1; font-size: 11.5px; color: var(--muted); white-space: nowrap; }
        .chev::after { content: "▸"; color: #8a93a1; }
        button[aria-expanded="true"] .chev::after { content: "▾"; color: var(--ink); }
        td.cell .chev { grid-row: 1; grid-column: 2; }
        td.cell.expanded { box-shadow: inset 0 0 0 2px var(--ink); }
        .mini { list-style: none; margin: 0; padding: 0; white-space: nowrap; }
        .mini .v-pass { color: var(--pass-fg); } .mini .v-warn { color: var(--warn-fg); } .mini .v-inconclusive { color: var(--inc-fg); } .mini .v-block { color: var(--block-fg); }
        .matrix > tbody > tr.detail > td { padding: 10px; background: #eceff4; }
        tr.detail .panel + .panel { margin-top: 10px; }
        .panel { background: var(--panel); border: 1px solid var(--line); border-left: 5px solid #9aa2af; border-radius: 6px; padding: 10px 14px; margin: 10px 0; max-width: 1400px; }
        .panel.v-pass { border-left-color: var(--pass-bd); } .panel.v-warn { border-left-color: var(--warn-bd); } .panel.v-inconclusive { border-left-color: var(--inc-bd); } .panel.v-block { border-left-color: var(--block-bd); }
        .panel:focus { outline: 3px solid var(--focus); }
        .panel-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; }
        .panel-head h4 { margin: 0; font-size: 15px; }
        .panel-head .model { display: inline; }
        .times { color: var(--muted); }
        .tally-line { color: var(--muted); font-size: 12.5px; }
        button.toggle-all { border: 1px solid var(--line); background: var(--panel); border-radius: 4px; padding: 2px 10px; cursor: pointer; margin-right: 6px; }
        button.close { margin-left: auto; border: 1px solid var(--line); background: #f3f4f7; border-radius: 4px; padding: 2px 10px; cursor: pointer; }
        .classes { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 4px 20px; margin: 10px 0; padding: 8px 10px; background: #f6f7fa; border-radius: 4px; }
        .classes div { display: flex; flex-direction: column; }
        .classes dt { font-size: 11.5px; color: var(--muted); } .classes dd { margin: 0; font-weight: 600; }
        .unknown { color: var(--inc-fg); font-style: italic; }
        ol.findings { list-style: none; padding: 0; margin: 8px 0; }
        li.finding { border-top: 1px solid var(--line); padding: 9px 0; }
        .f-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; }
        .f-head .rule { font-weight: 700; }
        .f-head .title { font-weight: 600; }
        .cite { color: var(--muted); font-size: 12.5px; }
        .sev { font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; padding: 0 5px; border-radius: 3px; border: 1px solid var(--line); color: var(--muted); }
        .sev-error { color: var(--block-fg); border-color: var(--block-bd); } .sev-warning { color: var(--warn-fg); border-color: var(--warn-bd); }
        .obadge { display: inline-flex; gap: 4px; align-items: center; font-size: 11.5px; font-weight: 700; padding: 0 6px; border-radius: 3px; border: 1px solid var(--line); white-space: nowrap; }
        .obadge.o-fail, .obadge.o-error { background: var(--block-bg); color: var(--block-fg); border-color: var(--block-bd); }
        .obadge.o-unknown { background: var(--inc-bg); color: var(--inc-fg); border-color: var(--inc-bd); }
        .obadge.o-pass { background: var(--pass-bg); color: var(--pass-fg); border-color: var(--pass-bd); }
        .obadge.o-waived, .obadge.o-not-applicable, .obadge.o-absent { background: #f0f1f4; color: var(--muted); }
        .kv { display: grid; grid-template-columns: 78px 1fr; gap: 8px; margin: 4px 0; }
        .k { color: var(--muted); font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.04em; padding-top: 2px; }
        .kv.error span:last-child { color: var(--block-fg); }
        .missing-facts code { color: var(--inc-fg); font-weight: 600; }
        ul.plain { list-style: none; margin: 0; padding: 0; }
        ul.plain li + li { margin-top: 2px; }
        table.facts { margin: 6px 0 6px 86px; font-size: 12.5px; border: 1px solid var(--line); border-radius: 4px; max-width: calc(100% - 86px); }
        table.facts td:nth-child(3), table.facts td:nth-child(4) { white-space: nowrap; }
        table.facts th { text-align: left; font-weight: 600; color: var(--muted); background: #f4f5f8; padding: 3px 8px; font-size: 11.5px; }
        table.facts td { padding: 3px 8px; border-top: 1px solid #eceef2; vertical-align: top; overflow-wrap: anywhere; }
        table.facts td.line { text-align: right; color: var(--muted); }
        .val { overflow-wrap: anywhere; }
        .val.t { color: var(--pass-fg); font-weight: 600; } .val.f { color: var(--block-fg); font-weight: 600; }
        .val.missing { color: var(--inc-fg); font-style: italic; }
        .line { color: var(--muted); font-size: 12px; }
        .src { color: var(--focus); font-size: 11.5px; white-space: nowrap; }
        details.proof { margin: 6px 0 0 86px; }
        details.proof summary { cursor: pointer; color: var(--focus); font-size: 12.5px; }
        ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 18px; border-left: 1px dotted #c3c8d1; }
        ul.tree { padding-left: 8px; margin-top: 4px; font-size: 12.5px; }
        ul.tree li { margin: 2px 0; overflow-wrap: anywhere; }
        .role { display: inline-block; min-width: 52px; font-size: 11px; font-weight: 700; text-transform: uppercase; color: var(--muted); }
        .eq { color: var(--muted); }
        li.fact .path { color: #4b2d83; }
        .sources { margin-top: 8px; font-size: 12px; color: var(--muted); border-top: 1px dashed var(--line); padding-top: 6px; }
        .sources ol { margin: 4px 0 0; padding-left: 28px; }
        .sources li { overflow-wrap: anywhere; }
        .provenance { font-size: 11px; color: #858d99; margin: 6px 0 0; overflow-wrap: anywhere; }
        .model-group > h3.group { border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        .disagreements { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 10px; align-items: start; }
        .dis-model { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        .dis-model h3 { margin: 2px 0 4px; font-size: 14.5px; }
        .passes { margin: 2px 0 6px; }
        li.dis { margin: 6px 0; }
        ul.because { margin: 3px 0 0 16px; font-size: 12.5px; color: #3a414c; }
        ul.because li { overflow-wrap: anywhere; }
        code.pack { background: #eef0f4; padding: 0 4px; border-radius: 3px; }
        .changes { border: 1px solid var(--line); border-radius: 6px; background: var(--panel); }
        .changes th, .changes td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        .tag { font-size: 11.5px; font-weight: 700; padding: 0 6px; border-radius: 3px; border: 1px solid var(--line); }
        .change-added { color: var(--pass-fg); border-color: var(--pass-bd); } .change-removed { color: var(--block-fg); border-color: var(--block-bd); } .change-changed { color: var(--warn-fg); border-color: var(--warn-bd); }
        ul.definitions code { background: #eef0f4; padding: 2px 6px; border-radius: 3px; }
        .moves > tbody > tr > td { padding: 7px 10px; }
        .moves > tbody > tr > td.arrow { text-align: center; color: var(--muted); font-weight: 700; }
        .moves > tbody > tr.moved > th { box-shadow: inset 4px 0 0 var(--ink); }
        .same { color: var(--muted); font-size: 12px; }
        .moves button.open { all: unset; cursor: pointer; color: var(--focus); display: inline-flex; gap: 6px; }
        .moves > tbody > tr.detail > td { padding: 4px 10px 10px; background: #eceff4; }
        .foot { margin-top: 30px; color: #858d99; font-size: 12px; }
        @media print {
          @page { size: A4 landscape; margin: 12mm; }
          :root { background: #fff; }
          body { padding: 0; font-size: 10.5pt; }
          .screen, .toc, button.close, .chev, .sort-ind, .toggle-all { display: none !important; }
          .scroll { overflow: visible; max-height: none; border: 0; }
          button.sort, td.cell button.open, .moves button.open { cursor: auto; color: inherit; padding: 4px 6px; }
          .matrix > * > tr > th, .moves > * > tr > th { position: static; }
          thead { display: table-header-group; }
          tfoot { display: table-row-group; }
          .matrix > tbody > tr.row, .moves > tbody > tr.row, .changes tr, li.dis, .classes, .panel-head, .f-head, .kv, table.facts tr, .sources li { break-inside: avoid; }
          h2, h3, h4, .panel-head, .f-head { break-after: avoid; }
          ul.tree { font-size: 8.5pt; }
          .line { font-size: 0.9em; }
          .legend { grid-template-columns: 1fr 1fr; }
          .matrix, .moves { border-top: 1px solid var(--line); border-left: 1px solid var(--line); }
          .matrix > tbody > tr.detail { display: none; }
          #all-panels, #all-panels[hidden] { display: block !important; }
          #explanations { break-before: page; }
          .model-group + .model-group { break-before: page; }
          .moves > tbody > tr.detail, .moves > tbody > tr.detail[hidden] { display: table-row !important; }
          details.proof > summary { list-style: none; color: var(--muted); }
          details.proof::details-content { content-visibility: visible; display: contents; }
          .panel { border-left-width: 3px; box-shadow: none; max-width: none; }
          .disagreements { display: block; }
          .dis-model { margin: 6px 0; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          td.cell.v-pass, td.cell.v-warn, td.cell.v-inconclusive, td.cell.v-block { background: #fff; }
          .badge.v-pass { border-style: solid; } .badge.v-warn { border-style: dashed; } .badge.v-inconclusive { border-style: dotted; } .badge.v-block { border-width: 2px; }
          a { color: inherit; text-decoration: none; }
          .foot { display: none; }
        }

        """;

    private const string Script = """
        (function () {
          'use strict';
          var doc = document;
          doc.documentElement.classList.add('js');

          function isDetail(el) { return !!el && el.tagName === 'TR' && el.classList.contains('detail'); }

          function sortBy(th) {
            var table = th.closest('table');
            var col = Array.prototype.indexOf.call(th.parentNode.cells, th);
            var numeric = th.getAttribute('data-type') === 'number';
            var now = th.getAttribute('aria-sort');
            var dir = now === 'ascending' ? 'descending' : now === 'descending' ? 'ascending' : (th.getAttribute('data-first') || 'ascending');
            var sign = dir === 'ascending' ? 1 : -1;
            var body = table.tBodies[0];
            var rows = Array.prototype.filter.call(body.rows, function (r) { return r.classList.contains('row'); });
            function key(r) { var c = r.cells[col]; return c ? c.getAttribute('data-sort') || '' : ''; }
            rows.sort(function (a, b) {
              var x = key(a), y = key(b);
              var c = numeric ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
              return c * sign || Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'));
            });
            rows.forEach(function (r) {
              var d = isDetail(r.nextElementSibling) ? r.nextElementSibling : null;
              body.appendChild(r);
              if (d) body.appendChild(d);
            });
            Array.prototype.forEach.call(table.tHead.querySelectorAll('th[aria-sort]'), function (h) {
              h.setAttribute('aria-sort', h === th ? dir : 'none');
            });
          }

          function openCell(btn) {
            var row = btn.closest('tr');
            var cell = btn.closest('td');
            var col = Array.prototype.indexOf.call(row.cells, cell);
            var detail = row.nextElementSibling;
            if (!isDetail(detail)) {
              detail = doc.createElement('tr');
              detail.className = 'detail';
              var td = doc.createElement('td');
              td.colSpan = row.cells.length;
              detail.appendChild(td);
              row.parentNode.insertBefore(detail, row.nextSibling);
            }
            var holder = detail.cells[0];
            var source = doc.getElementById(btn.getAttribute('data-panel'));
            var panel = source.cloneNode(true);
            panel.id = 'open-' + source.id;
            panel.setAttribute('data-col', String(col));
            panel.setAttribute('tabindex', '-1');
            panel.setAttribute('role', 'region');
            panel.setAttribute('aria-label', btn.getAttribute('aria-label').replace(/ Show the explanation\.$/, ''));
            var close = doc.createElement('button');
            close.type = 'button';
            close.className = 'close';
            close.setAttribute('data-for', btn.id);
            close.textContent = 'Close';
            panel.querySelector('.panel-head').appendChild(close);
            var after = null;
            Array.prototype.some.call(holder.children, function (p) {
              if (Number(p.getAttribute('data-col')) > col) { after = p; return true; }
              return false;
            });
            holder.insertBefore(panel, after);
            btn.setAttribute('aria-expanded', 'true');
            btn.setAttribute('aria-controls', panel.id);
            cell.classList.add('expanded');
            if (panel.scrollIntoView) panel.scrollIntoView({ block: 'nearest' });
          }

          function closeCell(btn) {
            var panel = doc.getElementById(btn.getAttribute('aria-controls'));
            if (panel) {
              var holder = panel.parentNode;
              holder.removeChild(panel);
              if (!holder.children.length) holder.parentNode.parentNode.removeChild(holder.parentNode);
            }
            btn.setAttribute('aria-expanded', 'false');
            btn.removeAttribute('aria-controls');
            btn.closest('td').classList.remove('expanded');
          }

          function toggle(btn) {
            var expanded = btn.getAttribute('aria-expanded') === 'true';
            if (btn.hasAttribute('data-panel')) {
              if (expanded) closeCell(btn); else openCell(btn);
              return;
            }
            var target = doc.getElementById(btn.getAttribute('aria-controls'));
            if (!target) return;
            target.hidden = expanded;
            btn.setAttribute('aria-expanded', expanded ? 'false' : 'true');
            if (btn.classList.contains('toggle-all')) btn.textContent = expanded ? 'Show all explanations' : 'Hide all explanations';
          }

          // Rows of the diff and the full list of explanations start closed when scripts run (open without them).
          Array.prototype.forEach.call(doc.querySelectorAll('button[aria-controls][aria-expanded="true"]'), function (btn) { toggle(btn); });

          doc.addEventListener('click', function (e) {
            var t = e.target;
            if (!t || !t.closest) return;
            var sort = t.closest('button.sort');
            if (sort) { sortBy(sort.closest('th')); return; }
            var close = t.closest('button.close');
            if (close) {
              var owner = doc.getElementById(close.getAttribute('data-for'));
              if (owner) { closeCell(owner); owner.focus(); }
              return;
            }
            var open = t.closest('button.open, button.toggle-all');
            if (open) toggle(open);
          });

          doc.addEventListener('keydown', function (e) {
            if (e.key !== 'Escape') return;
            var panel = doc.activeElement && doc.activeElement.closest ? doc.activeElement.closest('tr.detail .panel') : null;
            if (!panel) return;
            var owner = doc.querySelector('button[aria-controls="' + panel.id + '"]');
            if (owner) { closeCell(owner); owner.focus(); }
          });

          // Printing shows every explanation in full: open all proofs, then restore.
          var reopened = [];
          window.addEventListener('beforeprint', function () {
            reopened = Array.prototype.filter.call(doc.querySelectorAll('details:not([open])'), function (d) { d.open = true; return true; });
          });
          window.addEventListener('afterprint', function () {
            reopened.forEach(function (d) { d.open = false; });
            reopened = [];
          });
        })();

        """;
}

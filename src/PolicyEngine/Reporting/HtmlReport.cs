using System.Net;
using System.Text;
using PolicyEngine.Evaluation;

namespace PolicyEngine.Reporting;

/// <summary>Self-contained HTML for compare and diff (no network): a first version, to be replaced by the full report.</summary>
public static class HtmlReport
{
    public static string Comparison(Comparison comparison) =>
        Page("Comparison", "<pre>" + WebUtility.HtmlEncode(ComparisonWriters.Text(comparison)) + "</pre>");

    public static string Diff(PackDiff diff) =>
        Page("Diff", "<pre>" + WebUtility.HtmlEncode(ComparisonWriters.Text(diff)) + "</pre>");

    private static string Page(string title, string body) =>
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title></head><body>")
            .Append(body).Append("</body></html>\n").ToString();
}

using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PolicyEngine.Descriptors;
using PolicyEngine.Evaluation;

namespace PolicyEngine.Reporting;

/// <summary>Counterfactual fixes as SARIF <c>fixes</c>: each change rewrites the descriptor line that holds the fact.
/// A fix whose facts are not on a line of their own value (absent facts, lists) is left to the explanation.</summary>
internal static class SarifFixes
{
    public static JArray For(Finding finding, Descriptor descriptor, JObject artifactLocation)
    {
        var fixes = new JArray();
        if (descriptor.Text is null) return fixes;
        foreach (var fix in finding.Fixes)
        {
            var replacements = new JArray();
            foreach (var change in fix.Changes)
            {
                if (change.Line <= 0 || change.Line > descriptor.Text.LineCount) { replacements.Clear(); break; }
                var line = descriptor.Text.GetLineText(change.Line - 1);
                var key = change.Path[(change.Path.LastIndexOf('.') + 1)..];
                var pattern = new Regex($"(\"{Regex.Escape(key)}\"\\s*:\\s*)(true|false|null|-?[0-9][0-9.eE+-]*|\"(?:[^\"\\\\]|\\\\.)*\")", RegexOptions.CultureInvariant);
                var match = pattern.Match(line);
                if (!match.Success) { replacements.Clear(); break; }
                var rewritten = line[..match.Groups[2].Index] + JsonLiteral(change.Value) + line[(match.Groups[2].Index + match.Groups[2].Length)..];
                replacements.Add(new JObject
                {
                    ["deletedRegion"] = new JObject { ["startLine"] = change.Line, ["startColumn"] = 1, ["endLine"] = change.Line, ["endColumn"] = line.Length + 1 },
                    ["insertedContent"] = new JObject { ["text"] = rewritten },
                });
            }
            if (replacements.Count == 0) continue;
            fixes.Add(new JObject
            {
                ["description"] = new JObject { ["text"] = "Set " + fix },
                ["artifactChanges"] = new JArray(new JObject { ["artifactLocation"] = artifactLocation.DeepClone(), ["replacements"] = replacements }),
            });
        }
        return fixes;
    }

    /// <summary>The fix's value as JSON: booleans and numbers bare, everything else a string.</summary>
    private static string JsonLiteral(string value) =>
        value is "true" or "false" || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? value
            : JsonConvert.ToString(value);
}

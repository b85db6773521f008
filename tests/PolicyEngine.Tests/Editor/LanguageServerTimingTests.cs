using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;
using static PolicyEngine.Tests.Editor.LspWorkspace;

namespace PolicyEngine.Tests.Editor;

/// <summary>Diagnostics arrive within 200 ms of a change on a 1,000-line policy file, over a real stdio session.</summary>
[Collection(LanguageServerCollection.Name)]
public sealed class LanguageServerTimingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task DiagnosticsArriveWithin200MillisecondsOfAChangeOnAThousandLineFile()
    {
        using var workspace = new LspWorkspace();
        var text = ThousandLines();
        new Text.SourceText(text, "x").LineCount.ShouldBeGreaterThanOrEqualTo(1000);
        var path = workspace.Write("big/big.policy", text);
        var uri = Uri(path);

        await using var client = LspClient.StartProcess();
        await client.InitializeAsync(workspace.Root);
        await client.NotifyAsync("textDocument/didOpen", Open(uri, text));
        (await client.DiagnosticsAsync(uri, 1)).Diagnostics.ShouldBeEmpty("the generated file compiles");

        // Alternately break and mend a path half-way down the file, as someone typing would. The first ten edits
        // warm the server up (the JIT moves the parser and binder to optimised code, as in any editor session
        // after its first edits); the twenty after them are timed against the target. All are reported.
        var line = text.Split('\n').Select((l, i) => (l, i)).First(x => x.i > 500 && x.l.Contains("model.training.compute_flop", StringComparison.Ordinal));
        var column = line.l.IndexOf("compute_flop", StringComparison.Ordinal) + "compute_flop".Length;
        const int warmUp = 10;
        var timings = new List<double>();
        for (var version = 2; version <= warmUp + 21; version++)
        {
            var broken = version % 2 == 0;
            var change = new
            {
                textDocument = new { uri, version },
                contentChanges = new[]
                {
                    broken
                        ? new { range = new { start = new { line = line.i, character = column }, end = new { line = line.i, character = column } }, text = "s" }
                        : new { range = new { start = new { line = line.i, character = column }, end = new { line = line.i, character = column + 1 } }, text = "" },
                },
            };
            var sent = Stopwatch.GetTimestamp();
            await client.NotifyAsync("textDocument/didChange", change);
            var (diagnostics, received) = await client.DiagnosticsAsync(uri, version);
            var elapsed = Stopwatch.GetElapsedTime(sent, received);
            timings.Add(elapsed.TotalMilliseconds);

            if (broken)
            {
                diagnostics.Count.ShouldBe(1);
                ((string)diagnostics[0]["code"]!).ShouldBe("PE0100");
                ((int)diagnostics[0]["range"]!["start"]!["line"]!).ShouldBe(line.i);
            }
            else
            {
                diagnostics.ShouldBeEmpty();
            }
        }

        static string Show(IEnumerable<double> values) => string.Join(", ", values.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)));
        var timed = timings.Skip(warmUp).ToList();
        var median = timed.Order().ElementAt(timed.Count / 2);
        output.WriteLine($"Change to diagnostics (ms), first {warmUp} edits: {Show(timings.Take(warmUp))}");
        output.WriteLine($"Change to diagnostics (ms), next {timed.Count}: {Show(timed)}; median {median:F0}, max {timed.Max():F0}");
        median.ShouldBeLessThan(Target.TotalMilliseconds, $"the median time from a change to its diagnostics ({Show(timed)})");
        // A machine busy with other work may delay one change; none may stall.
        timed.Max().ShouldBeLessThan(5 * Target.TotalMilliseconds, Show(timed));
    }

    /// <summary>A policy of a thousand lines: lets and rules over real schema paths, with messages.</summary>
    internal static string ThousandLines()
    {
        string[] conditions =
        [
            "model.training.compute_flop > 1e25",
            "weights.public",
            "release.api_offered",
            "safety.adversarial_testing.performed",
            "licence.osi_approved",
            "documentation.model_card != \"\"",
            "developer.annual_revenue_usd >= 500_000_000",
            "markets.eu.placed_on_market",
        ];
        var sb = new StringBuilder("policy big-pack \"A generated pack of a thousand lines\" {\n  version \"1\"\n\n");
        var lines = 3;
        for (var i = 0; lines < 1000; i++)
        {
            var p = conditions[i % conditions.Length];
            var q = conditions[(i + 3) % conditions.Length];
            sb.Append(CultureInfo.InvariantCulture, $"""
                  let cond_{i} = ({p}) and (({q}) ?? false)
                  rule GEN-{i} "Generated rule {i}" {"{"}
                    severity warning
                    cite     "Art. {i}"
                    when     cond_{i}
                    require  safety.incident_process.exists or release.date < 2025-08-02 + 30 days
                    because  "Rule {i} of the generated pack."
                    message  "compute {"{"}model.training.compute_flop{"}"} FLOP"
                  {"}"}


                """);
            lines += 10;
        }
        return sb.Append("}\n").ToString();
    }
}

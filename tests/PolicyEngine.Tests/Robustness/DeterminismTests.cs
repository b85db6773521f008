using System.Globalization;
using System.Text.Json.Nodes;
using PolicyEngine.Tests.Cli;

namespace PolicyEngine.Tests.Robustness;

/// <summary>
/// The same inputs give byte-identical output in every culture and with any number of threads. The tool is built with
/// invariant globalization, which would make a culture test of it vacuous, so the cultures are tested two ways where
/// they do bite: in process (this test host is not invariant) with CultureInfo.CurrentCulture set to each culture, and
/// as a child process started without invariant globalization (dotnet exec with another runtime configuration) under
/// LANG and LC_ALL — the culture probe shows that such a process really is Turkish or German.
/// </summary>
public class DeterminismTests : IDisposable
{
    private static readonly string[] Cultures = ["en-US", "tr-TR", "de-DE"];
    private static readonly string[] Formats = ["text", "json", "sarif", "markdown", "junit"];
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-determinism-").FullName;

    public DeterminismTests()
    {
        File.WriteAllText(Path.Combine(_directory, "culture.policy"), CulturePolicy);
        File.WriteAllText(Path.Combine(_directory, "culture.json"), CultureDescriptor);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A policy whose messages print fractions, large and small numbers, dates and Turkish letters.</summary>
    private const string CulturePolicy = """
        policy culture "Culture İ ı" {
          let ratio = model.training.compute_flop / model.architecture.params_total
          let fraction = 0.5
          let small = model.training.tokens / 1e20
          rule CU-1 "Fractions print the same everywhere" {
            cite    "c"
            require ratio < 1e10
            message "ratio {ratio}, fraction {fraction}, small {small}, tokens {model.training.tokens}, date {release.date + 6 months}, name {upper(model.name)} {lower(model.name)}"
          }
          // In Turkish, lower("TITLE") is "tıtle" and upper("info") is "İNFO": the famous dotted-i problem.
          rule CU-2 "Identifiers compare ordinally" {
            cite    "c"
            require model.family matches "(?i)^title" and lower(model.family) == "title" and upper(model.version) == "INFO" and model.family != "title"
          }
          rule CU-3 "Fraction thresholds" {
            severity warning
            cite     "c"
            require  model.architecture.params_total > 70.25e9 and model.architecture.params_total < 70.75e9
          }
          classify size "Size" {
            "huge" when model.architecture.params_total > 1.5e11
            otherwise "small"
          }
          score share "Share" = model.training.tokens / 3
        }
        """;

    private const string CultureDescriptor = """
        {
          "descriptor_version": "0.1",
          "model": {
            "id": "Fuzz/Iİıi",
            "name": "İstanbul model ıi",
            "family": "TITLE",
            "version": "info",
            "general_purpose": true,
            "architecture": { "params_total": 70.5e9 },
            "training": { "compute_flop": 3.85e25, "tokens": 15.25e12, "data_cutoff": "2024-02-29" }
          },
          "release": { "date": "2024-07-23", "access_level": "downloadable" }
        }
        """;

    private string[] EvalArguments(string format, int threads)
    {
        var policy = Path.Combine(_directory, "culture.policy");
        var descriptor = Path.Combine(_directory, "culture.json");
        return
        [
            "eval", descriptor, "examples/descriptors/llama-3.1-405b.json", "examples/descriptors/gpt-4.json", "examples/descriptors/olmo-7b.json",
            "--policy", policy, "--policy", "rules/eu-ai-act", "--policy", "rules/mof", "--policy", "rules/osaid",
            "--explain", "--all", "--format", format, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--as-of", "2026-01-01",
        ];
    }

    private static CliResult InCulture(string culture, Func<CliResult> run)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator.ShouldBe(culture == "en-US" ? "." : ",", "the culture must really be in effect");
            return run();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void InProcessEveryCultureAndThreadCountGivesByteIdenticalOutputInEveryFormat()
    {
        foreach (var format in Formats)
        {
            var baseline = InCulture("en-US", () => CliRunner.Run(EvalArguments(format, 1)));
            baseline.ExitCode.ShouldBe(1, baseline.Stderr);
            baseline.Stdout.Length.ShouldBeGreaterThan(1000);
            foreach (var culture in Cultures)
            {
                foreach (var threads in new[] { 1, 2 })
                {
                    var result = InCulture(culture, () => CliRunner.Run(EvalArguments(format, threads)));
                    result.ExitCode.ShouldBe(baseline.ExitCode);
                    result.Stdout.ShouldBe(baseline.Stdout, $"{format} in {culture} with {threads} thread(s)");
                    result.Stderr.ShouldBe(baseline.Stderr, $"{format} in {culture} with {threads} thread(s)");
                }
            }
        }
    }

    [Fact]
    public void TheCultureSensitiveValuesPrintTheInvariantWay()
    {
        var result = InCulture("de-DE", () => CliRunner.Run(EvalArguments("json", 2)));
        var verdict = JsonNode.Parse(result.Stdout)!["verdicts"]!.AsArray().First(v => v!["pack_name"]!.GetValue<string>() == "culture")!;
        var findings = verdict["findings"]!.AsArray();
        var cu1 = findings.First(f => f!["rule"]!.GetValue<string>() == "CU-1")!;
        cu1["outcome"]!.GetValue<string>().ShouldBe("fail");
        cu1["message"]!.GetValue<string>().ShouldBe(
            "ratio 546099290780141.9, fraction 0.5, small 1.525e-07, tokens 15250000000000, date 2025-01-23, name İSTANBUL MODEL ıI İstanbul model ıi");
        findings.First(f => f!["rule"]!.GetValue<string>() == "CU-2")!["outcome"]!.GetValue<string>().ShouldBe("pass");
        findings.First(f => f!["rule"]!.GetValue<string>() == "CU-3")!["outcome"]!.GetValue<string>().ShouldBe("pass");
        verdict["scores"]!.AsArray().Single()!["value"]!.GetValue<double>().ShouldBe(15.25e12 / 3);
    }

    [Fact]
    public void ParsingNumbersDatesAndLimitsDoesNotDependOnTheCulture()
    {
        foreach (var culture in Cultures)
        {
            var limited = InCulture(culture, () => CliRunner.Run("lint", "rules/osaid", "--limit", "max-list-items=1_000"));
            limited.ExitCode.ShouldBe(0, $"{culture}: {limited.All}");
            var asOf = InCulture(culture, () => CliRunner.Run("eval", "examples/descriptors/gpt-4.json", "-p", "rules/us-eo-14110", "--as-of", "2026-01-02"));
            asOf.ExitCode.ShouldBe(0, $"{culture}: {asOf.All}");
            var whatIf = InCulture(culture, () => CliRunner.Run("whatif", "examples/descriptors/gpt-4.json", "-p", "rules/us-eo-14110", "--set", "model.training.compute_flop=1.5e26"));
            whatIf.Stdout.ShouldContain("with model.training.compute_flop=1.5e26", customMessage: culture);
            whatIf.ExitCode.ShouldBe(0, $"{culture}: {whatIf.All}");
        }
    }

    // ---- as child processes, under LANG and LC_ALL --------------------------------------------

    /// <summary>A copy of a runtime configuration with invariant globalization switched off.</summary>
    private string CultureSensitive(string assembly)
    {
        var source = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        var config = JsonNode.Parse(File.ReadAllText(source))!;
        var properties = config["runtimeOptions"]!["configProperties"] as JsonObject ?? new JsonObject();
        properties["System.Globalization.Invariant"] = false;
        config["runtimeOptions"]!["configProperties"] = properties;
        var path = Path.Combine(_directory, Path.GetFileName(source));
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static Dictionary<string, string?> Locale(string culture)
    {
        var locale = culture.Replace('-', '_') + ".UTF-8";
        return new Dictionary<string, string?>
        {
            ["LANG"] = locale, ["LC_ALL"] = locale, ["LC_NUMERIC"] = null, ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = null,
        };
    }

    [Fact]
    public void AChildProcessStartedThisWayRunsInTheCultureOfItsLocale()
    {
        var fuzz = Path.Combine(AppContext.BaseDirectory, "PolicyEngine.Fuzz.dll");
        var config = CultureSensitive(fuzz);
        ProcessRunner.RunHost(config, fuzz, null, Locale("tr-TR"), "--culture-probe").Stdout.Trim().ShouldBe("tr-TR|1,5|İ");
        ProcessRunner.RunHost(config, fuzz, null, Locale("de-DE"), "--culture-probe").Stdout.Trim().ShouldBe("de-DE|1,5|I");
        ProcessRunner.RunHost(config, fuzz, null, Locale("en-US"), "--culture-probe").Stdout.Trim().ShouldBe("en-US|1.5|I");
        // The tool as shipped ignores the locale.
        ProcessRunner.RunHost(null, fuzz, null, Locale("tr-TR"), "--culture-probe").Stdout.Trim().ShouldBe("|1.5|I");
    }

    [Fact]
    public void AsAProcessEveryLocaleAndThreadCountGivesByteIdenticalJsonSarifAndText()
    {
        var cli = ProcessRunner.ToolPath;
        var config = CultureSensitive(cli);
        var runs = new List<(string Format, string Label, string? Config, string Culture, int Threads)>();
        foreach (var format in new[] { "json", "sarif", "text" })
        {
            runs.Add((format, "as shipped (invariant)", null, "tr-TR", 1));
            foreach (var culture in Cultures)
            {
                foreach (var threads in new[] { 1, 2 }) runs.Add((format, $"{culture}, {threads} thread(s)", config, culture, threads));
            }
        }
        var results = new CliResult[runs.Count];
        Parallel.For(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var run = runs[i];
            results[i] = ProcessRunner.RunHost(run.Config, cli, null, Locale(run.Culture), EvalArguments(run.Format, run.Threads));
        });
        foreach (var format in new[] { "json", "sarif", "text" })
        {
            var indices = Enumerable.Range(0, runs.Count).Where(i => runs[i].Format == format).ToList();
            var baseline = results[indices[0]];
            baseline.ExitCode.ShouldBe(1, baseline.Stderr);
            baseline.Stdout.Length.ShouldBeGreaterThan(1000);
            foreach (var i in indices.Skip(1))
            {
                results[i].ExitCode.ShouldBe(baseline.ExitCode, $"{format}, {runs[i].Label}");
                results[i].Stdout.ShouldBe(baseline.Stdout, $"{format}, {runs[i].Label}");
                results[i].Stderr.ShouldBe(baseline.Stderr, $"{format}, {runs[i].Label}");
            }
        }
    }

    [Fact]
    public void HelpIsInEnglishWhateverTheUserInterfaceLanguage()
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
        try
        {
            CliRunner.Run("eval", "--help").Stdout.ShouldContain("Usage:");
            System.Globalization.CultureInfo.CurrentUICulture.Name.ShouldBe("de-DE");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}

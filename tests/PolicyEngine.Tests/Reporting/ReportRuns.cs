using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;
using PolicyEngine.Tests.Cli;
using PolicyEngine.Text;

namespace PolicyEngine.Tests.Reporting;

/// <summary>
/// Evaluation and lint runs for the writer tests: shipped packs against shipped descriptors, compiled and loaded
/// from the repository root with relative paths (as a user types them), plus a small pack whose rules fault,
/// have markup in their titles and are waived, so every outcome reaches the writers.
/// </summary>
public static class ReportRuns
{
    public static readonly string[] PackPaths = ["rules/eu-ai-act", "rules/california", "rules/mof"];

    public static readonly string[] DescriptorPaths =
        ["examples/descriptors/llama-3.1-405b.json", "examples/descriptors/gpt-4.json", "examples/descriptors/mistral-7b.json", "examples/descriptors/olmo-7b.json"];

    /// <summary>A pack in memory: a runtime fault, markup-heavy text, a rule to waive and one that passes.</summary>
    public const string EdgePolicyPath = "tests/reporting/edge.policy";

    public const string EdgePolicy = """
        policy edge "Edge cases for the writers" {
          source "https://example.org/policies/edge?x=1&y=2"
          status "test only"

          rule EDGE-FAULT "Compute has a logarithm" {
            cite    "§ 1"
            require log10(model.training.compute_flop - model.training.compute_flop) > 0
          }

          rule EDGE-MARKUP "Pipes | <b>tags</b> & *stars* `ticks` [links](x) _under_ ~strike~ $math$" {
            severity warning
            cite    "Art. 1 | 2 <3>"
            tags    "a|b", "c&d"
            require model.training.compute_flop < 1
            because "Because ```fences``` | and \"quotes\" & <angle brackets>"
            remedy  "Fix | it"
            message "compute {model.training.compute_flop} is not < 1 | `really`"
          }

          rule EDGE-WAIVED "Waived rule" {
            require model.training.compute_flop < 1
            remedy  "Train less"
          }

          rule EDGE-PASS "Passing rule" {
            require model.training.compute_flop > 1
          }
        }
        """;

    public static EvaluationRun Evaluation(bool explain = true, FailOn failOn = FailOn.Error) => CliRunner.FromRepositoryRoot(() =>
    {
        var packs = PackPaths.Select(p => (Path: p, Compilation: PolicyCompiler.CompilePath(p))).ToList();
        foreach (var (path, compilation) in packs) compilation.Pack.ShouldNotBeNull(path + ": " + string.Join("\n", compilation.Diagnostics));
        var edge = PolicyCompiler.Compile("edge", [new SourceText(EdgePolicy.Replace("\r\n", "\n", StringComparison.Ordinal), EdgePolicyPath)]);
        edge.Pack.ShouldNotBeNull(string.Join("\n", edge.Diagnostics));
        var descriptors = DescriptorPaths.Select(p => DescriptorLoader.LoadFile(p).Descriptor.ShouldNotBeNull()).ToList();

        var options = new EvaluationOptions { Explain = explain };
        var entries = new List<EvaluationEntry>();
        foreach (var descriptor in descriptors)
        {
            foreach (var (path, compilation) in packs)
            {
                entries.Add(new EvaluationEntry(compilation.Pack!.Evaluate(descriptor, options), path, compilation.Pack!, descriptor));
            }
        }
        var edgeVerdict = edge.Pack!.Evaluate(descriptors[0], options);
        var waived = edgeVerdict.Findings.Single(f => f.Rule.Id == "EDGE-WAIVED");
        waived.Outcome.ShouldBe(RuleOutcome.Fail);
        waived.WaivedOutcome = waived.Outcome;
        waived.Outcome = RuleOutcome.Waived;
        waived.WaiverJustification = "Accepted | for <the> test & demo";
        waived.WaiverOwner = "release-board";
        waived.WaiverExpires = new DateOnly(2030, 1, 31);
        entries.Add(new EvaluationEntry(edgeVerdict, EdgePolicyPath, edge.Pack!, descriptors[0]));

        // The edge pack's warnings (rules without a citation) travel with the run, as compile warnings do.
        var diagnostics = edge.Diagnostics.ToList();
        diagnostics.ShouldContain(d => d.Id == "PE0120");
        return new EvaluationRun(entries, diagnostics, failOn, explain);
    });

    public const string BrokenPolicyPath = "tests/reporting/broken.policy";

    public const string BrokenPolicy = """
        policy broken "Three independent mistakes" {
          rule A "Unknown property" {
            cite    "x"
            require model.trainng.compute_flop > 1e25
          }

          rule B "Syntax error" {
            cite    "x"
            require model.general_purpose and and
          }

          rule C "Type mismatch" {
            cite    "x"
            require model.training.compute_flop > "big"
          }
        }
        """;

    /// <summary>A lint run over a broken file (in memory), a clean shipped pack and a path that does not exist.</summary>
    public static LintRun Lint() => CliRunner.FromRepositoryRoot(() =>
    {
        var broken = PolicyCompiler.Compile("broken", [new SourceText(BrokenPolicy.Replace("\r\n", "\n", StringComparison.Ordinal), BrokenPolicyPath)]);
        var clean = PolicyCompiler.CompilePath("rules/eu-ai-act");
        var missing = PolicyCompiler.CompilePath("no/such/pack.policy");
        return new LintRun([broken, clean, missing]);
    });

    public static string Write(IEvaluationWriter writer, EvaluationRun run)
    {
        var output = new StringWriter();
        writer.Write(run, output);
        return output.ToString();
    }

    public static string Write(ILintWriter writer, LintRun run)
    {
        var output = new StringWriter();
        writer.Write(run, output);
        return output.ToString();
    }
}

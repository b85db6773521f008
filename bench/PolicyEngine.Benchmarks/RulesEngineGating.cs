using RulesEngine.Models;

namespace PolicyEngine.Benchmarks;

/// <summary>The same 20 rules as Microsoft RulesEngine lambda-expression rules over <see cref="G20Descriptor"/>.</summary>
public sealed class RulesEngineGating
{
    public const string WorkflowName = "gating-20";

    private static readonly (string Name, string Expression)[] Rules =
    [
        ("R01", "d.Documentation.ModelCard"),
        ("R02", "!(d.Model.TrainingComputeFlop > 1e25) || (d.Safety.AdversarialTesting && d.Monitoring.IncidentReporting)"),
        ("R03", "!(d.Model.Parameters >= 10000000000) || d.Documentation.TechnicalReport"),
        ("R04", "d.Weights.Availability == \"open\" || d.Weights.Availability == \"gated\" || d.Weights.Availability == \"api_only\" || d.Weights.Availability == \"closed\""),
        ("R05", "!((d.Weights.Availability == \"open\" || d.Weights.Availability == \"gated\") && d.Model.TrainingComputeFlop > 1e24) || d.Safety.BioEval"),
        ("R06", "d.Weights.Availability != \"open\" || !d.Monitoring.CanRevoke"),
        ("R07", "!d.Model.Modality.Contains(\"code\") || d.Safety.CyberEval"),
        ("R08", "!((d.Model.Modality.Contains(\"image\") || d.Model.Modality.Contains(\"video\")) && d.Model.TrainingComputeFlop > 1e23) || d.Documentation.DataCard"),
        ("R09", "!d.License.OsiApproved || !d.License.UseRestrictions"),
        ("R10", "!(d.License.MauLimit > 0) || d.License.UseRestrictions"),
        ("R11", "!(d.Access.Api && d.Model.TrainingComputeFlop > 1e24) || d.Monitoring.UsageLogging"),
        ("R12", "!d.Weights.IntermediateCheckpoints || d.Weights.Availability == \"open\""),
        ("R13", "!(d.Model.TrainingComputeFlop > 1e26) || d.Access.StagedRelease"),
        ("R14", "!(d.Access.FineTuning && (d.Weights.Availability == \"open\" || d.Weights.Availability == \"gated\")) || d.Safety.AdversarialTesting"),
        ("R15", "!(d.Model.DeveloperCountry == \"DE\" || d.Model.DeveloperCountry == \"FR\" || d.Model.DeveloperCountry == \"NL\" || d.Model.DeveloperCountry == \"IT\" || d.Model.DeveloperCountry == \"ES\" || d.Model.DeveloperCountry == \"SE\" || d.Model.DeveloperCountry == \"PL\" || d.Model.DeveloperCountry == \"IE\") || d.Documentation.TrainingDataSummary"),
        ("R16", "d.Model.Parameters < 1000000000 || d.Documentation.ModelCard || d.Documentation.DataCard"),
        ("R17", "!(d.Weights.Availability == \"open\" && d.Model.TrainingComputeFlop >= 1e25 && !d.Monitoring.IncidentReporting)"),
        ("R18", "!(d.Access.LocalInference && !d.Access.Api) || !d.Monitoring.UsageLogging"),
        ("R19", "!(d.Weights.Availability == \"closed\" || d.Weights.Availability == \"api_only\") || !d.Access.LocalInference"),
        ("R20", "!(d.Weights.License == \"cc-by-nc-4.0\" || d.Weights.License == \"research-only\") || !d.License.CommercialUse"),
    ];

    private readonly RulesEngine.RulesEngine _engine;

    public RulesEngineGating()
    {
        var workflow = new Workflow
        {
            WorkflowName = WorkflowName,
            Rules = Rules.Select(r => new Rule
            {
                RuleName = r.Name,
                RuleExpressionType = RuleExpressionType.LambdaExpression,
                Expression = r.Expression,
            }).ToList(),
        };
        _engine = new RulesEngine.RulesEngine([workflow], new ReSettings());
    }

    /// <summary>Bit i-1 set when rule Ri passes.</summary>
    public uint Evaluate(G20Descriptor descriptor)
    {
        var results = _engine.ExecuteAllRulesAsync(WorkflowName, new RuleParameter("d", descriptor)).AsTask().GetAwaiter().GetResult();
        var mask = 0u;
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (!string.IsNullOrEmpty(result.ExceptionMessage)) throw new InvalidOperationException($"RulesEngine {result.Rule.RuleName}: {result.ExceptionMessage}");
            if (result.IsSuccess) mask |= 1u << (int.Parse(result.Rule.RuleName.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1);
        }
        return mask;
    }
}

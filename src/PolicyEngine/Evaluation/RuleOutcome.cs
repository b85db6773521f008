namespace PolicyEngine.Evaluation;

/// <summary>What a rule decided for one descriptor.</summary>
public enum RuleOutcome
{
    Pass,
    Fail,
    NotApplicable,
    /// <summary>A fact the rule needs is missing; the finding names the missing facts.</summary>
    Unknown,
    /// <summary>A failing or unknown finding waived with a justification.</summary>
    Waived,
    /// <summary>A runtime fault. Counts as blocking, never as a pass.</summary>
    Error,
}

public static class RuleOutcomeText
{
    public static string Text(this RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.Pass => "pass",
        RuleOutcome.Fail => "fail",
        RuleOutcome.NotApplicable => "not-applicable",
        RuleOutcome.Unknown => "unknown",
        RuleOutcome.Waived => "waived",
        _ => "error",
    };

    public static RuleOutcome? Parse(string text) => text switch
    {
        "pass" => RuleOutcome.Pass,
        "fail" => RuleOutcome.Fail,
        "not_applicable" or "not-applicable" => RuleOutcome.NotApplicable,
        "unknown" => RuleOutcome.Unknown,
        "waived" => RuleOutcome.Waived,
        "error" => RuleOutcome.Error,
        _ => null,
    };
}

namespace PolicyEngine.Diagnostics;

/// <summary>How serious a diagnostic is. Errors stop a pack from being evaluated.</summary>
public enum DiagnosticSeverity
{
    Hidden = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
}

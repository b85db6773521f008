using PolicyEngine.Text;

namespace PolicyEngine.Diagnostics;

/// <summary>One reported problem at a location in a policy or descriptor file.</summary>
public sealed class Diagnostic
{
    private Diagnostic(DiagnosticDescriptor descriptor, Location location, DiagnosticSeverity severity, string message)
    {
        Descriptor = descriptor;
        Location = location;
        Severity = severity;
        Message = message;
    }

    public DiagnosticDescriptor Descriptor { get; }
    public Location Location { get; }
    public DiagnosticSeverity Severity { get; }
    public string Message { get; }
    public string Id => Descriptor.Id;

    public static Diagnostic Create(DiagnosticDescriptor descriptor, Location location, params object?[] args) =>
        new(descriptor, location, descriptor.DefaultSeverity, descriptor.FormatMessage(args));

    public Diagnostic WithSeverity(DiagnosticSeverity severity) => new(Descriptor, Location, severity, Message);

    public override string ToString() => DiagnosticFormatter.Format(this);
}

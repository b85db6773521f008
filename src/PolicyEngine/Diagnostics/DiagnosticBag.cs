using PolicyEngine.Text;

namespace PolicyEngine.Diagnostics;

/// <summary>Collects diagnostics during one compilation stage.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.Severity == DiagnosticSeverity.Error);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public void Report(DiagnosticDescriptor descriptor, Location location, params object?[] args) =>
        _items.Add(Diagnostic.Create(descriptor, location, args));
}

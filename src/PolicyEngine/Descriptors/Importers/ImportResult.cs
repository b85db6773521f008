using PolicyEngine.Diagnostics;

namespace PolicyEngine.Descriptors.Importers;

/// <summary>What an importer made of a file in another format: descriptor JSON (null when the file could not be
/// read at all) and every diagnostic, with positions in the source file.</summary>
public sealed record ImportResult(string? Json, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Json is not null && Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
}

using PolicyEngine.Diagnostics;

namespace PolicyEngine.Descriptors.Importers;

/// <summary>What an importer made of a file in another format: descriptor JSON (null when the file could not be
/// read at all) and every diagnostic, with positions in the source file.</summary>
public sealed record ImportResult(string? Json, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Json is not null && Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);

    /// <summary>A descriptor as importers write it: two-space indented JSON with \n line endings.</summary>
    internal static string Serialize(Newtonsoft.Json.Linq.JObject descriptor)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var writer = new Newtonsoft.Json.JsonTextWriter(text) { Formatting = Newtonsoft.Json.Formatting.Indented, Indentation = 2 })
        {
            descriptor.WriteTo(writer);
        }
        return text.ToString() + "\n";
    }
}

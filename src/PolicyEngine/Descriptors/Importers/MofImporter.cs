using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PolicyEngine.Diagnostics;
using PolicyEngine.Runtime;
using PolicyEngine.Text;

namespace PolicyEngine.Descriptors.Importers;

/// <summary>
/// Imports a Model Openness Tool (MOT) model file — the MOF YAML of MOT's <c>models/*.yml</c>, checked against
/// MOT's <c>schema/mof_schema.json</c> — into a release descriptor.
/// <para>
/// Components are read the way MOT reads them, so the MOF pack needs only each component's final licence:
/// an entry whose name is not one of the 17 components counts as Datasets; a later entry with the same name
/// replaces the earlier one; the licence is the entry's <c>license</c> when it is not null (<c>unlicensed</c>,
/// <c>""</c> and <c>"0"</c> mean unlicensed, with no fall-back), else <c>release.license.&lt;content type&gt;.name</c>,
/// else <c>release.license.distribution.name</c>, else unlicensed. Licence IDs are kept exactly as written.
/// </para>
/// Facts the file does not state are left out (unknown), never guessed.
/// </summary>
public static class MofImporter
{
    private const string FormatName = "MOF";
    private const string FrameworkName = "Model Openness Framework";
    private const int MaxComponents = 17;

    // The enums of MOT's mof_schema.json.
    private static readonly string[] ReleaseTypes = ["", "language", "vision", "image", "audio", "video", "3d", "code", "multimodal", "other"];
    private static readonly string[] Architectures =
        ["", "transformer", "transformer decoder", "transformer encoder-decoder", "decoder", "encoder", "diffusion", "RNN", "CNN", "LSTM", "NeRF", "hybrid", "undisclosed", "other"];
    private static readonly string[] Treatments = ["pre-trained", "instruct fine-tuned", "chat fine-tuned"];
    private static readonly string[] LicenceKinds = ["distribution", "code", "document", "data"];

    /// <summary>Component licence values MOT takes as "no licence" (with no fall-back to the release's licences).</summary>
    private static readonly string[] UnlicensedValues = ["unlicensed", "", "0"];

    /// <summary>Architecture values that name no architecture family.</summary>
    private static readonly string[] NoFamily = ["", "undisclosed", "other"];

    public static ImportResult Import(string yamlText, string path)
    {
        var reader = new Reader(new SourceText(yamlText, path));
        DocumentNode document;
        try
        {
            document = YamlDocumentReader.Read(yamlText, Limits.Default.MaxDescriptorDepth);
        }
        catch (JsonDocumentReader.FormatError e)
        {
            reader.Report(DiagnosticDescriptors.ImportSourceMalformed, e.Line, e.Column, path, "YAML", e.Message);
            return new ImportResult(null, reader.Diagnostics);
        }
        if (document.Kind != DocumentNodeKind.Object)
        {
            reader.Violation(document, $"the file must be a mapping with 'framework' and 'release', not {document.KindText}");
            return new ImportResult(null, reader.Diagnostics);
        }

        var framework = ReadFramework(reader, document);
        var release = reader.Object(document, "release", "release", required: true);

        var model = new JObject();
        var developer = new JObject();
        var releaseOut = new JObject();
        var sources = new JObject();
        void Fact(JObject target, string property, string factPath, string? value, string mofPath)
        {
            if (value is null) return;
            target[property] = value;
            sources[factPath] = $"{path} ({mofPath})";
        }

        if (release is not null)
        {
            var name = reader.String(release, "name", "release.name", required: true);
            if (name is { Length: 0 }) reader.Violation(reader.Member(release, "name")!, "'release.name' must not be empty");
            Fact(model, "name", "model.name", NonEmpty(name), "release.name");
            Fact(model, "version", "model.version", NonEmpty(reader.String(release, "version", "release.version")), "release.version");
            var type = reader.Enum(release, "type", "release.type", ReleaseTypes);
            Fact(model, "release_type", "model.release_type", NonEmpty(type), "release.type");
            var architecture = reader.Enum(release, "architecture", "release.architecture", Architectures);
            if (architecture is not null && !NoFamily.Contains(architecture))
            {
                model["architecture"] = new JObject { ["family"] = architecture };
                sources["model.architecture.family"] = $"{path} (release.architecture)";
            }
            reader.Enum(release, "treatment", "release.treatment", Treatments);
            reader.String(release, "origin", "release.origin");
            reader.String(release, "contact", "release.contact");
            Fact(developer, "name", "developer.name", NonEmpty(reader.String(release, "producer", "release.producer", required: true)), "release.producer");
            Fact(releaseOut, "date", "release.date", reader.Date(release, "date", "release.date"), "release.date");

            var licences = ReadGlobalLicences(reader, release);
            if (ReadComponents(reader, release, licences) is { } components)
            {
                releaseOut["components"] = components;
                sources["release.components"] = $"{path} (release.components; licences resolved as the Model Openness Tool resolves them: " +
                    "the component's license, else release.license.<content type>.name, else release.license.distribution.name, else unlicensed)";
            }
        }

        var descriptor = new JObject { ["descriptor_version"] = "0.1", ["model"] = model };
        if (developer.Count > 0) descriptor["developer"] = developer;
        if (releaseOut.Count > 0) descriptor["release"] = releaseOut;
        descriptor["provenance"] = new JObject
        {
            ["prepared_by"] = "PolicyEngine MOF importer",
            ["notes"] = $"Imported from the Model Openness Framework file {path}" +
                (framework is { } f ? $" (MOF {f.Version ?? "version not given"}, {f.Date ?? "date not given"})" : "") +
                "; facts the file does not state are left unknown.",
        };
        if (sources.Count > 0) descriptor["sources"] = sources;
        return new ImportResult(ImportResult.Serialize(descriptor), reader.Diagnostics);
    }

    private static (string? Version, string? Date)? ReadFramework(Reader reader, DocumentNode document)
    {
        var framework = reader.Object(document, "framework", "framework", required: true);
        if (framework is null) return null;
        var name = reader.String(framework, "name", "framework.name", required: true);
        if (name is not null && name != FrameworkName)
            reader.Violation(reader.Member(framework, "name")!, $"'framework.name' must be \"{FrameworkName}\", not \"{name}\"");
        return (reader.String(framework, "version", "framework.version", required: true), reader.Date(framework, "date", "framework.date", required: true));
    }

    /// <summary><c>release.license.&lt;kind&gt;.name</c> for each kind where it is a non-empty string.</summary>
    private static Dictionary<string, string> ReadGlobalLicences(Reader reader, DocumentNode release)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var licence = reader.Object(release, "license", "release.license", required: true);
        if (licence is null) return result;
        foreach (var kind in LicenceKinds)
        {
            var entry = reader.Object(licence, kind, $"release.license.{kind}");
            if (entry is null) continue;
            reader.String(entry, "path", $"release.license.{kind}.path", nullable: true);
            if (reader.String(entry, "name", $"release.license.{kind}.name", nullable: true) is { Length: > 0 } name) result[kind] = name;
        }
        return result;
    }

    private static JArray? ReadComponents(Reader reader, DocumentNode release, Dictionary<string, string> globalLicences)
    {
        var list = reader.Array(release, "components", "release.components", required: true);
        if (list is null) return null;
        if (list.Items.Count > MaxComponents)
            reader.Violation(list, $"'release.components' has {list.Items.Count} entries; the schema allows at most {MaxComponents}");

        var entries = new List<JObject>();
        var seen = new Dictionary<string, (int Index, int Line)>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var at = $"release.components[{i}]";
            if (item.Kind != DocumentNodeKind.Object)
            {
                reader.Violation(item, $"'{at}' should be a mapping but is {item.KindText}");
                continue;
            }
            foreach (var property in (string[])["name", "description", "license", "license_path", "component_path"])
                reader.String(item, property, $"{at}.{property}");

            var given = reader.Member(item, "name") is { Kind: DocumentNodeKind.String } n ? (string)n.Value! : null;
            var component = MofComponents.Find(given);
            if (component is null)
            {
                component = MofComponents.Datasets;
                reader.Quirk(reader.Member(item, "name") ?? item, given is null
                    ? $"'{at}' has no name; the Model Openness Tool counts it as '{component.Name}'"
                    : $"'{given}' is not one of the 17 MOF component names (they are case-sensitive); the Model Openness Tool counts it as '{component.Name}'");
            }

            var entry = new JObject { ["name"] = component.Name, ["released"] = true };
            ResolveLicence(reader, item, at, component, globalLicences, entry);
            entry["content_type"] = component.ContentType;
            if (Location(reader, item, at) is { } location) entry["location"] = location;

            if (seen.TryGetValue(component.Name, out var earlier))
            {
                reader.Quirk(item, $"'{at}' is a second '{component.Name}' entry; as in the Model Openness Tool it replaces the one on line {earlier.Line}");
                entries[earlier.Index] = entry;
                seen[component.Name] = (earlier.Index, item.Line);
            }
            else
            {
                seen[component.Name] = (entries.Count, item.Line);
                entries.Add(entry);
            }
        }
        return new JArray(entries);
    }

    /// <summary>MOT's resolution order: the component's own licence, the release's licence for the component's
    /// content type, the release's distribution licence, else unlicensed.</summary>
    private static void ResolveLicence(Reader reader, DocumentNode item, string at, MofComponent component, Dictionary<string, string> globalLicences, JObject entry)
    {
        var own = reader.Member(item, "license");
        if (own is not null && own.Kind != DocumentNodeKind.Null)
        {
            // A licence of another type breaks MOT's schema (reported above): MOT would not load the file, so the fact is left out.
            if (own.Kind != DocumentNodeKind.String) return;
            var licence = (string)own.Value!;
            if (UnlicensedValues.Contains(licence, StringComparer.Ordinal))
            {
                entry["licensed"] = false;
                return;
            }
            entry["licence"] = licence;
            entry["licensed"] = true;
            return;
        }
        if (reader.Member(item, "license_name") is { Kind: DocumentNodeKind.String })
        {
            reader.Quirk(reader.MemberKey(item, "license_name"), $"'{at}.license_name' is the older MOT format, which the Model Openness Tool no longer reads; " +
                "the component takes the release's licence instead (write 'license' to give it its own)");
        }
        if (globalLicences.TryGetValue(component.ContentType, out var byType) || globalLicences.TryGetValue("distribution", out byType))
        {
            entry["licence"] = byType;
            entry["licensed"] = true;
            return;
        }
        entry["licensed"] = false;
    }

    /// <summary>Where the component is published: <c>component_path</c> (or the older format's <c>location</c>) when it is an absolute URL.</summary>
    private static string? Location(Reader reader, DocumentNode item, string at)
    {
        foreach (var key in (string[])["component_path", "location"])
        {
            if (reader.Member(item, key) is not { Kind: DocumentNodeKind.String } node || (string)node.Value! is not { Length: > 0 } text) continue;
            if (Uri.TryCreate(text, UriKind.Absolute, out _)) return text;
            reader.LeftOut(node, $"{at}.{key}", "it is not an absolute URL");
            return null;
        }
        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Reads typed values from the YAML tree, reporting breaches of MOT's schema where they are.</summary>
    private sealed class Reader
    {
        private readonly SourceText _source;
        private readonly List<Diagnostic> _diagnostics = new();

        public Reader(SourceText source) => _source = source;

        public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

        public void Report(DiagnosticDescriptor descriptor, int line, int column, params object?[] args)
        {
            var offset = _source.GetOffset(Math.Max(0, line - 1), Math.Max(0, column - 1));
            _diagnostics.Add(Diagnostic.Create(descriptor, _source.Location(new TextSpan(offset, 1)), args));
        }

        public void Violation(DocumentNode at, string message) => Report(DiagnosticDescriptors.ImportSchemaViolation, at.Line, at.Column, FormatName, message);

        public void Quirk(DocumentNode at, string message) => Report(DiagnosticDescriptors.ImportReadAsTool, at.Line, at.Column, message);

        public void Quirk((int Line, int Column) at, string message) => Report(DiagnosticDescriptors.ImportReadAsTool, at.Line, at.Column, message);

        public void LeftOut(DocumentNode at, string path, string reason) => Report(DiagnosticDescriptors.ImportValueLeftOut, at.Line, at.Column, path, reason);

        public DocumentNode? Member(DocumentNode node, string name) => node.Members.FirstOrDefault(m => m.Name == name).Value;

        public (int Line, int Column) MemberKey(DocumentNode node, string name) =>
            node.Members.FirstOrDefault(m => m.Name == name) is { Value: not null } m ? (m.Line, m.Column) : (node.Line, node.Column);

        private DocumentNode? Get(DocumentNode node, string name, string path, bool required)
        {
            var value = Member(node, name);
            if (value is null && required) Violation(node, $"'{path}' is required");
            return value;
        }

        private DocumentNode? OfKind(DocumentNode node, string name, string path, bool required, DocumentNodeKind kind, string expected)
        {
            var value = Get(node, name, path, required);
            if (value is null) return null;
            if (value.Kind == kind) return value;
            Violation(value, $"'{path}' should be {expected} but is {value.KindText}");
            return null;
        }

        public DocumentNode? Object(DocumentNode node, string name, string path, bool required = false) =>
            OfKind(node, name, path, required, DocumentNodeKind.Object, "a mapping");

        public DocumentNode? Array(DocumentNode node, string name, string path, bool required = false) =>
            OfKind(node, name, path, required, DocumentNodeKind.Array, "a list");

        /// <summary>A string; a plain YAML scalar that reads as a number or boolean is not one (quote it).</summary>
        public string? String(DocumentNode node, string name, string path, bool required = false, bool nullable = false)
        {
            var value = Get(node, name, path, required);
            if (value is null || value.Kind == DocumentNodeKind.Null && nullable) return null;
            if (value.Kind == DocumentNodeKind.String) return (string)value.Value!;
            Violation(value, $"'{path}' should be a string{(nullable ? " or null" : "")} but is {value.KindText}" +
                (value.Kind is DocumentNodeKind.Number or DocumentNodeKind.Boolean ? "; quote it" : ""));
            return null;
        }

        public string? Enum(DocumentNode node, string name, string path, string[] allowed)
        {
            var value = String(node, name, path);
            if (value is null || allowed.Contains(value, StringComparer.Ordinal)) return value;
            Violation(Member(node, name)!, $"'{path}' is \"{value}\", which is not one of: {string.Join(", ", allowed.Select(a => a.Length == 0 ? "\"\"" : a))}");
            return null;
        }

        public string? Date(DocumentNode node, string name, string path, bool required = false)
        {
            var value = String(node, name, path, required);
            if (value is null || DateValue.TryParse(value, out _)) return value;
            Violation(Member(node, name)!, $"'{path}' is \"{value}\", which is not a date (YYYY-MM-DD)");
            return null;
        }
    }
}

using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PolicyEngine.Diagnostics;
using PolicyEngine.Runtime;
using PolicyEngine.Text;

namespace PolicyEngine.Descriptors.Importers;

/// <summary>
/// Imports the metadata of a Hugging Face model card — the YAML front matter between the <c>---</c> lines at the
/// top of a model repository's README.md (hub-docs <c>modelcard.md</c>, <c>docs/hub/model-cards.md</c>,
/// <c>docs/hub/models-gated.md</c>) — into a release descriptor.
/// <para>
/// Only what the card states is mapped: <c>license</c> (a small table of Hugging Face licence ids gives the SPDX id,
/// the licence name and OSI approval; <c>other</c> takes <c>license_name</c>), <c>license_link</c>,
/// <c>model_name</c> or <c>model-index[0].name</c>, <c>pipeline_tag</c> (the task's input and output modalities),
/// <c>base_model</c> and <c>base_model_relation</c>, <c>datasets</c>, <c>co2_eq_emissions.hardware_used</c> and
/// the access gate (<c>gated</c>, <c>extra_gated_prompt</c>, <c>extra_gated_fields</c>,
/// <c>extra_gated_eu_disallowed</c>). The model id, when given, names the repository.
/// </para>
/// Facts the card does not state are left out (unknown), never guessed; stated values the descriptor has no place
/// for, or that the importer cannot read, are reported as PE0503.
/// </summary>
public static partial class HuggingFaceImporter
{
    private const string Origin = "Hugging Face model card front matter";
    private const string Metadata = "Hugging Face model card metadata";
    private const string Format = "Hugging Face model card";
    private const string HubUrl = "https://huggingface.co/";

    /// <summary>What a Hugging Face licence id stands for: SPDX id (null when there is none or it is ambiguous,
    /// as for <c>gpl-3.0</c>, which does not say "only" or "or later"), name, and whether the OSI has approved it
    /// (null when not known).</summary>
    private sealed record LicenceInfo(string? Spdx, string Name, bool? OsiApproved);

    /// <summary>Common licence ids of the Hub's list (hub-docs <c>docs/hub/repositories-licenses.md</c>, plus the
    /// later Llama ids). Ids not here are left out rather than guessed.</summary>
    private static readonly Dictionary<string, LicenceInfo> Licences = new(StringComparer.OrdinalIgnoreCase)
    {
        ["apache-2.0"] = new("Apache-2.0", "Apache License 2.0", true),
        ["mit"] = new("MIT", "MIT License", true),
        ["bsd-2-clause"] = new("BSD-2-Clause", "BSD 2-Clause \"Simplified\" License", true),
        ["bsd-3-clause"] = new("BSD-3-Clause", "BSD 3-Clause \"New\" or \"Revised\" License", true),
        ["bsd-3-clause-clear"] = new("BSD-3-Clause-Clear", "BSD 3-Clause Clear License", null),
        ["isc"] = new("ISC", "ISC License", true),
        ["mpl-2.0"] = new("MPL-2.0", "Mozilla Public License 2.0", true),
        ["epl-2.0"] = new("EPL-2.0", "Eclipse Public License 2.0", true),
        ["bsl-1.0"] = new("BSL-1.0", "Boost Software License 1.0", true),
        ["artistic-2.0"] = new("Artistic-2.0", "Artistic License 2.0", true),
        ["afl-3.0"] = new("AFL-3.0", "Academic Free License v3.0", true),
        ["zlib"] = new("Zlib", "zlib License", true),
        ["unlicense"] = new("Unlicense", "The Unlicense", true),
        ["gpl-2.0"] = new(null, "GNU General Public License v2.0", true),
        ["gpl-3.0"] = new(null, "GNU General Public License v3.0", true),
        ["lgpl-2.1"] = new(null, "GNU Lesser General Public License v2.1", true),
        ["lgpl-3.0"] = new(null, "GNU Lesser General Public License v3.0", true),
        ["agpl-3.0"] = new(null, "GNU Affero General Public License v3.0", true),
        ["cc0-1.0"] = new("CC0-1.0", "Creative Commons Zero v1.0 Universal", false),
        ["cc-by-4.0"] = new("CC-BY-4.0", "Creative Commons Attribution 4.0", false),
        ["cc-by-sa-4.0"] = new("CC-BY-SA-4.0", "Creative Commons Attribution Share Alike 4.0", false),
        ["cc-by-nc-4.0"] = new("CC-BY-NC-4.0", "Creative Commons Attribution Non Commercial 4.0", false),
        ["cc-by-nd-4.0"] = new("CC-BY-ND-4.0", "Creative Commons Attribution No Derivatives 4.0", false),
        ["cc-by-nc-sa-4.0"] = new("CC-BY-NC-SA-4.0", "Creative Commons Attribution Non Commercial Share Alike 4.0", false),
        ["cc-by-nc-nd-4.0"] = new("CC-BY-NC-ND-4.0", "Creative Commons Attribution Non Commercial No Derivatives 4.0", false),
        ["openrail"] = new(null, "OpenRAIL license family", false),
        ["openrail++"] = new(null, "Open Rail++-M License", false),
        ["creativeml-openrail-m"] = new(null, "CreativeML OpenRAIL-M", false),
        ["bigscience-openrail-m"] = new(null, "BigScience OpenRAIL-M", false),
        ["bigscience-bloom-rail-1.0"] = new(null, "BigScience BLOOM RAIL 1.0", false),
        ["bigcode-openrail-m"] = new(null, "BigCode Open RAIL-M v1", false),
        ["deepfloyd-if-license"] = new(null, "DeepFloyd IF Research License Agreement", false),
        ["llama2"] = new(null, "Llama 2 Community License Agreement", false),
        ["llama3"] = new(null, "Meta Llama 3 Community License Agreement", false),
        ["llama3.1"] = new(null, "Llama 3.1 Community License Agreement", false),
        ["llama3.2"] = new(null, "Llama 3.2 Community License Agreement", false),
        ["llama3.3"] = new(null, "Llama 3.3 Community License Agreement", false),
        ["llama4"] = new(null, "Llama 4 Community License Agreement", false),
        ["gemma"] = new(null, "Gemma Terms of Use", false),
    };

    /// <summary>Input and output modalities of a Hub task (<c>pipeline_tag</c>); null where the task does not
    /// fix them (a classifier's labels or an embedding are not a generated modality).</summary>
    private sealed record Task(string[]? Input, string[]? Output);

    private static readonly Dictionary<string, Task> Tasks = new(StringComparer.Ordinal)
    {
        ["text-generation"] = new(["text"], ["text"]),
        ["text2text-generation"] = new(["text"], ["text"]),
        ["summarization"] = new(["text"], ["text"]),
        ["translation"] = new(["text"], ["text"]),
        ["question-answering"] = new(["text"], ["text"]),
        ["fill-mask"] = new(["text"], ["text"]),
        ["text-classification"] = new(["text"], null),
        ["token-classification"] = new(["text"], null),
        ["zero-shot-classification"] = new(["text"], null),
        ["sentence-similarity"] = new(["text"], null),
        ["feature-extraction"] = new(["text"], null),
        ["text-to-image"] = new(["text"], ["image"]),
        ["text-to-speech"] = new(["text"], ["audio"]),
        ["text-to-audio"] = new(["text"], ["audio"]),
        ["text-to-video"] = new(["text"], ["video"]),
        ["automatic-speech-recognition"] = new(["audio"], ["text"]),
        ["audio-to-audio"] = new(["audio"], ["audio"]),
        ["audio-classification"] = new(["audio"], null),
        ["image-to-text"] = new(["image"], ["text"]),
        ["image-text-to-text"] = new(["image", "text"], ["text"]),
        ["visual-question-answering"] = new(["image", "text"], ["text"]),
        ["document-question-answering"] = new(["image", "text"], ["text"]),
        ["image-to-image"] = new(["image"], ["image"]),
        ["image-to-video"] = new(["image"], ["video"]),
        ["image-classification"] = new(["image"], null),
        ["zero-shot-image-classification"] = new(["image", "text"], null),
        ["object-detection"] = new(["image"], null),
        ["image-segmentation"] = new(["image"], null),
        ["image-feature-extraction"] = new(["image"], null),
        ["depth-estimation"] = new(["image"], null),
        ["video-classification"] = new(["video"], null),
        ["video-text-to-text"] = new(["video", "text"], ["text"]),
    };

    /// <summary><c>base_model_relation</c> values (the Hub's model tree: adapter, merge, quantized, finetune) →
    /// <c>model.lineage.relation</c>. An adapter is trained on the base model, so it is a fine-tune.</summary>
    private static readonly Dictionary<string, string> Relations = new(StringComparer.Ordinal)
    {
        ["finetune"] = "fine_tune",
        ["adapter"] = "fine_tune",
        ["quantized"] = "quantisation",
        ["merge"] = "merge",
    };

    /// <summary>Top-level descriptor sections in schema order.</summary>
    private static readonly string[] Sections = ["developer", "training_data", "release", "weights", "licence", "documentation"];

    public static ImportResult Import(string readmeText, string path, string? modelId = null)
    {
        var builder = new Builder(new SourceText(readmeText, path), path);
        if (FrontMatter(readmeText) is not { } frontMatter)
        {
            var reason = StartsWithFence(readmeText)
                ? "the front matter opened by '---' on line 1 is not closed by a '---' line"
                : "the file does not start with a '---' line, so it has no YAML front matter";
            builder.Report(DiagnosticDescriptors.ImportSourceMalformed, 1, 1, path, Metadata, reason);
            return new ImportResult(null, builder.Diagnostics);
        }

        DocumentNode card;
        try
        {
            card = YamlDocumentReader.Read(frontMatter, Limits.Default.MaxDescriptorDepth);
        }
        catch (JsonDocumentReader.FormatError e)
        {
            builder.Report(DiagnosticDescriptors.ImportSourceMalformed, e.Line, e.Column, path, "YAML", e.Message);
            return new ImportResult(null, builder.Diagnostics);
        }
        if (card.Kind == DocumentNodeKind.Null) card = new DocumentNode(DocumentNodeKind.Object, card.Line, card.Column);
        if (card.Kind != DocumentNodeKind.Object)
        {
            builder.Report(DiagnosticDescriptors.ImportSchemaViolation, card.Line, card.Column, Format,
                $"the front matter must be a mapping of metadata fields, not {card.KindText}");
            return new ImportResult(null, builder.Diagnostics);
        }

        var id = string.IsNullOrWhiteSpace(modelId) ? null : modelId.Trim();
        var repository = id is not null && RepositoryId().IsMatch(id) ? HubUrl + id : null;

        if (id is not null) builder.SetGiven("model.id", id, repository is null ? "model id given to the importer" : $"{repository} (model id given to the importer)");
        ReadName(builder, card);
        ReadTask(builder, card);
        ReadEmissions(builder, card);
        ReadLineage(builder, card);
        ReadDatasets(builder, card);
        var gateFromForm = ReadGate(builder, card);
        ReadLicence(builder, card, id, repository);
        if (repository is not null)
            builder.SetGiven("documentation.model_card", repository, $"{path} (the model card imported, as the card of {repository})");
        if (builder.Member(card, "language") is { Value.Kind: not DocumentNodeKind.Null } language)
            builder.LeftOut(language.Value, "language", "the descriptor has no field for the languages a model handles");

        var descriptor = new JObject { ["descriptor_version"] = "0.1", ["model"] = builder.Facts["model"] ?? new JObject() };
        foreach (var section in Sections)
        {
            if (builder.Facts[section] is { } facts) descriptor[section] = facts;
        }
        descriptor["provenance"] = new JObject
        {
            ["prepared_by"] = "policyengine import (Hugging Face model card)",
            ["notes"] = $"Imported from the {Origin} of {path}" + (id is null ? "" : $" (model {id})") +
                "; facts the card does not state are left unknown." +
                (gateFromForm ? " The card's access-request form (extra_gated_prompt or extra_gated_fields) is read as a gated download; " +
                    "the gate itself is switched on in the repository's settings, which the card does not show." : ""),
        };
        if (builder.Sources.Count > 0) descriptor["sources"] = builder.Sources;
        return new ImportResult(ImportResult.Serialize(descriptor), builder.SortedDiagnostics());
    }

    // ---- front matter -------------------------------------------------------------------------

    private static IEnumerable<(int Start, string Text)> Lines(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\r' or '\n')) continue;
            yield return (start, text[start..i]);
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        yield return (start, text[start..]);
    }

    private static bool IsFence(string line) => line.TrimEnd(' ', '\t') == "---";

    private static bool StartsWithFence(string text) => IsFence(Lines(text).First().Text.TrimStart('\uFEFF'));

    /// <summary>The text from the opening <c>---</c> (which YAML reads as the start of a document) up to the closing
    /// <c>---</c> line, so YAML positions are positions in the README; null without front matter.</summary>
    private static string? FrontMatter(string text)
    {
        if (!StartsWithFence(text)) return null;
        var bom = text.StartsWith('\uFEFF') ? 1 : 0;
        foreach (var (start, line) in Lines(text).Skip(1))
        {
            if (IsFence(line)) return text[bom..start];
        }
        return null;
    }

    // ---- mapping ------------------------------------------------------------------------------

    private static void ReadName(Builder b, DocumentNode card)
    {
        if (b.String(card, "model_name", "model_name") is { } name)
        {
            b.Set("model.name", name.Text, name.Line);
            return;
        }
        if (b.Member(card, "model-index") is { Value: { Kind: DocumentNodeKind.Array, Items: [{ Kind: DocumentNodeKind.Object } first, ..] } }
            && b.String(first, "name", "model-index[0].name") is { } indexed)
        {
            b.Set("model.name", indexed.Text, indexed.Line);
        }
    }

    private static void ReadTask(Builder b, DocumentNode card)
    {
        if (b.String(card, "pipeline_tag", "pipeline_tag") is not { } tag) return;
        if (!Tasks.TryGetValue(tag.Text, out var task))
        {
            b.LeftOut(tag.Node, "pipeline_tag", $"the importer does not know the input and output modalities of the task '{tag.Text}'");
            return;
        }
        var note = $"pipeline_tag '{tag.Text}'";
        if (task.Input is { } input) b.Set("model.modalities.input", new JArray(input), tag.Line, note);
        if (task.Output is { } output) b.Set("model.modalities.output", new JArray(output), tag.Line, note);
    }

    private static void ReadEmissions(Builder b, DocumentNode card)
    {
        if (b.Member(card, "co2_eq_emissions") is not { } member) return;
        const string NoField = "the descriptor has no field for CO2-equivalent emissions";
        switch (member.Value.Kind)
        {
            case DocumentNodeKind.Number:
                b.LeftOut(member.Value, "co2_eq_emissions", NoField);
                return;
            case DocumentNodeKind.Object:
                if (b.Member(member.Value, "emissions") is { Value.Kind: not DocumentNodeKind.Null } emissions)
                    b.LeftOut(emissions.Value, "co2_eq_emissions.emissions", NoField);
                if (b.String(member.Value, "hardware_used", "co2_eq_emissions.hardware_used") is { } hardware)
                    b.Set("model.training.hardware", hardware.Text, hardware.Line);
                return;
            case DocumentNodeKind.Null:
                return;
            default:
                b.LeftOut(member.Value, "co2_eq_emissions", $"it should be a number or a mapping but is {member.Value.KindText}");
                return;
        }
    }

    private static void ReadLineage(Builder b, DocumentNode card)
    {
        if (b.Strings(card, "base_model", "base_model") is { Count: > 0 } bases)
        {
            if (bases.Count == 1)
                b.Set("model.lineage.base_model", bases[0].Text, bases[0].Line);
            else
                b.LeftOut(b.Member(card, "base_model")!.Value.Value, "base_model",
                    $"the card names {bases.Count} base models and the descriptor holds one");
        }
        if (b.String(card, "base_model_relation", "base_model_relation") is { } relation)
        {
            if (Relations.TryGetValue(relation.Text, out var value))
                b.Set("model.lineage.relation", value, relation.Line, $"base_model_relation '{relation.Text}'");
            else
                b.LeftOut(relation.Node, "base_model_relation", $"'{relation.Text}' is not one of adapter, merge, quantized, finetune");
        }
    }

    private static void ReadDatasets(Builder b, DocumentNode card)
    {
        if (b.Strings(card, "datasets", "datasets") is { Count: > 0 } datasets)
            b.Set("training_data.datasets", new JArray(datasets.Select(d => d.Text)), b.Member(card, "datasets")!.Value.Line);
    }

    /// <summary>Reads the access gate; true when the gated download rests on the access-request form alone.</summary>
    private static bool ReadGate(Builder b, DocumentNode card)
    {
        // 'gated' as the Hub API gives it: true, false, "auto" or "manual".
        var gated = b.Member(card, "gated") is { Value.Kind: not DocumentNodeKind.Null } g ? g : default((string Name, int Line, int Column, DocumentNode Value)?);
        bool? on = null;
        string? mode = null;
        if (gated is { } stated)
        {
            switch (stated.Value)
            {
                case { Kind: DocumentNodeKind.Boolean, Value: bool flag }:
                    on = flag;
                    break;
                case { Kind: DocumentNodeKind.String, Value: "auto" or "manual" }:
                    on = true;
                    mode = (string)stated.Value.Value!;
                    break;
                default:
                    b.LeftOut(stated.Value, "gated", "it should be true, false, auto or manual");
                    gated = null;
                    break;
            }
        }

        // The access-request form: the prompt shown to requesters and the fields they fill in.
        (string Key, int Line)? form = null;
        foreach (var key in (string[])["extra_gated_prompt", "extra_gated_fields"])
        {
            if (b.Member(card, key) is { Value.Kind: not DocumentNodeKind.Null } m)
            {
                form = (key, m.Line);
                break;
            }
        }
        var euDisallowed = b.Member(card, "extra_gated_eu_disallowed") is { Value.Kind: not DocumentNodeKind.Null } eu ? eu : default((string Name, int Line, int Column, DocumentNode Value)?);

        if (on == false)
        {
            var line = gated!.Value.Line;
            if (form is { } conflicting)
            {
                b.LeftOut(gated.Value.Value, "gated", $"the card says the repository is not gated but configures an access-request form ({conflicting.Key}, line {conflicting.Line})");
                return false;
            }
            b.Set("weights.availability", "open_download", line, "gated: false");
            b.Set("weights.gating.mode", "none", line, "gated: false");
            if (euDisallowed is { } ignored)
                b.LeftOut(ignored.Value, "extra_gated_eu_disallowed", "the card says the repository is not gated, so no gate refuses anyone");
            return false;
        }

        if (on is null && form is null)
        {
            if (euDisallowed is { } ignored)
            {
                b.LeftOut(ignored.Value, "extra_gated_eu_disallowed",
                    "the card configures no access-request gate (gated, extra_gated_prompt or extra_gated_fields), and the setting applies only to a gated repository");
            }
            return false;
        }

        if (gated is { } gate)
        {
            b.Set("weights.availability", "gated_download", gate.Line, $"gated: {mode ?? "true"}");
            if (mode is not null) b.Set("weights.gating.mode", mode, gate.Line);
        }
        else
        {
            b.Set("weights.availability", "gated_download", form!.Value.Line, $"the card configures an access-request form ({form.Value.Key})");
        }

        if (b.Member(card, "extra_gated_fields") is { } fields)
        {
            if (fields.Value.Kind == DocumentNodeKind.Object)
                b.Set("weights.gating.fields", new JArray(fields.Value.Members.Select(m => m.Name)), fields.Line);
            else if (fields.Value.Kind != DocumentNodeKind.Null)
                b.LeftOut(fields.Value, "extra_gated_fields", $"it should be a mapping of field names to field types but is {fields.Value.KindText}");
        }
        if (euDisallowed is { } refusal)
        {
            if (refusal.Value is { Kind: DocumentNodeKind.Boolean, Value: bool refuses })
                b.Set("weights.gating.eu_disallowed", refuses, refusal.Line);
            else
                b.LeftOut(refusal.Value, "extra_gated_eu_disallowed", $"it should be true or false but is {refusal.Value.KindText}");
        }
        return gated is null;
    }

    private static void ReadLicence(Builder b, DocumentNode card, string? id, string? repository)
    {
        (string Text, int Line, DocumentNode Node)? licence = null;
        if (b.Strings(card, "license", "license") is { Count: > 0 } licences)
        {
            if (licences.Count == 1)
                licence = licences[0];
            else
                b.LeftOut(b.Member(card, "license")!.Value.Value, "license", $"the card names {licences.Count} licences and the descriptor holds one");
        }

        LicenceInfo? known = null;
        if (licence is { } given)
        {
            if (Licences.TryGetValue(given.Text, out known))
            {
                var note = $"license '{given.Text}'";
                b.Set("licence.name", known.Name, given.Line, note);
                if (known.Spdx is { } spdx) b.Set("licence.spdx", spdx, given.Line, note);
            }
            else if (given.Text.Equals("unknown", StringComparison.OrdinalIgnoreCase))
            {
                b.LeftOut(given.Node, "license", "the card gives the licence as unknown");
            }
            else if (!given.Text.Equals("other", StringComparison.OrdinalIgnoreCase))
            {
                b.LeftOut(given.Node, "license", $"'{given.Text}' is not a Hugging Face licence id the importer knows; give the licence by hand");
            }
        }

        // license_name names a licence the Hub's list does not have ('other'); a listed id already names its licence.
        if (known is null && b.String(card, "license_name", "license_name") is { } name)
            b.Set("licence.name", name.Text, name.Line);

        if (b.String(card, "license_link", "license_link") is { } link)
        {
            if (Uri.TryCreate(link.Text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                b.Set("licence.url", link.Text, link.Line);
            }
            else if (IsRepositoryPath(link.Text) && repository is not null)
            {
                var file = string.Join('/', link.Text.TrimStart('.', '/').Split('/').Select(Uri.EscapeDataString));
                b.Set("licence.url", $"{repository}/blob/main/{file}", link.Line, $"license_link '{link.Text}' in repository {id}, on its main branch");
            }
            else
            {
                b.LeftOut(link.Node, "license_link", IsRepositoryPath(link.Text)
                    ? $"'{link.Text}' is a file in the model repository, and without the model id it cannot be made a URL"
                    : $"'{link.Text}' is neither an http(s) URL nor a file in the model repository");
            }
        }

        if (licence is { } stated && known?.OsiApproved is { } approved)
            b.Set("licence.osi_approved", approved, stated.Line, $"license '{stated.Text}' is {(approved ? "" : "not ")}OSI-approved");
    }

    private static bool IsRepositoryPath(string link) =>
        !link.Contains(':', StringComparison.Ordinal) && !link.Contains('\\', StringComparison.Ordinal) && !link.Contains("..", StringComparison.Ordinal)
        && link.TrimStart('.', '/').Length > 0 && !link.Any(char.IsWhiteSpace);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]
    private static partial Regex RepositoryId();

    /// <summary>Collects descriptor facts with their sources, and diagnostics with positions in the README.</summary>
    private sealed class Builder
    {
        private readonly SourceText _source;
        private readonly string _path;
        private readonly List<Diagnostic> _diagnostics = new();

        public Builder(SourceText source, string path)
        {
            _source = source;
            _path = path;
        }

        public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

        public IReadOnlyList<Diagnostic> SortedDiagnostics() => _diagnostics.OrderBy(d => d.Location.Span.Start).ToList();

        /// <summary>Descriptor sections by name, each filled in the order facts are set.</summary>
        public JObject Facts { get; } = new();

        public JObject Sources { get; } = new();

        public void Report(DiagnosticDescriptor descriptor, int line, int column, params object?[] args)
        {
            var offset = _source.GetOffset(Math.Max(0, line - 1), Math.Max(0, column - 1));
            _diagnostics.Add(Diagnostic.Create(descriptor, _source.Location(new TextSpan(offset, 1)), args));
        }

        public void LeftOut(DocumentNode at, string cardPath, string reason) =>
            Report(DiagnosticDescriptors.ImportValueLeftOut, at.Line, at.Column, cardPath, reason);

        /// <summary>Sets a fact the card states on <paramref name="line"/>; <paramref name="note"/> says how it was read.</summary>
        public void Set(string factPath, JToken value, int line, string? note = null) =>
            SetGiven(factPath, value, $"{_path} ({Origin}, line {line}{(note is null ? "" : "; " + note)})");

        public void SetGiven(string factPath, JToken value, string source)
        {
            var parts = factPath.Split('.');
            var target = Facts;
            foreach (var part in parts[..^1]) target = (JObject)(target[part] ??= new JObject());
            target[parts[^1]] = value;
            Sources[factPath] = source;
        }

        public (string Name, int Line, int Column, DocumentNode Value)? Member(DocumentNode node, string name) =>
            node.Members.FirstOrDefault(m => m.Name == name) is { Value: not null } m ? m : null;

        /// <summary>A non-empty string, trimmed, with the line of its key; another type is left out (PE0503).</summary>
        public (string Text, int Line, DocumentNode Node)? String(DocumentNode node, string name, string cardPath)
        {
            if (Member(node, name) is not { } member) return null;
            return Text(member.Value, member.Line, cardPath);
        }

        private (string Text, int Line, DocumentNode Node)? Text(DocumentNode value, int line, string cardPath)
        {
            switch (value.Kind)
            {
                case DocumentNodeKind.Null:
                    return null;
                case DocumentNodeKind.String:
                    var text = ((string)value.Value!).Trim();
                    return text.Length == 0 ? null : (text, line, value);
                default:
                    LeftOut(value, cardPath, $"it should be a string but is {value.KindText}" +
                        (value.Kind is DocumentNodeKind.Number or DocumentNodeKind.Boolean ? "; quote it" : ""));
                    return null;
            }
        }

        /// <summary>One string or a list of them (as the Hub allows for base_model, datasets and license); items of
        /// another type are left out (PE0503). Null when the field is absent.</summary>
        public List<(string Text, int Line, DocumentNode Node)>? Strings(DocumentNode node, string name, string cardPath)
        {
            if (Member(node, name) is not { } member) return null;
            var result = new List<(string Text, int Line, DocumentNode Node)>();
            if (member.Value.Kind == DocumentNodeKind.Array)
            {
                for (var i = 0; i < member.Value.Items.Count; i++)
                {
                    var item = member.Value.Items[i];
                    if (Text(item, item.Line, $"{cardPath}[{i}]") is { } text) result.Add(text);
                }
            }
            else if (member.Value.Kind == DocumentNodeKind.Object)
            {
                LeftOut(member.Value, cardPath, "it should be a string or a list of strings but is a mapping");
            }
            else if (Text(member.Value, member.Line, cardPath) is { } single)
            {
                result.Add(single);
            }
            return result;
        }
    }
}

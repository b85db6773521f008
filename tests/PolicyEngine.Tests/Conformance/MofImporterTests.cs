using Newtonsoft.Json.Linq;
using PolicyEngine.Descriptors;
using PolicyEngine.Descriptors.Importers;
using PolicyEngine.Diagnostics;
using Shouldly;
using Xunit;

namespace PolicyEngine.Tests.Conformance;

/// <summary>The MOF importer reads MOT's model files the way MOT does: licence resolution, sentinels and quirks.</summary>
public class MofImporterTests
{
    private const string Header = """
        framework:
          name: Model Openness Framework
          version: '1.0'
          date: '2024-12-15'
        release:
          name: Example
          producer: Example Lab
        """;

    private static ImportResult Import(string release, string path = "model.yml") => MofImporter.Import(Header + "\n" + release, path);

    private static JArray Components(ImportResult result)
    {
        result.Json.ShouldNotBeNull();
        var loaded = DescriptorLoader.Load(result.Json, "model.json");
        loaded.Diagnostics.ShouldBeEmpty(string.Join("\n", loaded.Diagnostics));
        return (JArray)JObject.Parse(result.Json)["release"]!["components"]!;
    }

    private static JObject Component(ImportResult result, string name) =>
        (JObject)Components(result).Single(c => (string)c["name"]! == name);

    [Fact]
    public void Malformed_yaml_is_a_diagnostic_with_its_position()
    {
        var result = MofImporter.Import("framework:\n  name: Model Openness Framework\n   version: '1.0'\n", "broken.yml");

        result.Json.ShouldBeNull();
        var diagnostic = result.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("PE0500");
        diagnostic.Location.Path.ShouldBe("broken.yml");
        diagnostic.ToString().ShouldStartWith("broken.yml(3,");
    }

    [Fact]
    public void A_component_licence_comes_first_then_the_release_licence_for_its_content_type_then_distribution()
    {
        var result = Import("""
              license:
                code: {name: MIT, path: https://example.com/mit}
                distribution: {name: CC-BY-4.0}
              components:
                - name: Model architecture
                  license: Apache-2.0
                - name: Training code
                - name: Model card
                - name: Evaluation data
                  license:
            """);

        // MOT's schema wants a string, so a null licence is an error (MOT would not load the file) ...
        result.Diagnostics.Select(d => d.ToString()).ShouldBe(["model.yml(17,15): error PE0501: Not a valid MOF file: 'release.components[3].license' should be a string but is null"]);
        Component(result, "Model architecture")["licence"]!.ToString().ShouldBe("Apache-2.0");
        Component(result, "Training code")["licence"]!.ToString().ShouldBe("MIT");
        Component(result, "Model card")["licence"]!.ToString().ShouldBe("CC-BY-4.0");
        // ... but read as MOT reads it: a null licence falls back like an absent one.
        Component(result, "Evaluation data")["licence"]!.ToString().ShouldBe("CC-BY-4.0");
        Components(result).ShouldAllBe(c => (bool)c["released"]! && (bool)c["licensed"]!);
    }

    [Theory]
    [InlineData("unlicensed")]
    [InlineData("''")]
    [InlineData("'0'")]
    public void Unlicensed_sentinels_do_not_fall_back_to_the_release_licence(string value)
    {
        var result = Import($"""
              license:
                distribution: {"{"}name: Apache-2.0{"}"}
              components:
                - name: Inference code
                  license: {value}
            """);

        var component = Component(result, "Inference code");
        component["licensed"]!.Value<bool>().ShouldBeFalse();
        component.ContainsKey("licence").ShouldBeFalse();
    }

    [Fact]
    public void Without_any_licence_a_component_is_unlicensed()
    {
        var result = Import("""
              license: {}
              components:
                - name: Datasets
            """);

        var component = Component(result, "Datasets");
        component["licensed"]!.Value<bool>().ShouldBeFalse();
        component["content_type"]!.ToString().ShouldBe("data");
    }

    [Fact]
    public void Licence_ids_are_kept_exactly_as_written()
    {
        var result = Import("""
              license: {}
              components:
                - name: Model card
                  license: 'Apache 2.0 '
            """);

        Component(result, "Model card")["licence"]!.ToString().ShouldBe("Apache 2.0 ");
    }

    [Fact]
    public void An_unknown_component_name_counts_as_Datasets()
    {
        var result = Import("""
              license: {}
              components:
                - name: Training data
                  license: CC-BY-4.0
            """);

        Component(result, "Datasets")["licence"]!.ToString().ShouldBe("CC-BY-4.0");
        var warning = result.Diagnostics.ShouldHaveSingleItem();
        warning.Id.ShouldBe("PE0502");
        warning.Severity.ShouldBe(DiagnosticSeverity.Warning);
        warning.ToString().ShouldStartWith("model.yml(10,13): warning PE0502:");
        warning.Message.ShouldContain("'Training data'");
    }

    [Fact]
    public void A_later_entry_with_the_same_name_replaces_the_earlier_one()
    {
        var result = Import("""
              license: {}
              components:
                - name: Datasets
                  license: MIT
                - name: Model card
                  license: CC-BY-4.0
                - name: datasets
                  license: unlicensed
            """);

        var components = Components(result);
        components.Select(c => (string)c["name"]!).ShouldBe(["Datasets", "Model card"]);
        components[0]["licensed"]!.Value<bool>().ShouldBeFalse();
        result.Diagnostics.Select(d => d.Id).ShouldBe(["PE0502", "PE0502"]);
        result.Diagnostics[1].Message.ShouldContain("replaces the one on line 10");
    }

    [Fact]
    public void Release_facts_map_to_the_descriptor_with_sources_pointing_at_the_file()
    {
        var result = MofImporter.Import("""
            framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}
            release:
              name: Example 7B
              version: 7B
              date: '2025-01-20'
              type: language
              architecture: transformer decoder
              producer: Example Lab
              license: {}
              components:
                - name: Model parameters (Final)
                  component_path: https://huggingface.co/example/example-7b
            """, "models/Example.yml");

        result.Succeeded.ShouldBeTrue();
        var descriptor = JObject.Parse(result.Json!);
        descriptor.SelectToken("model.name")!.ToString().ShouldBe("Example 7B");
        descriptor.SelectToken("model.version")!.ToString().ShouldBe("7B");
        descriptor.SelectToken("model.release_type")!.ToString().ShouldBe("language");
        descriptor.SelectToken("model.architecture.family")!.ToString().ShouldBe("transformer decoder");
        descriptor.SelectToken("developer.name")!.ToString().ShouldBe("Example Lab");
        descriptor.SelectToken("release.date")!.ToString().ShouldBe("2025-01-20");
        descriptor.SelectToken("release.components[0].location")!.ToString().ShouldBe("https://huggingface.co/example/example-7b");
        descriptor["sources"]!["model.name"]!.ToString().ShouldBe("models/Example.yml (release.name)");
        descriptor["sources"]!["release.components"]!.ToString().ShouldStartWith("models/Example.yml (release.components");
        DescriptorLoader.Load(result.Json!, "example.json").Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Facts_the_file_leaves_open_stay_absent()
    {
        var result = MofImporter.Import("""
            framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}
            release:
              name: Example
              version: ''
              type: ''
              architecture: undisclosed
              producer: ''
              license: {}
              components: []
            """, "m.yml");

        result.Succeeded.ShouldBeTrue();
        var descriptor = JObject.Parse(result.Json!);
        ((JObject)descriptor["model"]!).Properties().Select(p => p.Name).ShouldBe(["name"]);
        descriptor.ContainsKey("developer").ShouldBeFalse();
    }

    [Fact]
    public void Breaches_of_MOTs_schema_are_errors_where_they_are()
    {
        var result = MofImporter.Import("""
            framework: {name: Model Openness Framework, version: 1.0, date: '2024-12-15'}
            release:
              name: Example
              license: {}
              components:
                - name: Model card
                  license: 2
            """, "m.yml");

        result.Succeeded.ShouldBeFalse();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "m.yml(1,54): error PE0501: Not a valid MOF file: 'framework.version' should be a string but is a number; quote it",
            "m.yml(3,3): error PE0501: Not a valid MOF file: 'release.producer' is required",
            "m.yml(7,16): error PE0501: Not a valid MOF file: 'release.components[0].license' should be a string but is a number; quote it",
        ], ignoreOrder: true);
        // The licence MOT would refuse is left unknown rather than guessed.
        Component(result, "Model card").ContainsKey("licensed").ShouldBeFalse();
    }
}

using Newtonsoft.Json.Linq;
using NJsonSchema;
using PolicyEngine.Descriptors;
using PolicyEngine.Descriptors.Importers;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Tests.Importers;

/// <summary>The Hugging Face importer maps what a model card's front matter states, with sources, and leaves the rest unknown.</summary>
public class HuggingFaceImporterTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(TestPaths.InRepository("rules", "schema", "descriptor.schema.json"))).GetAwaiter().GetResult());

    /// <summary>A Llama 3.1 style card: custom licence, access-request form with extra fields (prompt shortened).</summary>
    private const string LlamaCard = """
        ---
        language:
        - en
        - de
        - fr
        license: llama3.1
        pipeline_tag: text-generation
        tags:
        - facebook
        - meta
        - pytorch
        - llama
        - llama-3
        extra_gated_prompt: >-
          ### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT

          Llama 3.1 Version Release Date: July 23, 2024

          "Agreement" means the terms and conditions for use, reproduction, distribution and
          modification of the Llama Materials set forth herein.
        extra_gated_fields:
          First Name: text
          Last Name: text
          Date of birth: date_picker
          Country: country
          Affiliation: text
          Job title:
            type: select
            options:
            - Student
            - Research Graduate
            - AI researcher
            - AI developer/engineer
            - Reporter
            - Other
          geo: ip_location
          By clicking Submit below I accept the terms of the license and acknowledge that the information I provide will be collected stored processed and shared in accordance with the Meta Privacy Policy: checkbox
        extra_gated_description: >-
          The information you provide will be collected, stored, processed and shared in
          accordance with the [Meta Privacy Policy](https://www.facebook.com/privacy/policy/).
        extra_gated_button_content: Submit
        ---

        ## Model Information

        The Meta Llama 3.1 collection of multilingual large language models (LLMs) is a collection of pretrained and
        instruction tuned generative models in 8B, 70B and 405B sizes (text in/text out).
        """;

    /// <summary>A Mistral 7B style card: Apache-2.0, no gate.</summary>
    private const string MistralCard = """
        ---
        language:
        - en
        license: apache-2.0
        tags:
        - pretrained
        pipeline_tag: text-generation
        inference:
          parameters:
            temperature: 0.7
        ---

        # Model Card for Mistral-7B-v0.1

        The Mistral-7B-v0.1 Large Language Model (LLM) is a pretrained generative text model with 7 billion parameters.
        """;

    /// <summary>A Zephyr style fine-tune: base model, datasets, evaluation results and emissions.</summary>
    private const string FineTuneCard = """
        ---
        license: mit
        base_model: mistralai/Mistral-7B-v0.1
        base_model_relation: finetune
        tags:
        - generated_from_trainer
        datasets:
        - HuggingFaceH4/ultrachat_200k
        - HuggingFaceH4/ultrafeedback_binarized
        language:
        - en
        pipeline_tag: text-generation
        co2_eq_emissions:
          emissions: 1200
          source: CodeCarbon
          training_type: fine-tuning
          geographical_location: Virginia, USA
          hardware_used: 16 x A100-80GB
        model-index:
        - name: zephyr-7b-beta
          results:
          - task:
              type: text-generation
              name: Text Generation
            dataset:
              name: AI2 Reasoning Challenge (25-Shot)
              type: ai2_arc
              config: ARC-Challenge
              split: test
            metrics:
            - type: acc_norm
              value: 62.03
              name: normalized accuracy
            source:
              url: https://huggingface.co/spaces/HuggingFaceH4/open_llm_leaderboard
              name: Open LLM Leaderboard
        ---

        # Model Card for Zephyr 7B β
        """;

    /// <summary>Loads the output as a descriptor: no diagnostics at all, valid against the JSON schema, and every
    /// fact written has a sources entry for its own path.</summary>
    private static JObject Load(ImportResult result)
    {
        result.Json.ShouldNotBeNull();
        var loaded = DescriptorLoader.Load(result.Json, "imported.json");
        loaded.Diagnostics.ShouldBeEmpty(string.Join("\n", loaded.Diagnostics));
        Schema.Value.Validate(result.Json).Select(e => $"{e.Path}: {e.Kind}").ShouldBeEmpty();
        var descriptor = JObject.Parse(result.Json);
        var sources = ((JObject?)descriptor["sources"])?.Properties().Select(p => p.Name).ToHashSet() ?? [];
        Facts(descriptor).Keys.Where(path => !sources.Contains(path)).ShouldBeEmpty("every fact written needs a sources entry");
        sources.Where(path => !Facts(descriptor).ContainsKey(path)).ShouldBeEmpty("no source for a fact that is not written");
        descriptor["provenance"]!["prepared_by"]!.ToString().ShouldBe("policyengine import (Hugging Face model card)");
        return descriptor;
    }

    /// <summary>Every fact as path → JSON text (lists count as one fact), without descriptor_version, provenance and sources.</summary>
    private static Dictionary<string, string> Facts(JObject descriptor)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JToken token, string path)
        {
            if (token is JObject obj)
            {
                foreach (var property in obj.Properties())
                {
                    if (path.Length == 0 && property.Name is "sources" or "provenance" or "descriptor_version") continue;
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}");
                }
            }
            else
            {
                facts[path] = token.ToString(Newtonsoft.Json.Formatting.None);
            }
        }
        Walk(descriptor, "");
        return facts;
    }

    private static string Source(JObject descriptor, string path) => descriptor["sources"]![path]!.ToString();

    [Fact]
    public void A_Llama_style_gated_card_gives_its_licence_task_and_access_request_form()
    {
        var result = HuggingFaceImporter.Import(LlamaCard, "Llama-3.1-8B/README.md", "meta-llama/Llama-3.1-8B");

        result.Succeeded.ShouldBeTrue();
        var descriptor = Load(result);
        Facts(descriptor).ShouldBe(new Dictionary<string, string>
        {
            ["model.id"] = "\"meta-llama/Llama-3.1-8B\"",
            ["model.modalities.input"] = "[\"text\"]",
            ["model.modalities.output"] = "[\"text\"]",
            ["weights.availability"] = "\"gated_download\"",
            ["weights.gating.fields"] = "[\"First Name\",\"Last Name\",\"Date of birth\",\"Country\",\"Affiliation\",\"Job title\",\"geo\"," +
                "\"By clicking Submit below I accept the terms of the license and acknowledge that the information I provide will be collected stored processed and shared in accordance with the Meta Privacy Policy\"]",
            ["licence.name"] = "\"Llama 3.1 Community License Agreement\"",
            ["licence.osi_approved"] = "false",
            ["documentation.model_card"] = "\"https://huggingface.co/meta-llama/Llama-3.1-8B\"",
        }, ignoreOrder: true);

        // The card does not say how requests are approved, nor whether the EU is refused: both stay unknown.
        descriptor.SelectToken("weights.gating.mode").ShouldBeNull();
        descriptor.SelectToken("weights.gating.eu_disallowed").ShouldBeNull();
        descriptor.SelectToken("licence.spdx").ShouldBeNull();
        descriptor.SelectToken("model.lineage").ShouldBeNull();
        descriptor.SelectToken("training_data").ShouldBeNull();
        descriptor.ContainsKey("developer").ShouldBeFalse();

        Source(descriptor, "licence.name").ShouldBe("Llama-3.1-8B/README.md (Hugging Face model card front matter, line 6; license 'llama3.1')");
        Source(descriptor, "licence.osi_approved").ShouldBe("Llama-3.1-8B/README.md (Hugging Face model card front matter, line 6; license 'llama3.1' is not OSI-approved)");
        Source(descriptor, "model.modalities.input").ShouldBe("Llama-3.1-8B/README.md (Hugging Face model card front matter, line 7; pipeline_tag 'text-generation')");
        Source(descriptor, "weights.availability").ShouldBe(
            "Llama-3.1-8B/README.md (Hugging Face model card front matter, line 14; the card configures an access-request form (extra_gated_prompt))");
        Source(descriptor, "weights.gating.fields").ShouldBe("Llama-3.1-8B/README.md (Hugging Face model card front matter, line 21)");
        Source(descriptor, "model.id").ShouldBe("https://huggingface.co/meta-llama/Llama-3.1-8B (model id given to the importer)");
        descriptor["provenance"]!["notes"]!.ToString().ShouldContain("access-request form");

        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "Llama-3.1-8B/README.md(3,1): info PE0503: 'language' is left out of the descriptor: the descriptor has no field for the languages a model handles",
        ]);
    }

    [Fact]
    public void A_Mistral_style_open_card_gives_an_SPDX_licence_and_says_nothing_about_access()
    {
        var result = HuggingFaceImporter.Import(MistralCard, "README.md");

        result.Succeeded.ShouldBeTrue();
        var descriptor = Load(result);
        Facts(descriptor).ShouldBe(new Dictionary<string, string>
        {
            ["model.modalities.input"] = "[\"text\"]",
            ["model.modalities.output"] = "[\"text\"]",
            ["licence.name"] = "\"Apache License 2.0\"",
            ["licence.spdx"] = "\"Apache-2.0\"",
            ["licence.osi_approved"] = "true",
        }, ignoreOrder: true);
        Source(descriptor, "licence.spdx").ShouldBe("README.md (Hugging Face model card front matter, line 4; license 'apache-2.0')");

        // No gate in the card is not the same as an open download: without a statement, availability stays unknown.
        descriptor.ContainsKey("weights").ShouldBeFalse();
        descriptor.SelectToken("model.id").ShouldBeNull();
        descriptor.ContainsKey("documentation").ShouldBeFalse();
        result.Diagnostics.Select(d => d.Id).ShouldBe(["PE0503"]);
    }

    [Fact]
    public void Gated_false_stated_in_the_card_is_an_open_download()
    {
        var result = HuggingFaceImporter.Import(MistralCard.Replace("license: apache-2.0\n", "license: apache-2.0\ngated: false\n"), "README.md");

        var descriptor = Load(result);
        descriptor.SelectToken("weights.availability")!.ToString().ShouldBe("open_download");
        descriptor.SelectToken("weights.gating.mode")!.ToString().ShouldBe("none");
        Source(descriptor, "weights.availability").ShouldBe("README.md (Hugging Face model card front matter, line 5; gated: false)");
        descriptor["provenance"]!["notes"]!.ToString().ShouldNotContain("access-request form");
    }

    [Fact]
    public void Gated_manual_with_an_EU_refusal_gives_the_mode_and_the_refusal()
    {
        var result = HuggingFaceImporter.Import("""
            ---
            license: other
            license_name: tencent-hunyuan-community
            license_link: LICENSE
            gated: manual
            extra_gated_eu_disallowed: true
            ---
            """, "README.md", "tencent/HunyuanVideo");

        var descriptor = Load(result);
        descriptor.SelectToken("weights.availability")!.ToString().ShouldBe("gated_download");
        descriptor.SelectToken("weights.gating.mode")!.ToString().ShouldBe("manual");
        descriptor.SelectToken("weights.gating.eu_disallowed")!.Value<bool>().ShouldBeTrue();
        descriptor.SelectToken("weights.gating.fields").ShouldBeNull();
        descriptor.SelectToken("licence.name")!.ToString().ShouldBe("tencent-hunyuan-community");
        descriptor.SelectToken("licence.url")!.ToString().ShouldBe("https://huggingface.co/tencent/HunyuanVideo/blob/main/LICENSE");
        Source(descriptor, "licence.url").ShouldBe(
            "README.md (Hugging Face model card front matter, line 4; license_link 'LICENSE' in repository tencent/HunyuanVideo, on its main branch)");
        result.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void An_EU_refusal_without_any_gate_is_left_out()
    {
        var result = HuggingFaceImporter.Import("---\nlicense: mit\nextra_gated_eu_disallowed: true\n---\n", "README.md");

        var descriptor = Load(result);
        descriptor.ContainsKey("weights").ShouldBeFalse();
        result.Diagnostics.ShouldHaveSingleItem().ToString().ShouldStartWith("README.md(3,28): info PE0503: 'extra_gated_eu_disallowed' is left out");
    }

    [Fact]
    public void Gated_false_with_an_access_request_form_contradicts_itself_and_is_left_out()
    {
        var result = HuggingFaceImporter.Import("---\ngated: false\nextra_gated_prompt: You agree to the licence.\n---\n", "README.md");

        var descriptor = Load(result);
        descriptor.ContainsKey("weights").ShouldBeFalse();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "README.md(2,8): info PE0503: 'gated' is left out of the descriptor: the card says the repository is not gated but configures an access-request form (extra_gated_prompt, line 3)",
        ]);
    }

    [Fact]
    public void A_fine_tune_gives_its_base_model_relation_datasets_name_and_hardware()
    {
        var result = HuggingFaceImporter.Import(FineTuneCard, "zephyr/README.md");

        result.Succeeded.ShouldBeTrue();
        var descriptor = Load(result);
        Facts(descriptor).ShouldBe(new Dictionary<string, string>
        {
            ["model.name"] = "\"zephyr-7b-beta\"",
            ["model.modalities.input"] = "[\"text\"]",
            ["model.modalities.output"] = "[\"text\"]",
            ["model.training.hardware"] = "\"16 x A100-80GB\"",
            ["model.lineage.base_model"] = "\"mistralai/Mistral-7B-v0.1\"",
            ["model.lineage.relation"] = "\"fine_tune\"",
            ["training_data.datasets"] = "[\"HuggingFaceH4/ultrachat_200k\",\"HuggingFaceH4/ultrafeedback_binarized\"]",
            ["licence.name"] = "\"MIT License\"",
            ["licence.spdx"] = "\"MIT\"",
            ["licence.osi_approved"] = "true",
        }, ignoreOrder: true);
        Source(descriptor, "model.lineage.base_model").ShouldBe("zephyr/README.md (Hugging Face model card front matter, line 3)");
        Source(descriptor, "model.lineage.relation").ShouldBe("zephyr/README.md (Hugging Face model card front matter, line 4; base_model_relation 'finetune')");
        Source(descriptor, "training_data.datasets").ShouldBe("zephyr/README.md (Hugging Face model card front matter, line 7)");
        Source(descriptor, "model.name").ShouldBe("zephyr/README.md (Hugging Face model card front matter, line 20)");
        Source(descriptor, "model.training.hardware").ShouldBe("zephyr/README.md (Hugging Face model card front matter, line 18)");

        // Nothing in the card gives the training compute, the developer or the access route.
        descriptor.SelectToken("model.training.compute_flop").ShouldBeNull();
        descriptor.SelectToken("model.lineage.modification_compute_flop").ShouldBeNull();
        descriptor.ContainsKey("weights").ShouldBeFalse();
        descriptor.ContainsKey("developer").ShouldBeFalse();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "zephyr/README.md(11,1): info PE0503: 'language' is left out of the descriptor: the descriptor has no field for the languages a model handles",
            "zephyr/README.md(14,14): info PE0503: 'co2_eq_emissions.emissions' is left out of the descriptor: the descriptor has no field for CO2-equivalent emissions",
        ]);
    }

    [Fact]
    public void A_merge_of_several_base_models_keeps_the_relation_but_not_one_base_model()
    {
        var result = HuggingFaceImporter.Import("""
            ---
            base_model:
            - teknium/OpenHermes-2.5-Mistral-7B
            - Intel/neural-chat-7b-v3-3
            base_model_relation: merge
            tags:
            - mergekit
            - merge
            ---
            """, "README.md");

        var descriptor = Load(result);
        descriptor.SelectToken("model.lineage.relation")!.ToString().ShouldBe("merge");
        descriptor.SelectToken("model.lineage.base_model").ShouldBeNull();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "README.md(3,1): info PE0503: 'base_model' is left out of the descriptor: the card names 2 base models and the descriptor holds one",
        ]);
    }

    [Theory]
    [InlineData("adapter", "fine_tune")]
    [InlineData("quantized", "quantisation")]
    [InlineData("merge", "merge")]
    [InlineData("finetune", "fine_tune")]
    public void Base_model_relations_map_to_the_lineage_vocabulary(string relation, string expected)
    {
        var descriptor = Load(HuggingFaceImporter.Import($"---\nbase_model: org/base\nbase_model_relation: {relation}\n---\n", "README.md"));
        descriptor.SelectToken("model.lineage.relation")!.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("text-to-image", "[\"text\"]", "[\"image\"]")]
    [InlineData("automatic-speech-recognition", "[\"audio\"]", "[\"text\"]")]
    [InlineData("image-text-to-text", "[\"image\",\"text\"]", "[\"text\"]")]
    [InlineData("text-classification", "[\"text\"]", null)]
    public void The_task_gives_the_modalities_it_fixes(string task, string input, string? output)
    {
        var descriptor = Load(HuggingFaceImporter.Import($"---\npipeline_tag: {task}\n---\n", "README.md"));
        descriptor.SelectToken("model.modalities.input")!.ToString(Newtonsoft.Json.Formatting.None).ShouldBe(input);
        if (output is null) descriptor.SelectToken("model.modalities.output").ShouldBeNull();
        else descriptor.SelectToken("model.modalities.output")!.ToString(Newtonsoft.Json.Formatting.None).ShouldBe(output);
    }

    [Fact]
    public void An_unknown_task_leaves_the_modalities_unknown()
    {
        var result = HuggingFaceImporter.Import("---\npipeline_tag: any-to-any\n---\n", "README.md");

        Load(result).SelectToken("model.modalities").ShouldBeNull();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "README.md(2,15): info PE0503: 'pipeline_tag' is left out of the descriptor: the importer does not know the input and output modalities of the task 'any-to-any'",
        ]);
    }

    [Fact]
    public void A_card_without_front_matter_cannot_be_imported()
    {
        var result = HuggingFaceImporter.Import("# My model\n\nlicense: mit\n---\n", "models/README.md");

        result.Json.ShouldBeNull();
        result.Succeeded.ShouldBeFalse();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "models/README.md(1,1): error PE0500: Cannot import 'models/README.md': it is not valid Hugging Face model card metadata: " +
            "the file does not start with a '---' line, so it has no YAML front matter",
        ]);
    }

    [Fact]
    public void Front_matter_that_is_never_closed_cannot_be_imported()
    {
        var result = HuggingFaceImporter.Import("---\nlicense: mit\n\n# My model\n", "README.md");

        result.Json.ShouldBeNull();
        var diagnostic = result.Diagnostics.ShouldHaveSingleItem();
        diagnostic.ToString().ShouldBe("README.md(1,1): error PE0500: Cannot import 'README.md': it is not valid Hugging Face model card metadata: " +
            "the front matter opened by '---' on line 1 is not closed by a '---' line");
    }

    [Fact]
    public void Malformed_yaml_is_reported_at_its_line_and_column_in_the_README()
    {
        var result = HuggingFaceImporter.Import("""
            ---
            license: other
            license_name: example-community-license
            extra_gated_prompt: By requesting access you agree: no misuse
            ---

            # Example
            """, "README.md");

        result.Json.ShouldBeNull();
        var diagnostic = result.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("PE0500");
        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Error);
        diagnostic.ToString().ShouldStartWith("README.md(4,51): error PE0500: Cannot import 'README.md': it is not valid YAML: ");
    }

    [Fact]
    public void Malformed_yaml_under_CRLF_line_ends_keeps_its_position()
    {
        var result = HuggingFaceImporter.Import("---\r\nlicense: apache-2.0\r\ntags:\r\n  - pretrained\r\n - text\r\n---\r\n", "README.md");

        result.Diagnostics.ShouldHaveSingleItem().ToString().ShouldStartWith("README.md(5,2): error PE0500:");
    }

    [Fact]
    public void Front_matter_that_is_not_a_mapping_breaks_the_card_format()
    {
        var result = HuggingFaceImporter.Import("---\n- license: mit\n---\n", "README.md");

        result.Json.ShouldBeNull();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "README.md(2,1): error PE0501: Not a valid Hugging Face model card file: the front matter must be a mapping of metadata fields, not a list",
        ]);
    }

    [Fact]
    public void Empty_front_matter_gives_a_descriptor_without_facts()
    {
        var result = HuggingFaceImporter.Import("---\n---\n# Model\n", "README.md");

        var descriptor = Load(result);
        Facts(descriptor).ShouldBeEmpty();
        ((JObject)descriptor["model"]!).Count.ShouldBe(0);
        descriptor.ContainsKey("sources").ShouldBeFalse();
        result.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_licence_id_is_left_out_rather_than_guessed()
    {
        var result = HuggingFaceImporter.Import("""
            ---
            license: apache 2
            pipeline_tag: text-generation
            ---
            """, "README.md");

        result.Succeeded.ShouldBeTrue();
        var descriptor = Load(result);
        descriptor.ContainsKey("licence").ShouldBeFalse();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "README.md(2,10): info PE0503: 'license' is left out of the descriptor: 'apache 2' is not a Hugging Face licence id the importer knows; give the licence by hand",
        ]);
    }

    [Fact]
    public void Licence_ids_are_matched_without_regard_to_case()
    {
        var descriptor = Load(HuggingFaceImporter.Import("---\nlicense: CC-BY-NC-4.0\n---\n", "README.md"));
        descriptor.SelectToken("licence.spdx")!.ToString().ShouldBe("CC-BY-NC-4.0");
        descriptor.SelectToken("licence.osi_approved")!.Value<bool>().ShouldBeFalse();
    }

    [Fact]
    public void A_GPL_id_names_the_licence_but_not_an_SPDX_id_it_does_not_decide()
    {
        var descriptor = Load(HuggingFaceImporter.Import("---\nlicense: gpl-3.0\n---\n", "README.md"));
        descriptor.SelectToken("licence.name")!.ToString().ShouldBe("GNU General Public License v3.0");
        descriptor.SelectToken("licence.spdx").ShouldBeNull();
        descriptor.SelectToken("licence.osi_approved")!.Value<bool>().ShouldBeTrue();
    }

    [Fact]
    public void Other_takes_the_licence_name_and_link_and_says_nothing_about_OSI_approval()
    {
        var result = HuggingFaceImporter.Import("""
            ---
            license: other
            license_name: coqui-public-model-license
            license_link: https://coqui.ai/cpml
            pipeline_tag: text-to-speech
            ---
            """, "README.md");

        var descriptor = Load(result);
        Facts(descriptor).ShouldBe(new Dictionary<string, string>
        {
            ["model.modalities.input"] = "[\"text\"]",
            ["model.modalities.output"] = "[\"audio\"]",
            ["licence.name"] = "\"coqui-public-model-license\"",
            ["licence.url"] = "\"https://coqui.ai/cpml\"",
        }, ignoreOrder: true);
        Source(descriptor, "licence.name").ShouldBe("README.md (Hugging Face model card front matter, line 3)");
        result.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void A_licence_file_in_the_repository_needs_the_model_id_to_become_a_URL()
    {
        var result = HuggingFaceImporter.Import("---\nlicense: other\nlicense_name: qwen\nlicense_link: LICENSE\n---\n", "README.md");

        var descriptor = Load(result);
        descriptor.SelectToken("licence.url").ShouldBeNull();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "README.md(4,15): info PE0503: 'license_link' is left out of the descriptor: 'LICENSE' is a file in the model repository, and without the model id it cannot be made a URL",
        ]);
    }

    [Fact]
    public void Values_of_the_wrong_type_are_left_out_where_they_are()
    {
        var result = HuggingFaceImporter.Import("""
            ---
            license: 2
            datasets:
            - wikitext
            - 42
            model_name: {name: x}
            ---
            """, "README.md");

        var descriptor = Load(result);
        descriptor.SelectToken("training_data.datasets")!.ToString(Newtonsoft.Json.Formatting.None).ShouldBe("[\"wikitext\"]");
        descriptor.ContainsKey("licence").ShouldBeFalse();
        descriptor.SelectToken("model.name").ShouldBeNull();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "README.md(2,10): info PE0503: 'license' is left out of the descriptor: it should be a string but is a number; quote it",
            "README.md(5,3): info PE0503: 'datasets[1]' is left out of the descriptor: it should be a string but is a number; quote it",
            "README.md(6,13): info PE0503: 'model_name' is left out of the descriptor: it should be a string but is an object",
        ]);
    }
}

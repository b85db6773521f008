using System.Text;

namespace PolicyEngine.Fuzz;

/// <summary>Where the repository is (for the shipped packs and example descriptors the generators start from).</summary>
public static class RepoPaths
{
    private static string? _root;

    public static string Root
    {
        get => _root ??= Find();
        set => _root = Path.GetFullPath(value);
    }

    public static string Rules => Path.Combine(Root, "rules");
    public static string Examples => Path.Combine(Root, "examples", "descriptors");

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var directory = new DirectoryInfo(start);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PolicyEngine.sln"))) directory = directory.Parent;
            if (directory is not null) return directory.FullName;
        }
        throw new InvalidOperationException("Cannot find PolicyEngine.sln; run from the repository or pass --repo.");
    }
}

/// <summary>
/// The files the policy and command-line targets read: small packs (valid, broken, faulting, a library, an import
/// cycle), descriptors (JSON, YAML, JSON Lines, malformed, invalid UTF-8, with a BOM), configurations, a table, import
/// sources and an output folder. Each worker has its own copy, so outputs of one never disturb another.
/// </summary>
public sealed class Fixtures : IDisposable
{
    public Fixtures(string? directory = null)
    {
        Directory = directory ?? System.IO.Directory.CreateTempSubdirectory("pe-fuzz-").FullName;
        Write();
    }

    public string Directory { get; }

    public string PolicyPath => Path.Combine(Directory, "fuzz.policy");

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public const string ValidPack = """
        policy fixture "Fixture pack" {
          version "1"
          import "lib.policy"
          let big = model.training.compute_flop > 1e25
          fn released(name: string) = any c in release.components: c.name == name and c.released
          table licences from "table.json" key id

          rule FX-1 "Frontier models are tested" {
            severity error
            category "safety"
            tags     "frontier", "testing"
            cite     "Art. 1"
            when     big
            require  safety.adversarial_testing.performed
            because  "Because."
            remedy   "Test it."
            message  "trained with {model.training.compute_flop} FLOP, {{braces}}"
          }
          rule FX-2 "Weights are open" {
            severity warning
            cite     "Art. 2"
            require  weights.availability in ["open_download", "gated_download"] or released("Model parameters (Final)")
          }
          rule FX-3 "Licence is known" {
            severity info
            cite     "Art. 3"
            require  licence.spdx in licences and licences[licence.spdx].open
          }
          rule FX-4 "Follows FX-1" {
            cite    "Art. 4"
            require FX-1 is pass or FX-1 is not_applicable
          }
          classify tier "Tier" {
            "frontier" when big
            "open" when open_weights
            otherwise "other"
          }
          score openness "Openness" = count(c in release.components: c.released) + number(known(model.name))
          test "runs" {
            given "model.json"
            set model.training.compute_flop = 1e26
            expect FX-1 is fail or FX-1 is pass or FX-1 is unknown
          }
        }
        """;

    public const string Library = """
        library lib "Shared" {
          let open_weights = weights.availability == "open_download"
          fn over(x: number, y: number) = x > y
        }
        """;

    public const string Faulty = """
        policy faulty "Faults at run time" {
          rule FL-1 "Divides by zero" {
            cite    "c"
            require model.training.compute_flop / 0 > 1
          }
          rule FL-2 "Date out of range" {
            cite    "c"
            require release.date + 100000 years > 2020-01-01
          }
          rule FL-3 "Log of zero" {
            cite    "c"
            require log10(model.training.compute_flop - model.training.compute_flop) > 1
          }
        }
        """;

    public const string Broken = """
        policy broken "Broken" {
          rule BR-1 "Unknown property" { cite "c" require model.trainng.compute_flop > 1 }
          rule BR-2 "Syntax" { cite "c" require and and }
          rule BR-3 "Type" { cite "c" require model.training.compute_flop > "big" }
        }
        """;

    public const string Passing = """
        policy passing "Passes" {
          rule OK-1 "Has an id" { cite "c" require known(model.id) }
        }
        """;

    public const string MinimalJson = """
        {"descriptor_version": "0.1", "model": {"id": "fuzz/minimal", "name": "Minimal", "general_purpose": true}}
        """;

    public const string Yaml = """
        descriptor_version: "0.1"
        model:
          id: fuzz/yaml
          name: YAML model
          general_purpose: true
          training:
            compute_flop: 2.5e25
            data_cutoff: "2024-01-01"
        release:
          date: "2024-07-23"
          access_level: downloadable
          components:
            - name: Model parameters (Final)
              released: true
              licence: Apache-2.0
              content_type: data
        weights:
          availability: open_download
        licence:
          spdx: Apache-2.0
        """;

    public const string Mof = """
        framework:
          name: 'Model Openness Framework'
          version: '1.0'
          date: '2024-12-15'
        release:
          name: 'Fuzz-7B'
          version: '1.0'
          date: '2024-02-01'
          license: {  }
          type: language
          architecture: transformer
          origin: ''
          producer: 'Fuzz Labs'
          contact: ''
          repository: 'https://example.org/fuzz'
          huggingface: ''
          components:
            -
              name: 'Model parameters (Final)'
              description: 'Trained model parameters'
              license: Apache-2.0
              license_path: ''
              component_path: ''
        """;

    public const string ModelCard = """
        ---
        license: apache-2.0
        pipeline_tag: text-generation
        base_model: fuzz/base
        language:
        - en
        ---
        # Fuzz model
        """;

    public const string Config = """
        {
          "severities": { "rules": { "FX-2": "error", "OK-1": "none" }, "categories": { "safety": "warning" } },
          "waivers": [ { "rule": "FX-1", "descriptor": "fuzz/*", "justification": "Fixture", "owner": "fuzz", "expires": "2030-01-01" } ]
        }
        """;

    private static readonly (string Path, string Text)[] TextFiles =
    [
        ("pack.policy", ValidPack),
        ("lib.policy", Library),
        ("faulty.policy", Faulty),
        ("broken.policy", Broken),
        ("passing.policy", Passing),
        ("cycle-a.policy", "library cycle_a { import \"cycle-b.policy\"\n let a = true }\n"),
        ("cycle-b.policy", "library cycle_b { import \"cycle-a.policy\"\n let b = true }\n"),
        ("broken-lib.policy", "library broken_lib { let x = ( }\n"),
        ("table.json", "[{\"id\": \"Apache-2.0\", \"open\": true, \"rank\": 1}, {\"id\": \"MIT\", \"open\": true, \"rank\": 2}, {\"id\": \"Llama\", \"open\": false, \"rank\": 3}]\n"),
        ("table.yaml", "- id: a\n  open: true\n- id: b\n  open: false\n"),
        ("packs/one/a.policy", Passing),
        ("packs/one/b.policy", "policy one_b \"B\" { rule OK-2 \"Named\" { cite \"c\" require known(model.name) } }\n"),
        ("packs/two/t.policy", Faulty.Replace("faulty", "two", StringComparison.Ordinal).Replace("FL-", "TW-", StringComparison.Ordinal)),
        ("minimal.json", MinimalJson),
        ("model.yaml", Yaml),
        ("descriptors/a.json", MinimalJson),
        ("descriptors/b.yaml", Yaml),
        ("mixed/good.json", MinimalJson),
        ("mixed/bad.json", "{\"model\": "),
        ("bad.json", "{\"descriptor_version\": \"0.1\", \"model\": {\"id\": \"x\"\n"),
        ("empty.json", ""),
        ("list.json", "[1, 2, 3]\n"),
        ("wrong-types.json", "{\"descriptor_version\": 1, \"model\": {\"id\": 2, \"general_purpose\": \"yes\", \"training\": {\"compute_flop\": \"NaN\", \"data_cutoff\": \"2024-13-45\"}}}\n"),
        ("batch.jsonl", MinimalJson.Trim() + "\n" + MinimalJson.Trim().Replace("fuzz/minimal", "fuzz/second", StringComparison.Ordinal) + "\n\n{broken\n"),
        ("config.json", Config),
        ("bad-config.json", "{ \"waivers\": [ "),
        ("configured/model.json", MinimalJson),
        ("configured/policyengine.json", Config),
        ("misconfigured/model.json", MinimalJson),
        ("misconfigured/policyengine.json", "{ \"severities\": 3, \"nonsense\": true }"),
        ("mof.yml", Mof),
        ("README.md", ModelCard),
        ("out/.keep", ""),
    ];

    /// <summary>Writes (or restores) every fixture, and removes what runs added outside out/.</summary>
    public void Write()
    {
        foreach (var (path, text) in TextFiles)
        {
            var full = Path.Combine(Directory, path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text.ReplaceLineEndings("\n"), new UTF8Encoding(false));
        }
        foreach (var name in new[] { "llama-3.1-405b.json", "gpt-4.json", "olmo-7b.json" })
        {
            var source = Path.Combine(RepoPaths.Examples, name);
            if (File.Exists(source)) File.Copy(source, Path.Combine(Directory, name), overwrite: true);
        }
        File.Copy(Path.Combine(RepoPaths.Examples, "gpt-4.json"), Path.Combine(Directory, "model.json"), overwrite: true);
        File.WriteAllBytes(Path.Combine(Directory, "latin1.json"), [.. Encoding.Latin1.GetBytes("{\"descriptor_version\": \"0.1\", \"model\": {\"id\": \"caf\u00e9\"}}")]);
        File.WriteAllBytes(Path.Combine(Directory, "bom.json"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(MinimalJson)]);
        File.WriteAllText(Path.Combine(Directory, "deep.json"), new string('[', 100_000) + new string(']', 100_000));
        File.WriteAllText(Path.Combine(Directory, "deep.yaml"), new string('[', 100_000) + new string(']', 100_000));
        File.WriteAllText(Path.Combine(Directory, "long-list.json"),
            "{\"descriptor_version\": \"0.1\", \"model\": {\"id\": \"x\"}, \"release\": {\"hosted_partners\": [" + string.Join(",", Enumerable.Repeat("\"p\"", 20_000)) + "]}}");
    }

    /// <summary>The fixture files that are not folders, relative to the fixture folder (for generators).</summary>
    public static IReadOnlyList<string> Files { get; } =
        [.. TextFiles.Select(f => f.Path).Where(p => !p.EndsWith(".keep", StringComparison.Ordinal)),
         "llama-3.1-405b.json", "gpt-4.json", "olmo-7b.json", "model.json", "latin1.json", "bom.json", "deep.json", "deep.yaml", "long-list.json"];

    public static IReadOnlyList<string> Folders { get; } = ["packs", "packs/one", "packs/two", "descriptors", "mixed", "configured", "misconfigured", "out"];
}

using Newtonsoft.Json.Linq;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Descriptors.Importers;
using PolicyEngine.Diagnostics;
using Shouldly;
using Xunit;

namespace PolicyEngine.Tests.Conformance;

/// <summary>
/// The MOF importer and pack against the Model Openness Tool: each of MOT's test model files is imported (every
/// component's licence must resolve as in MOT), loaded and evaluated, and the class and the three progress figures
/// must equal MOT's exactly (as doubles, with ==).
/// </summary>
public class MofConformanceTests
{
    private static readonly Lazy<CompiledPack> Pack = new(() =>
    {
        var compilation = PolicyCompiler.CompilePath(MofPaths.Pack);
        compilation.Diagnostics.ShouldBeEmpty(string.Join("\n", compilation.Diagnostics));
        return compilation.Pack!;
    });

    private static readonly Lazy<JObject> Expected = new(() =>
        (JObject)JObject.Parse(File.ReadAllText(Path.Combine(MofPaths.Conformance, "expected.json")))["cases"]!);

    private static List<string> FileNames() =>
        Directory.GetFiles(MofPaths.TestData, "*.yml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Files() => new(FileNames());

    [Theory]
    [MemberData(nameof(Files))]
    public void Class_and_progress_match_the_Model_Openness_Tool(string file)
    {
        var path = Path.Combine(MofPaths.TestData, file);
        var expected = Expected.Value[file].ShouldNotBeNull($"expected.json has no case for {file}");

        var imported = MofImporter.Import(File.ReadAllText(path), path);
        imported.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        imported.Json.ShouldNotBeNull();

        // Each component's licence resolves as in MOT (component, release licence by content type, distribution, none).
        var components = (JArray?)JObject.Parse(imported.Json).SelectToken("release.components") ?? [];
        var resolved = (JObject)expected["resolved_licenses"]!;
        components.Select(c => (string)c["name"]!).Order(StringComparer.Ordinal).ShouldBe(resolved.Properties().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var component in components.Cast<JObject>())
        {
            var mot = (JObject)resolved[(string)component["name"]!]!;
            var none = (string)mot["source"]! == "none";
            ((string?)component["licence"]).ShouldBe(none ? null : (string)mot["license"]!, (string)component["name"]!);
            ((bool)component["licensed"]!).ShouldBe(!none, (string)component["name"]!);
        }

        var loaded = DescriptorLoader.Load(imported.Json, Path.ChangeExtension(path, ".json"));
        loaded.Diagnostics.ShouldBeEmpty(string.Join("\n", loaded.Diagnostics));
        loaded.Descriptor.ShouldNotBeNull();

        var verdict = Pack.Value.Evaluate(loaded.Descriptor);

        verdict.Classifications.Single(c => c.Name == "mof_class").Label.ShouldBe((string)expected["label"]!);
        foreach (var k in (string[])["1", "2", "3"])
        {
            var mot = (double)expected["progress"]![k]!;
            var ours = verdict.Scores.Single(s => s.Name == $"progress_{k}").Value.ShouldNotBeNull($"progress_{k} is unknown");
            (ours == mot).ShouldBeTrue($"progress_{k} is {ours:R}, MOT computes {mot:R}");
        }
    }

    [Fact]
    public void Every_expected_case_has_a_test_file()
    {
        var files = FileNames();
        files.Count.ShouldBe(27);
        Expected.Value.Properties().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(files.Order(StringComparer.Ordinal));
    }
}

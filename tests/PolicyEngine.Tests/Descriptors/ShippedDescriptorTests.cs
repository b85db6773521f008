using Newtonsoft.Json.Linq;
using NJsonSchema;
using PolicyEngine.Descriptors;

namespace PolicyEngine.Tests.Descriptors;

/// <summary>The shipped descriptors of real models: valid against the schema, and every fact with a published source.</summary>
public class ShippedDescriptorTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(TestPaths.InRepository("rules", "schema", "descriptor.schema.json"))).GetAwaiter().GetResult());

    public static IEnumerable<object[]> Files =>
        Directory.GetFiles(TestPaths.InRepository("examples", "descriptors"), "*.json").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [Fact]
    public void AtLeastTwentyRealModelsAreShipped() => Files.Count().ShouldBeGreaterThanOrEqualTo(20);

    [Theory]
    [MemberData(nameof(Files))]
    public void ValidatesAgainstTheSchema(string file)
    {
        var errors = Schema.Value.Validate(File.ReadAllText(TestPaths.InRepository("examples", "descriptors", file)));
        errors.Select(e => $"{e.Path}: {e.Kind}").ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void LoadsWithoutDiagnostics(string file)
    {
        var result = DescriptorLoader.LoadFile(TestPaths.InRepository("examples", "descriptors", file));
        result.Diagnostics.ShouldBeEmpty(string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryFactHasASource(string file)
    {
        var json = JObject.Parse(File.ReadAllText(TestPaths.InRepository("examples", "descriptors", file)));
        var sources = ((JObject?)json["sources"])?.Properties().Select(p => p.Name).ToHashSet() ?? [];
        var unsourced = Leaves(json, "").Where(path => !Covered(path, sources)).ToList();
        unsourced.ShouldBeEmpty("every fact needs a 'sources' entry for its path or a prefix of it");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void IsNamedAfterTheModelInLowerCaseWithHyphens(string file) =>
        file.ShouldMatch("^[a-z0-9]+(?:[-.][a-z0-9]+)*\\.json$");

    private static bool Covered(string path, HashSet<string> sources)
    {
        for (var probe = path; probe.Length > 0; probe = probe.Contains('.') ? probe[..probe.LastIndexOf('.')] : "")
        {
            if (sources.Contains(probe)) return true;
        }
        return false;
    }

    /// <summary>Leaf fact paths; lists count under the list's own path, as in the sources map.</summary>
    private static IEnumerable<string> Leaves(JToken token, string path)
    {
        switch (token)
        {
            case JObject obj:
                foreach (var property in obj.Properties())
                {
                    if (path.Length == 0 && property.Name is "sources" or "provenance" or "descriptor_version") continue;
                    foreach (var leaf in Leaves(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}")) yield return leaf;
                }
                break;
            case JArray:
                yield return path;
                break;
            default:
                if (token.Type != JTokenType.Null) yield return path;
                break;
        }
    }
}

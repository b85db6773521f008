using System.Text;
using PolicyEngine.Descriptors;
using PolicyEngine.Schema;
using PolicyEngine.Tests.Benchmarks;
using Record = PolicyEngine.Runtime.Record;

namespace PolicyEngine.Tests.Descriptors;

/// <summary>
/// The fast JSON loader (Utf8JsonReader straight into the record) against the full loader: the same record, lines,
/// sources, text and hash for every document it accepts, and the full loader's diagnostics for every one it refuses.
/// </summary>
public class FastLoaderTests
{
    private static void ShouldBeSameRecord(Record fast, Record full, string what)
    {
        fast.Shape.ShouldBeSameAs(full.Shape, what);
        fast.Path.ShouldBe(full.Path, what);
        fast.Numbers.Select(BitConverter.DoubleToInt64Bits).ShouldBe(full.Numbers.Select(BitConverter.DoubleToInt64Bits), what);
        fast.Flags.ShouldBe(full.Flags, what);
        fast.Strings.ShouldBe(full.Strings, what);
        fast.Lines.ShouldBe(full.Lines, what);
        fast.Lists.Length.ShouldBe(full.Lists.Length, what);
        for (var i = 0; i < fast.Lists.Length; i++)
        {
            switch (full.Lists[i])
            {
                case null: fast.Lists[i].ShouldBeNull(what); break;
                case Record[] records:
                    var mine = fast.Lists[i].ShouldBeOfType<Record[]>(what);
                    mine.Length.ShouldBe(records.Length, what);
                    for (var j = 0; j < records.Length; j++) ShouldBeSameRecord(mine[j], records[j], $"{what} [{j}]");
                    break;
                case double[] numbers:
                    fast.Lists[i].ShouldBeOfType<double[]>(what).Select(BitConverter.DoubleToInt64Bits).ShouldBe(numbers.Select(BitConverter.DoubleToInt64Bits), what);
                    break;
                default:
                    fast.Lists[i]!.GetType().ShouldBe(full.Lists[i]!.GetType(), what);
                    ((System.Collections.IEnumerable)fast.Lists[i]!).Cast<object?>().ShouldBe(((System.Collections.IEnumerable)full.Lists[i]!).Cast<object?>(), what);
                    break;
            }
        }
    }

    /// <summary>LoadFast on the bytes gives exactly what Load gives on the text.</summary>
    private static bool ShouldAgree(byte[] bytes, string path, DescriptorSchema? schema = null)
    {
        var fast = DescriptorLoader.LoadFast(bytes, path, schema);
        DescriptorLoadResult full;
        try
        {
            full = DescriptorLoader.Load(DescriptorLoader.ReadText(bytes), path, schema);
        }
        catch (DecoderFallbackException)
        {
            fast.Descriptor.ShouldBeNull();
            fast.Diagnostics.Single().Message.ShouldContain("not valid UTF-8");
            return false;
        }
        fast.Diagnostics.Select(d => d.ToString()).ShouldBe(full.Diagnostics.Select(d => d.ToString()), path);
        (fast.Descriptor is null).ShouldBe(full.Descriptor is null, path);
        if (full.Descriptor is null) return false;
        var (a, b) = (fast.Descriptor!, full.Descriptor);
        a.Path.ShouldBe(b.Path);
        a.Sha256.ShouldBe(b.Sha256, path);
        a.Text!.Text.ShouldBe(b.Text!.Text, path);
        a.Sources.ShouldBe(b.Sources, path);
        ShouldBeSameRecord(a.Root, b.Root, path);
        var accepted = DescriptorLoader.TryLoadFast(bytes, schema ?? DescriptorSchema.Default, out var root);
        if (accepted) ShouldBeSameRecord(root!, b.Root, path + " (TryLoadFast)");
        return accepted;
    }

    [Fact]
    public void Every_gating20_descriptor_loads_the_same()
    {
        var schema = Gating20ChecksumTests.Schema.Value;
        var accepted = 0;
        foreach (var line in File.ReadLines(Gating20ChecksumTests.CorpusPath))
        {
            if (ShouldAgree(Encoding.UTF8.GetBytes(line), "corpus.json", schema)) accepted++;
        }
        accepted.ShouldBe(10_000);
    }

    public static IEnumerable<object[]> Files =>
        Directory.GetFiles(TestPaths.InRepository("examples", "descriptors"), "*.json")
            .Concat(Directory.GetFiles(TestPaths.InRepository("rules"), "*.json", SearchOption.AllDirectories).Where(f => f.Contains("testdata")))
            .Append(TestPaths.InRepository("tests", "PolicyEngine.Tests", "Cases", "model.json"))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetRelativePath(TestPaths.RepositoryRoot, f) });

    [Theory]
    [MemberData(nameof(Files))]
    public void Shipped_descriptors_load_the_same(string file)
    {
        ShouldAgree(File.ReadAllBytes(TestPaths.InRepository(file)), file).ShouldBeTrue("the fast loader gave up on a valid descriptor");
    }

    private const string Valid = """{"descriptor_version": "0.1", "model": {"id": "a/b", "training": {"compute_flop": 1e24}}}""";

    public static TheoryData<string, bool, string> Documents() => new()
    {
        { "valid", true, Valid },
        { "valid on several lines", true, "{\n  \"descriptor_version\": \"0.1\",\n  \"model\": {\n    \"id\": \"a/b\",\n    \"general_purpose\": true\n  }\n}\n" },
        { "CRLF", true, "{\r\n  \"descriptor_version\": \"0.1\",\r\n  \"model\": {\r\n    \"id\": \"a/b\"\r\n  }\r\n}\r\n" },
        { "lone CR", true, "{\r  \"descriptor_version\": \"0.1\",\r  \"model\": {\r    \"id\": \"a/b\"\r  }\r}\r" },
        { "BOM", true, "\uFEFF" + Valid },
        { "sources", true, """{"descriptor_version": "0.1", "model": {"id": "x"}, "sources": {"model": "https://example.com", "model.id": "card"}}""" },
        { "sources not strings", false, """{"descriptor_version": "0.1", "model": {}, "sources": {"model": 1}}""" },
        { "sources not an object", false, """{"descriptor_version": "0.1", "model": {}, "sources": []}""" },
        { "sources twice", false, """{"descriptor_version": "0.1", "model": {}, "sources": {}, "sources": {}}""" },
        { "source key twice", false, """{"descriptor_version": "0.1", "model": {}, "sources": {"a": "x", "a": "y"}}""" },
        { "nulls", true, """{"descriptor_version": null, "model": {"id": null, "training": null, "modalities": {"output": [null, "text", null]}}}""" },
        { "minus zero", true, """{"descriptor_version": "0.1", "model": {"training": {"compute_flop": -0, "tokens": -0.0}}}""" },
        { "big integer", true, """{"descriptor_version": "0.1", "model": {"training": {"compute_flop": 123456789012345678901234567890}}}""" },
        { "too big", false, """{"descriptor_version": "0.1", "model": {"training": {"compute_flop": 1e400}}}""" },
        { "fraction for an integer", false, """{"descriptor_version": "0.1", "model": {}, "markets": {"eu": {"registered_end_users": 1.5}}}""" },
        { "integer", true, """{"descriptor_version": "0.1", "model": {}, "markets": {"eu": {"registered_end_users": 15e2}}}""" },
        { "escaped name", true, """{"descriptor_version": "0.1", "mod\u0065l": {"\u0069d": "a\nb"}}""" },
        { "escaped enum", true, """{"descriptor_version": "0.1", "model": {"release_type": "l\u0061nguage"}}""" },
        { "enum", true, """{"descriptor_version": "0.1", "model": {"release_type": "language"}}""" },
        { "not in enum", false, """{"descriptor_version": "0.1", "model": {"release_type": "poetry"}}""" },
        { "list item not in enum", false, """{"descriptor_version": "0.1", "model": {"modalities": {"output": ["text", "smell"]}}}""" },
        { "unknown property", false, """{"descriptor_version": "0.1", "model": {"idd": "x"}}""" },
        { "duplicate key", false, """{"descriptor_version": "0.1", "model": {"id": "x", "id": "y"}}""" },
        { "duplicate object", false, """{"descriptor_version": "0.1", "model": {}, "model": {}}""" },
        { "wrong type", false, """{"descriptor_version": "0.1", "model": {"general_purpose": "yes"}}""" },
        { "object expected", false, """{"descriptor_version": "0.1", "model": 3}""" },
        { "list expected", false, """{"descriptor_version": "0.1", "model": {"modalities": {"output": "text"}}}""" },
        { "date", true, """{"descriptor_version": "0.1", "model": {}, "release": {"date": "2024-07-23"}}""" },
        { "bad date", false, """{"descriptor_version": "0.1", "model": {}, "release": {"date": "2024-02-30"}}""" },
        { "missing required", false, """{"model": {}}""" },
        { "comment", false, "{\"descriptor_version\": \"0.1\", /* c */ \"model\": {}}" },
        { "trailing comma", false, """{"descriptor_version": "0.1", "model": {},}""" },
        { "trailing content", false, Valid + " {}" },
        { "array root", false, "[]" },
        { "empty", false, "" },
        { "truncated", false, """{"descriptor_version": "0.1", "model": {""" },
        { "single quotes", false, "{'descriptor_version': '0.1', 'model': {}}" },
        { "NaN", false, """{"descriptor_version": "0.1", "model": {"training": {"compute_flop": NaN}}}""" },
        { "raw newline in a string", false, "{\"descriptor_version\": \"0.\n1\", \"model\": {}}" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Edge_cases_load_the_same_or_fall_back(string name, bool fast, string json)
    {
        ShouldAgree(Encoding.UTF8.GetBytes(json), name + ".json").ShouldBe(fast, fast ? "the fast loader should read it" : "the full loader must report it");
    }

    [Fact]
    public void Lists_of_records_get_the_same_paths()
    {
        var components = TestPaths.InRepository("rules", "mof", "testdata");
        foreach (var file in Directory.GetFiles(components, "*.json"))
        {
            ShouldAgree(File.ReadAllBytes(file), file).ShouldBeTrue(file);
        }
    }

    [Fact]
    public void Invalid_utf8_is_reported_as_the_full_loader_reports_it()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid.Replace("a/b", "a\u00e9b")).ToList();
        var at = bytes.IndexOf(0xC3);
        bytes[at + 1] = 0x28; // an invalid continuation byte
        var result = DescriptorLoader.LoadFast(bytes.ToArray(), "bad.json");
        result.Descriptor.ShouldBeNull();
        result.Diagnostics.Single().Message.ShouldContain("not valid UTF-8");
        DescriptorLoader.TryLoadFast(bytes.ToArray(), DescriptorSchema.Default, out _).ShouldBeFalse();
    }

    [Fact]
    public void Deep_nesting_beyond_the_limit_falls_back()
    {
        var limits = new Limits { MaxDescriptorDepth = 2 };
        var json = Encoding.UTF8.GetBytes("""{"descriptor_version": "0.1", "model": {"training": {"compute_flop": 1}}}""");
        DescriptorLoader.TryLoadFast(json, DescriptorSchema.Default, out _, limits).ShouldBeFalse();
        var result = DescriptorLoader.LoadFast(json, "deep.json", limits: limits);
        result.Diagnostics.Select(d => d.ToString()).ShouldBe(DescriptorLoader.Load(Encoding.UTF8.GetString(json), "deep.json", limits: limits).Diagnostics.Select(d => d.ToString()));
    }
}

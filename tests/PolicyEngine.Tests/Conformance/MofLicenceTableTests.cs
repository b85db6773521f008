using Newtonsoft.Json.Linq;
using Shouldly;
using Xunit;

namespace PolicyEngine.Tests.Conformance;

/// <summary>
/// rules/mof/licences.json (made by rules/mof/generate-licences.py) against MOT's licence tables: rebuilt here the
/// way the conformance README describes MOT building them, the open and type-appropriate answers must agree.
/// </summary>
public class MofLicenceTableTests
{
    private static readonly string[] OpenData =
    [
        "CC0-1.0", "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-2.5-AU", "CC-BY-3.0", "CC-BY-3.0-AT", "CC-BY-3.0-AU", "CC-BY-3.0-DE",
        "CC-BY-3.0-IGO", "CC-BY-3.0-NL", "CC-BY-3.0-US", "CC-BY-4.0", "CC-BY-SA-1.0", "CC-BY-SA-2.0", "CC-BY-SA-2.0-UK", "CC-BY-SA-2.1-JP",
        "CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-3.0-AT", "CC-BY-SA-4.0", "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0",
        "ODC-PDDL-1.0", "ODC-By-1.0", "ODbL-1.0", "GFDL-1.3", "OGL-Canada-2.0", "OGL-UK-2.0", "OGL-UK-3.0",
    ];

    private static Dictionary<string, JObject> Table() =>
        JObject.Parse(File.ReadAllText(Path.Combine(MofPaths.Pack, "licences.json")))["licences"]!
            .Cast<JObject>().ToDictionary(r => (string)r["id"]!, StringComparer.Ordinal);

    [Fact]
    public void Open_and_type_appropriate_agree_with_MOTs_merged_tables()
    {
        // MOT loads the SPDX list, then its curated list; a later entry replaces the earlier one whole.
        var merged = new Dictionary<string, JObject>(StringComparer.Ordinal);
        foreach (var file in (string[])["licenses.json", "mof-licenses.json"])
        {
            foreach (JObject entry in JObject.Parse(File.ReadAllText(Path.Combine(MofPaths.Conformance, file)))["licenses"]!)
                merged[(string)entry["licenseId"]!] = entry;
        }
        var table = Table();
        table.Keys.Order(StringComparer.Ordinal).ShouldBe(merged.Keys.Concat(OpenData).Append("OpenMDW-1.0").Distinct().Order(StringComparer.Ordinal));

        foreach (var (id, row) in table)
        {
            var entry = merged.GetValueOrDefault(id);
            var open = (bool?)entry?["isOsiApproved"] == true || (bool?)entry?["isFsfLibre"] == true || OpenData.Contains(id) || id == "OpenMDW-1.0";
            ((bool)row["open"]!).ShouldBe(open, id);
            var types = entry?["ContentType"] switch
            {
                JArray list => list.Select(t => (string)t!).ToArray(),
                JValue value => [(string)value!],
                _ => [],
            };
            foreach (var type in (string[])["code", "data", "document"]) ((bool)row[type]!).ShouldBe(types.Contains(type), $"{id} {type}");
        }
    }

    [Theory]
    [InlineData("code", "0BSD AFL-1.1 AFL-1.2 AFL-2.0 AFL-2.1 AFL-3.0 Apache-1.0 Apache-1.1 Apache-2.0 ECL-1.0 ECL-2.0 ISC MIT MIT-0 MulanPSL-1.0 MulanPSL-2.0 NCSA UPL-1.0 OpenMDW-1.0")]
    [InlineData("data", "C-UDA-1.0 CDLA-Permissive-1.0 CDLA-Permissive-2.0 PDDL-1.0 OpenMDW-1.0")]
    [InlineData("document", "Apache-2.0 CC-BY-4.0 CC-BY-SA-3.0 CC-BY-SA-4.0 CC-PDDC CC0-1.0 FreeBSD-DOC OpenMDW-1.0")]
    public void Type_appropriate_licences_are_the_ones_MOT_lists(string type, string ids) =>
        Table().Values.Where(r => (bool)r[type]!).Select(r => (string)r["id"]!).Order(StringComparer.Ordinal)
            .ShouldBe(ids.Split(' ').Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("MulanPSL-1.0")]
    [InlineData("C-UDA-1.0")]
    [InlineData("PDDL-1.0")]
    [InlineData("CC-PDDC")]
    [InlineData("FreeBSD-DOC")]
    public void Some_type_appropriate_licences_are_not_open(string id) => ((bool)Table()[id]["open"]!).ShouldBeFalse();
}

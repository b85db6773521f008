using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyEngine.Benchmarks;

// The floor: the gating-20 descriptor as plain C# classes, read with System.Text.Json source generation, and the
// 20 rules of RULES.md as hand-written boolean expressions (two-valued: the corpus never misses a fact).

public sealed class G20Descriptor
{
    public G20Model Model { get; set; } = new();
    public G20Weights Weights { get; set; } = new();
    public G20Access Access { get; set; } = new();
    public G20Monitoring Monitoring { get; set; } = new();
    public G20Documentation Documentation { get; set; } = new();
    public G20Safety Safety { get; set; } = new();
    public G20License License { get; set; } = new();
}

public sealed class G20Model
{
    public string Name { get; set; } = "";
    public long Parameters { get; set; }
    public double TrainingComputeFlop { get; set; }
    public string[] Modality { get; set; } = [];
    public string DeveloperCountry { get; set; } = "";
}

public sealed class G20Weights
{
    public string Availability { get; set; } = "";
    public string License { get; set; } = "";
    public bool IntermediateCheckpoints { get; set; }
}

public sealed class G20Access
{
    public bool Api { get; set; }
    public bool LocalInference { get; set; }
    public bool FineTuning { get; set; }
    public bool StagedRelease { get; set; }
}

public sealed class G20Monitoring
{
    public bool UsageLogging { get; set; }
    public bool CanRevoke { get; set; }
    public bool IncidentReporting { get; set; }
}

public sealed class G20Documentation
{
    public bool ModelCard { get; set; }
    public bool DataCard { get; set; }
    public bool TechnicalReport { get; set; }
    public bool TrainingDataSummary { get; set; }
}

public sealed class G20Safety
{
    public bool AdversarialTesting { get; set; }
    public bool BioEval { get; set; }
    public bool CyberEval { get; set; }
}

public sealed class G20License
{
    public bool OsiApproved { get; set; }
    public bool CommercialUse { get; set; }
    public bool UseRestrictions { get; set; }
    public long MauLimit { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(G20Descriptor))]
public sealed partial class G20JsonContext : JsonSerializerContext;

public static class HandWritten
{
    public static G20Descriptor Parse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, G20JsonContext.Default.G20Descriptor) ?? throw new JsonException("null descriptor");

    /// <summary>Bit i-1 set when rule Ri passes.</summary>
    public static uint Evaluate(G20Descriptor d)
    {
        var m = d.Model;
        var w = d.Weights;
        var a = d.Access;
        var mon = d.Monitoring;
        var doc = d.Documentation;
        var s = d.Safety;
        var l = d.License;
        var compute = m.TrainingComputeFlop;
        var openOrGated = w.Availability is "open" or "gated";
        var mask = 0u;
        if (doc.ModelCard) mask |= 1u << 0;
        if (!(compute > 1e25) || (s.AdversarialTesting && mon.IncidentReporting)) mask |= 1u << 1;
        if (!(m.Parameters >= 10_000_000_000L) || doc.TechnicalReport) mask |= 1u << 2;
        if (w.Availability is "open" or "gated" or "api_only" or "closed") mask |= 1u << 3;
        if (!(openOrGated && compute > 1e24) || s.BioEval) mask |= 1u << 4;
        if (w.Availability != "open" || !mon.CanRevoke) mask |= 1u << 5;
        if (!m.Modality.Contains("code") || s.CyberEval) mask |= 1u << 6;
        if (!((m.Modality.Contains("image") || m.Modality.Contains("video")) && compute > 1e23) || doc.DataCard) mask |= 1u << 7;
        if (!l.OsiApproved || !l.UseRestrictions) mask |= 1u << 8;
        if (!(l.MauLimit > 0) || l.UseRestrictions) mask |= 1u << 9;
        if (!(a.Api && compute > 1e24) || mon.UsageLogging) mask |= 1u << 10;
        if (!w.IntermediateCheckpoints || w.Availability == "open") mask |= 1u << 11;
        if (!(compute > 1e26) || a.StagedRelease) mask |= 1u << 12;
        if (!(a.FineTuning && openOrGated) || s.AdversarialTesting) mask |= 1u << 13;
        if (!(m.DeveloperCountry is "DE" or "FR" or "NL" or "IT" or "ES" or "SE" or "PL" or "IE") || doc.TrainingDataSummary) mask |= 1u << 14;
        if (m.Parameters < 1_000_000_000L || doc.ModelCard || doc.DataCard) mask |= 1u << 15;
        if (!(w.Availability == "open" && compute >= 1e25 && !mon.IncidentReporting)) mask |= 1u << 16;
        if (!(a.LocalInference && !a.Api) || !mon.UsageLogging) mask |= 1u << 17;
        if (!(w.Availability is "closed" or "api_only") || !a.LocalInference) mask |= 1u << 18;
        if (!(w.License is "cc-by-nc-4.0" or "research-only") || !l.CommercialUse) mask |= 1u << 19;
        return mask;
    }
}

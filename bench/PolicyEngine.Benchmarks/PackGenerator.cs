using System.Globalization;
using System.Text;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// A deterministic pack of N rules over the gating-20 schema for the compile benchmark: variations of the 20
/// gating rules (thresholds, sets and facts vary), with a let for every ten rules that several rules share.
/// </summary>
public static class PackGenerator
{
    private static readonly string[] Flags =
    [
        "access.api", "access.local_inference", "access.fine_tuning", "access.staged_release",
        "monitoring.usage_logging", "monitoring.can_revoke", "monitoring.incident_reporting",
        "documentation.model_card", "documentation.data_card", "documentation.technical_report", "documentation.training_data_summary",
        "safety.adversarial_testing", "safety.bio_eval", "safety.cyber_eval",
        "license.osi_approved", "license.commercial_use", "license.use_restrictions", "weights.intermediate_checkpoints",
    ];

    private static readonly string[] Availability = ["open", "gated", "api_only", "closed"];
    private static readonly string[] Countries = ["DE", "FR", "NL", "IT", "ES", "SE", "PL", "IE", "US", "CN", "GB", "CA"];
    private static readonly string[] Modalities = ["text", "image", "audio", "video", "code"];

    public static string Generate(int rules)
    {
        var sb = new StringBuilder();
        sb.Append("policy generated \"A generated pack of ").Append(rules).Append(" rules\" {\n  version \"1\"\n\n");
        for (var i = 0; i < (rules + 9) / 10; i++)
        {
            var exponent = 21 + i % 7;
            sb.Append(CultureInfo.InvariantCulture, $"  let large_{i} = model.training_compute_flop >= {1 + i % 9}e{exponent} and weights.availability in [\"{Availability[i % 4]}\", \"{Availability[(i + 1) % 4]}\"]\n");
        }
        sb.Append('\n');
        for (var i = 0; i < rules; i++)
        {
            var f1 = Flags[i % Flags.Length];
            var f2 = Flags[(i * 7 + 3) % Flags.Length];
            var f3 = Flags[(i * 11 + 5) % Flags.Length];
            var threshold = $"{1 + i % 9}.{i % 10}e{20 + i % 8}";
            var condition = (i % 10) switch
            {
                0 => $"large_{i / 10} implies {f1}",
                1 => $"model.training_compute_flop > {threshold} implies ({f1} and {f2})",
                2 => $"model.parameters >= {1 + i % 9}e{8 + i % 6} implies {f1}",
                3 => $"weights.availability in [\"{Availability[i % 4]}\", \"{Availability[(i + 2) % 4]}\"] implies not {f1}",
                4 => $"\"{Modalities[i % 5]}\" in model.modality implies {f1} or {f2}",
                5 => $"model.developer_country in [\"{Countries[i % 12]}\", \"{Countries[(i + 5) % 12]}\", \"{Countries[(i + 7) % 12]}\"] implies {f1}",
                6 => $"not ({f1} and model.training_compute_flop >= {threshold} and not {f2})",
                7 => $"({f1} and not {f2}) implies not {f3}",
                8 => $"license.mau_limit > {i % 5 * 1000} implies {f1}",
                _ => $"model.parameters < {1 + i % 9}e9 or {f1} or large_{i / 10}",
            };
            sb.Append(CultureInfo.InvariantCulture, $"  rule G{i:0000} \"generated rule {i}\" {{\n    severity {(i % 3 == 0 ? "warning" : "error")}\n    cite \"generated {i}\"\n    require {condition}\n  }}\n\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }
}

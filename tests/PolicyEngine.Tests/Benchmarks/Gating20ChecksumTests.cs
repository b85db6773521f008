using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Evaluation;
using PolicyEngine.Schema;

namespace PolicyEngine.Tests.Benchmarks;

/// <summary>
/// bench/gating-20/gating-20.policy against the shared gating-20 corpus: every verdict must agree with the
/// checksums of shared/bench/gating-20/RULES.md (total passes, passes per rule, and the hash of the per-descriptor
/// pass masks) before any benchmark of it means anything.
/// </summary>
public class Gating20ChecksumTests
{
    public const int ExpectedPasses = 184180;
    public const uint ExpectedMaskHash = 0x94eb4ae9;
    public static readonly int[] ExpectedPerRule = [8519, 8787, 8321, 9497, 8844, 9394, 9250, 8462, 9529, 9679, 8987, 9693, 9284, 8906, 9031, 9271, 9764, 9633, 9674, 9655];

    public static string PackPath => TestPaths.InRepository("bench", "gating-20", "gating-20.policy");
    public static string SchemaPath => TestPaths.InRepository("bench", "gating-20", "gating-20.schema.json");
    public static string CorpusPath => Path.Combine(TestPaths.Shared, "bench", "gating-20", "corpus.jsonl");

    public static readonly Lazy<DescriptorSchema> Schema = new(() => DescriptorSchema.Parse(File.ReadAllText(SchemaPath)));

    public static readonly Lazy<CompiledPack> Pack = new(() =>
    {
        var compilation = PolicyCompiler.CompilePath(PackPath, new CompilationOptions { Schema = Schema.Value });
        compilation.Diagnostics.ShouldBeEmpty(string.Join("\n", compilation.Diagnostics));
        return compilation.Pack!;
    });

    /// <summary>The checksums of RULES.md, folded over masks in corpus order.</summary>
    public sealed class Checksum
    {
        public int Passes;
        public readonly int[] PerRule = new int[20];
        public uint MaskHash;
        public int Descriptors;

        public void Add(uint mask)
        {
            Descriptors++;
            for (var i = 0; i < 20; i++)
            {
                if ((mask & (1u << i)) == 0) continue;
                Passes++;
                PerRule[i]++;
            }
            unchecked { MaskHash = MaskHash * 31 + mask; }
        }

        public void ShouldMatchRulesMd()
        {
            Descriptors.ShouldBe(10_000);
            PerRule.ShouldBe(ExpectedPerRule);
            Passes.ShouldBe(ExpectedPasses);
            MaskHash.ShouldBe(ExpectedMaskHash, $"mask hash {MaskHash:x8}");
        }
    }

    [Fact]
    public void The_pack_has_the_twenty_rules_in_order()
    {
        Pack.Value.Bound.Rules.Select(r => r.Id).ShouldBe(Enumerable.Range(1, 20).Select(i => $"R{i:00}"));
    }

    [Fact]
    public async Task The_schema_describes_the_corpus()
    {
        var schema = await NJsonSchema.JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(SchemaPath));
        // NJsonSchema cannot validate integers beyond 64 bits (5% of the corpus writes compute as one, e.g.
        // 470000000000000000000): it converts them with IConvertible and throws. The loader reads those lines.
        var lines = File.ReadLines(CorpusPath).Select((j, i) => (json: j, line: i + 1))
            .Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l.json, "[0-9]{20}")).Take(500);
        foreach (var (json, line) in lines)
        {
            schema.Validate(json).Select(e => $"line {line}: {e.Path}: {e.Kind}").ShouldBeEmpty();
        }
        Schema.Value.Root.AllFields.Count(f => f.IsLeaf).ShouldBe(26);
    }

    [Fact]
    public void Every_verdict_matches_the_published_checksums()
    {
        var pack = Pack.Value;
        var checksum = new Checksum();
        var line = 0;
        foreach (var json in File.ReadLines(CorpusPath))
        {
            line++;
            var loaded = DescriptorLoader.Load(json, $"corpus.jsonl:{line}", Schema.Value);
            loaded.Diagnostics.ShouldBeEmpty(string.Join("\n", loaded.Diagnostics));
            var verdict = pack.Evaluate(loaded.Descriptor!);
            var mask = 0u;
            for (var i = 0; i < verdict.Findings.Count; i++)
            {
                var outcome = verdict.Findings[i].Outcome;
                (outcome is RuleOutcome.Pass or RuleOutcome.Fail).ShouldBeTrue($"line {line}: {verdict.Findings[i].Rule.Id} is {outcome}");
                if (outcome == RuleOutcome.Pass) mask |= 1u << i;
            }
            checksum.Add(mask);
        }
        checksum.ShouldMatchRulesMd();
    }
}

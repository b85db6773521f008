using PolicyEngine.Compilation;
using PolicyEngine.Evaluation;
using PolicyEngine.Schema;

namespace PolicyEngine.Benchmarks;

/// <summary>Where the pack, the schema and the shared corpus are, and the checksums every engine must reproduce.</summary>
public static class Gating20
{
    public const int ExpectedPasses = 184180;
    public const uint ExpectedMaskHash = 0x94eb4ae9;
    public static readonly int[] ExpectedPerRule = [8519, 8787, 8321, 9497, 8844, 9394, 9250, 8462, 9529, 9679, 8987, 9693, 9284, 8906, 9031, 9271, 9764, 9633, 9674, 9655];

    public static string RepositoryRoot { get; } = FindRoot();
    public static string PackPath => Path.Combine(RepositoryRoot, "bench", "gating-20", "gating-20.policy");
    public static string SchemaPath => Path.Combine(RepositoryRoot, "bench", "gating-20", "gating-20.schema.json");
    public static string CorpusPath => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "bench", "gating-20", "corpus.jsonl"));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PolicyEngine.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Cannot find PolicyEngine.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>Each line of the corpus as UTF-8 bytes, in file order.</summary>
    public static byte[][] ReadCorpus()
    {
        var bytes = File.ReadAllBytes(CorpusPath);
        var lines = new List<byte[]>(10_000);
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
            var end = i > start && bytes[i - 1] == (byte)'\r' ? i - 1 : i;
            if (end > start) lines.Add(bytes[start..end]);
            start = i + 1;
        }
        return lines.ToArray();
    }

    public static DescriptorSchema LoadSchema() => DescriptorSchema.Parse(File.ReadAllText(SchemaPath));

    public static CompiledPack CompilePack(DescriptorSchema schema)
    {
        var compilation = PolicyCompiler.CompilePath(PackPath, new CompilationOptions { Schema = schema });
        if (!compilation.Success) throw new InvalidOperationException(string.Join("\n", compilation.Diagnostics));
        return compilation.Pack!;
    }

    /// <summary>The pass mask of one evaluation: bit i set when rule i passes.</summary>
    public static uint Mask(RuleOutcome[] outcomes)
    {
        var mask = 0u;
        for (var i = 0; i < outcomes.Length; i++)
        {
            mask |= (outcomes[i] == RuleOutcome.Pass ? 1u : 0u) << i; // no branch to mispredict
        }
        return mask;
    }

    public static uint Mask(IReadOnlyList<Finding> findings)
    {
        var mask = 0u;
        for (var i = 0; i < findings.Count; i++)
        {
            if (findings[i].Outcome == RuleOutcome.Pass) mask |= 1u << i;
        }
        return mask;
    }

    /// <summary>Folds masks in corpus order into the checksums of RULES.md and throws unless they are the published ones.</summary>
    public static void Verify(string engine, IReadOnlyList<uint> masks)
    {
        var perRule = new int[20];
        var passes = 0;
        var hash = 0u;
        foreach (var mask in masks)
        {
            for (var i = 0; i < 20; i++)
            {
                if ((mask & (1u << i)) == 0) continue;
                passes++;
                perRule[i]++;
            }
            unchecked { hash = hash * 31 + mask; }
        }
        if (masks.Count != 10_000 || passes != ExpectedPasses || hash != ExpectedMaskHash || !perRule.SequenceEqual(ExpectedPerRule))
        {
            throw new InvalidOperationException(
                $"{engine}: checksums differ from RULES.md: {masks.Count} descriptors, passes {passes} (want {ExpectedPasses}), mask hash {hash:x8} (want {ExpectedMaskHash:x8}), per rule {string.Join(' ', perRule)}");
        }
        Console.WriteLine($"// {engine}: checksums match RULES.md (passes {passes}, mask hash {hash:x8})");
    }
}

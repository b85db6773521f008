using System.Text;

namespace PolicyEngine.Fuzz.Generators;

/// <summary>
/// Argument vectors for the policyengine command: every verb with its options, values valid and invalid drawn from the
/// fixture folder (packs, descriptors, globs, configurations, outputs), then mutated (arguments dropped, repeated,
/// swapped, spliced from other verbs, edited character by character). Standard input is sometimes a descriptor.
/// Paths never leave the fixture folder (no "/" or ".."), so a run cannot wander the file system.
/// </summary>
public sealed class CliGenerator
{
    private static readonly string[] Verbs = ["eval", "eval", "eval", "lint", "test", "schema", "rules", "compare", "diff", "whatif", "import", "", "help", "evaluate"];

    private static readonly string[] Descriptors =
    [
        "model.json", "minimal.json", "model.yaml", "gpt-4.json", "llama-3.1-405b.json", "olmo-7b.json", "batch.jsonl", "descriptors", "mixed", "configured/model.json",
        "misconfigured/model.json", "*.json", "descriptors/*.yaml", "**/*.json", "mixed/*", "no-match-*.json", "?odel.json", "-", "missing.json", "bad.json", "empty.json",
        "list.json", "wrong-types.json", "latin1.json", "bom.json", "deep.json", "deep.yaml", "long-list.json", "", " ", "x\0y.json", "İ.json", "configured", "out",
        new string('a', 300) + ".json", "/no/such/dir/x.json", "model.json/", "*", "**", "[.json",
    ];

    private static readonly string[] Policies =
    [
        "pack.policy", "packs", "packs/one", "packs/two", "faulty.policy", "broken.policy", "passing.policy", "lib.policy", "cycle-a.policy", "broken-lib.policy",
        "missing.policy", "", "out", "model.json", "deep.json", ".", "packs/one/a.policy", "x\0.policy", "/no/such/pack",
    ];

    private static readonly string[] GoodDescriptors =
        ["model.json", "minimal.json", "model.yaml", "gpt-4.json", "llama-3.1-405b.json", "olmo-7b.json", "descriptors", "configured/model.json", "descriptors/*.yaml", "descriptors/*"];

    private static readonly string[] GoodPolicies = ["pack.policy", "packs", "packs/one", "packs/two", "faulty.policy", "passing.policy"];

    private static readonly string[] Outputs = ["out/report.txt", "out/r.json", "out/r.sarif", "out", "/no/such/dir/r.txt", "", "out/none/r.txt", "-", "out/.hidden", "out/r\0.txt"];
    private static readonly string[] Configs = ["config.json", "bad-config.json", "missing.json", "model.json", "", "configured/policyengine.json", "out"];
    private static readonly string[] Dates = ["2026-11-24", "2024-02-30", "", "tomorrow", "9999-12-31", "0001-01-01", "2026-1-1", "٢٠٢٦-١١-٢٤"];
    private static readonly string[] Threads = ["1", "2", "0", "-1", "64", "2147483647", "2147483648", "x", "1.5", ""];
    private static readonly string[] Coverage = ["90", "100", "0", "-5", "1e309", "NaN", "x", "1,5", "∞"];

    private static readonly string[] Limits =
    [
        "max-rules=1", "max-rules=2", "max-list-items=2", "max-file-bytes=100", "max-file-bytes=2147483647", "max-descriptor-depth=1", "max-descriptor-depth=1000",
        "max-nesting-depth=1", "max-expression-depth=2", "regex-timeout-ms=1", "max-expanded-nodes=1", "max-rules=0", "nope=1", "max-rules", "=", "max-rules=99999999999",
        "max-rules=-1", "max-rules= 3", "MAX-RULES=3", "max-list-items=1_000", "",
    ];

    private static readonly string[] Sets =
    [
        "model.training.compute_flop=1e26", "safety.adversarial_testing.performed=true", "release.date=2024-01-01", "release.hosted_partners=[a, b]", "model.name=unknown",
        "model=1", "nope=1", "=", "model.training.compute_flop=NaN", "release.components[0].released=false", "release.components[99].released=true",
        "weights.availability=nonsense", "model.training.compute_flop=1e309", "release.date=2024-02-30", "model.name=\"quoted\"", "release.components=[]", "a\nb=1",
    ];

    private static readonly string[] Junk =
    [
        "--", "-", "--help", "-h", "-?", "--version", "--frobnicate", "-x", "--explain", "--all", "--no-color", "-p", "--policy", "-o", "--format", "--limit", "--threads",
        "--fail-on", "--config", "--as-of", "--set", "--old", "--new", "--from", "--model-id", "--min-coverage", "--output=out/x", "--format=json", "-pfaulty.policy",
        "@response.rsp", "\u0130", "--\u0130", "eval", "lint", "",
    ];

    private readonly Random _random;
    private readonly Mutator _mutator;
    private readonly DescriptorGenerator _descriptors;

    public CliGenerator(Random random)
    {
        _random = random;
        _mutator = new Mutator(random, [.. Junk, .. Policies, .. Descriptors]);
        _descriptors = new DescriptorGenerator(random);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(int inN) => _random.Next(inN) == 0;

    public (string[] Args, byte[] Stdin) Next()
    {
        var generated = Arguments();
        if (Chance(4)) generated = Mutate(generated);
        string[] args = [.. generated.Select(Contain)];
        byte[] stdin = [];
        if (args.Contains("-") || Chance(10))
        {
            stdin = _random.Next(4) switch
            {
                0 => Encoding.UTF8.GetBytes(Fixtures.MinimalJson),
                1 => Encoding.UTF8.GetBytes(Fixtures.Yaml),
                2 => Encoding.UTF8.GetBytes(Fixtures.MinimalJson.Trim() + "\n" + Fixtures.MinimalJson.Trim() + "\n"),
                _ => _descriptors.Next().Data,
            };
        }
        return (args, stdin);
    }

    /// <summary>Keeps a path inside the fixture folder: no root, no parent folder (an argument that would read the whole
    /// disk is not a bug in the tool). Fixed absolute paths under /no/such are kept: they do not exist.</summary>
    public static string Contain(string arg)
    {
        if (arg.StartsWith("/no/such/", StringComparison.Ordinal) && !arg.Contains("..", StringComparison.Ordinal)) return arg;
        var cleaned = arg;
        while (cleaned.Contains("..", StringComparison.Ordinal)) cleaned = cleaned.Replace("..", ".", StringComparison.Ordinal);
        while (cleaned.StartsWith('/') || cleaned.StartsWith('~') || cleaned.StartsWith('\\')) cleaned = cleaned[1..];
        // An option with its value attached (-o/x, --output=/x): keep the value relative too.
        cleaned = System.Text.RegularExpressions.Regex.Replace(cleaned, "^(-{1,2}[A-Za-z-]*=?)[/\\\\~]+", "$1");
        return cleaned.Replace("=/", "=", StringComparison.Ordinal);
    }

    private List<string> Arguments()
    {
        var verb = Pick(Verbs);
        var args = new List<string>();
        // Half the time the files are ones that load, so runs get as far as evaluating and writing reports.
        var clean = Chance(2);
        var descriptors = clean ? GoodDescriptors : Descriptors;
        var policies = clean ? GoodPolicies : Policies;
        if (verb.Length > 0) args.Add(verb);
        switch (verb)
        {
            case "eval":
                args.AddRange(Some(descriptors, 1, 3));
                foreach (var p in Some(policies, 1, 2)) { args.Add(Pick(["--policy", "-p"])); args.Add(p); }
                if (Chance(2)) args.Add(Pick(["--explain", "-x"]));
                if (Chance(4)) args.Add("--all");
                if (Chance(3)) { args.Add("--format"); args.Add(Pick(["text", "json", "sarif", "markdown", "junit", "yaml", ""])); }
                if (Chance(4)) { args.Add("--fail-on"); args.Add(Pick(["error", "warning", "unknown", "fatal", ""])); }
                if (Chance(5)) { args.Add(Pick(["--config", "-c"])); args.Add(Pick(Configs)); }
                if (Chance(5)) { args.Add("--as-of"); args.Add(Pick(Dates)); }
                if (Chance(4)) { args.Add(Pick(["--output", "-o"])); args.Add(Pick(Outputs)); }
                if (Chance(6)) args.Add("--no-color");
                if (Chance(4)) { args.Add("--threads"); args.Add(Pick(Threads)); }
                AddLimits(args);
                break;
            case "lint":
                args.AddRange(Some(policies, 1, 3));
                if (Chance(2)) { args.Add("--format"); args.Add(Pick(["text", "json", "sarif", "html"])); }
                if (Chance(4)) { args.Add("-o"); args.Add(Pick(Outputs)); }
                AddLimits(args);
                break;
            case "test":
                args.AddRange(Some(policies, 1, 2));
                if (Chance(3)) { args.Add("--min-coverage"); args.Add(Pick(Coverage)); }
                AddLimits(args);
                break;
            case "schema":
                if (Chance(3)) { args.Add("-o"); args.Add(Pick(Outputs)); }
                break;
            case "rules":
                args.AddRange(Some(policies, 1, 2));
                if (Chance(3)) { args.Add("-o"); args.Add(Pick(Outputs)); }
                AddLimits(args);
                break;
            case "compare":
                args.AddRange(Some(descriptors, 1, 3));
                foreach (var p in Some(policies, 1, 2)) { args.Add("-p"); args.Add(p); }
                if (Chance(2)) { args.Add("--format"); args.Add(Pick(["text", "json", "markdown", "html", "sarif"])); }
                if (Chance(4)) { args.Add("-o"); args.Add(Pick(Outputs)); }
                AddLimits(args);
                break;
            case "diff":
                args.AddRange(Some(descriptors, 1, 2));
                if (!Chance(8)) { args.Add("--old"); args.Add(Pick(policies)); }
                if (!Chance(8)) { args.Add("--new"); args.Add(Pick(policies)); }
                if (Chance(2)) { args.Add("--format"); args.Add(Pick(["text", "json", "markdown", "html"])); }
                if (Chance(4)) { args.Add("-o"); args.Add(Pick(Outputs)); }
                AddLimits(args);
                break;
            case "whatif":
                args.Add(Pick(descriptors));
                args.Add("-p"); args.Add(Pick(policies));
                foreach (var s in Some(Sets, 0, 3)) { args.Add(Pick(["--set", "-s"])); args.Add(s); }
                if (Chance(2)) args.Add("--explain");
                AddLimits(args);
                break;
            case "import":
                args.Add(Pick(["mof.yml", "README.md", "-", "missing.yml", "model.json", "deep.yaml", "latin1.json", ""]));
                if (Chance(2)) { args.Add("--from"); args.Add(Pick(["auto", "mof", "hf", "x"])); }
                if (Chance(3)) { args.Add("--model-id"); args.Add(Pick(["a/b", "", "x\ny"])); }
                if (Chance(3)) { args.Add("-o"); args.Add(Pick(Outputs)); }
                break;
            default:
                args.AddRange(Some(Junk, 0, 3));
                break;
        }
        return args;
    }

    private void AddLimits(List<string> args)
    {
        if (!Chance(6)) return;
        foreach (var limit in Some(Limits, 1, 2)) { args.Add("--limit"); args.Add(limit); }
    }

    private IEnumerable<string> Some(IReadOnlyList<string> pool, int min, int max) =>
        Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Pick(pool));

    private List<string> Mutate(List<string> args)
    {
        var result = new List<string>(args);
        var edits = _random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            var at = result.Count == 0 ? 0 : _random.Next(result.Count);
            switch (_random.Next(6))
            {
                case 0 when result.Count > 0: result.RemoveAt(at); break;
                case 1 when result.Count > 0: result.Insert(at, result[at]); break;
                case 2 when result.Count > 1: (result[at], result[^1]) = (result[^1], result[at]); break;
                case 3 when result.Count > 0: result[at] = _mutator.Mutate(result[at], 2); break;
                default: result.Insert(Math.Min(result.Count, at + 1), Pick(Junk)); break;
            }
        }
        return result;
    }
}

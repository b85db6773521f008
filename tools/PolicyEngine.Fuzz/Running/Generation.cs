using System.Text;
using PolicyEngine.Fuzz.Generators;

namespace PolicyEngine.Fuzz.Running;

/// <summary>Case <c>index</c> of a run with <c>seed</c>: each case has its own random stream, so any case can be made
/// again from its seed and index alone, in any order, by any worker.</summary>
public static class Generation
{
    public static readonly string[] Targets = ["policy", "descriptor", "cli"];

    public static Random RandomFor(long seed, long index)
    {
        // SplitMix64 of the pair: well mixed, and the same on every machine.
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return new Random(unchecked((int)z));
    }

    public static FuzzCase Generate(string target, long seed, long index)
    {
        var random = RandomFor(seed, index);
        switch (target)
        {
            case "policy":
                return new FuzzCase(target, seed, index, "fuzz.policy", Encoding.UTF8.GetBytes(new PolicyGenerator(random).Next()), []);
            case "descriptor":
                var (name, data) = new DescriptorGenerator(random).Next();
                return new FuzzCase(target, seed, index, name, data, []);
            case "cli":
                var (args, stdin) = new CliGenerator(random).Next();
                return new FuzzCase(target, seed, index, "", stdin, args);
            case "selftest":
                return new FuzzCase(target, seed, index, "", Encoding.UTF8.GetBytes("ok " + random.Next()), []);
            default:
                throw new ArgumentException($"no target '{target}'; use policy, descriptor or cli", nameof(target));
        }
    }
}

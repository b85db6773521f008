using BenchmarkDotNet.Running;

namespace PolicyEngine.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--verify"])
        {
            // Checks every engine's checksums without benchmarking (the same checks as the benchmarks' setup).
            new Gating20Benchmarks().Setup();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

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
        if (args is ["--compile-time"])
        {
            CompileTime.Run();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

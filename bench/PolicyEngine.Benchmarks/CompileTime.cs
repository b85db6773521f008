using System.Diagnostics;
using PolicyEngine.Compilation;
using PolicyEngine.Text;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// <c>--compile-time</c>: the 1,000-rule compile timed with a stopwatch, warm (after three untimed compiles), as the
/// median and minimum of 21 — the whole compile (tokenize, parse, bind, check, generate delegates) and the check
/// alone (everything but generating code). Quicker than the BenchmarkDotNet job, and the same work.
/// </summary>
public static class CompileTime
{
    public static void Run()
    {
        var schema = Gating20.LoadSchema();
        var text = PackGenerator.Generate(1000);
        PackCompilation Compile(bool generate) =>
            PolicyCompiler.Compile("generated", [new SourceText(text, "generated.policy")], new CompilationOptions { Schema = schema, GenerateCode = generate });

        var rules = Compile(true).Pack?.Bound.Rules.Count ?? throw new InvalidOperationException("the generated pack does not compile");
        foreach (var (name, generate) in new[] { ("check only (no code generated)", false), ("whole compile", true) })
        {
            for (var i = 0; i < 3; i++) Compile(generate);
            var times = new List<double>();
            for (var i = 0; i < 21; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                Compile(generate);
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{rules} rules, {name}: median {times[10]:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms");
        }
    }
}

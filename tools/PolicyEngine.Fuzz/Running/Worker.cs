using System.Text;
using PolicyEngine.Fuzz.Targets;

namespace PolicyEngine.Fuzz.Running;

/// <summary>
/// The child process: reads cases (one line each) from standard input and answers each with a result line on standard
/// output. Whatever the engine does to this process — overflow its stack, hang, exit — the parent sees it and survives.
/// The command-line target runs with the worker's own fixture folder as the current directory.
/// </summary>
public static class Worker
{
    public static int Run(string targetName)
    {
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
        // Nothing else may write to the protocol stream.
        Console.SetOut(TextWriter.Null);
        using var fixtures = new Fixtures();
        if (targetName == "cli") Directory.SetCurrentDirectory(fixtures.Directory);
        var target = Execution.CreateTarget(targetName, fixtures);
        output.WriteLine("ready");
        while (input.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var result = Execution.Execute(target, FuzzCase.FromLine(line));
            output.WriteLine(result.ToLine());
        }
        return 0;
    }
}

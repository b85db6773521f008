using PolicyEngine.Cli;
using PolicyEngine.Fuzz.Generators;

namespace PolicyEngine.Fuzz.Targets;

/// <summary>Runs the policyengine command in this process, in the fixture folder (the current directory), with the
/// case's arguments and standard input. Exit codes are 0, 1 or 2; standard error is diagnostics; exit 0 has no error;
/// JSON, SARIF and JUnit output parses; no temporary file of an atomic write is left behind.</summary>
public sealed class CliTarget : ITarget
{
    private readonly Fixtures _fixtures;
    private int _runs;

    public CliTarget(Fixtures fixtures) => _fixtures = fixtures;

    public string Name => "cli";

    public (string Note, string? Problem) Run(FuzzCase input)
    {
        if (++_runs % 500 == 0) _fixtures.Write();
        var args = input.Args.Select(CliGenerator.Contain).ToArray();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = PolicyEngineCommand.Run(args, stdout, stderr, () => new StreamReader(new MemoryStream(input.Data)));
        if (code is < 0 or > 2) return ("", $"exit code {code}");
        if (Oracle.CheckStderr(stderr.ToString(), code) is { } problem) return ("", problem);
        var output = stdout.ToString();
        if (output.Contains("\n   at ", StringComparison.Ordinal)) return ("", "a stack trace on standard output");
        if (code is 0 or 1 && !args.Any(a => a is "-o" or "--output" || a.StartsWith("--output=", StringComparison.Ordinal)) && !args.Contains("--help") && !args.Contains("-h") && !args.Contains("-?"))
        {
            var format = FormatOf(args);
            var verb = args.FirstOrDefault() ?? "";
            if (verb is "eval" or "lint" && format is "json" or "sarif" && Oracle.CheckJson(output, $"{verb} --format {format}") is { } badJson) return ("", badJson);
            if (verb is "compare" or "diff" && format == "json" && Oracle.CheckJson(output, $"{verb} --format json") is { } badJson2) return ("", badJson2);
            if (verb == "eval" && format == "junit" && Oracle.CheckXml(output, "eval --format junit") is { } badXml) return ("", badXml);
        }
        var leftovers = Directory.EnumerateFiles(_fixtures.Directory, ".*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.EndsWith(".probe", StringComparison.Ordinal)).ToList();
        if (leftovers.Count > 0)
        {
            foreach (var file in leftovers) File.Delete(file);
            return ("", $"an atomic write left {Path.GetFileName(leftovers[0])} behind");
        }
        return ($"exit-{code}", null);
    }

    /// <summary>The --format value the command line parser would see last (default text).</summary>
    private static string FormatOf(string[] args)
    {
        var format = "text";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--format" or "-f" && i + 1 < args.Length) format = args[i + 1];
            else if (args[i].StartsWith("--format=", StringComparison.Ordinal)) format = args[i]["--format=".Length..];
        }
        return format;
    }
}

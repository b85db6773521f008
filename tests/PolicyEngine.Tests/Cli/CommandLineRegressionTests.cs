namespace PolicyEngine.Tests.Cli;

/// <summary>Argument vectors the fuzzer found that made the command throw or print something that is not a
/// diagnostic; each is now a usage error (exit 2) with a one-line diagnostic.</summary>
public class CommandLineRegressionTests
{
    public static IEnumerable<object[]> Vectors() =>
    [
        [new[] { "compare", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "-o", "" }, "policyengine: error PE0402: cannot write '': it is not a valid file name"],
        [new[] { "eval", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "-o", "a\0b" }, "policyengine: error PE0402: cannot write 'a\\u0000b': it is not a valid file name"],
        [new[] { "schema", "-o", "\0" }, "policyengine: error PE0402: cannot write '\\u0000': it is not a valid file name"],
        [new[] { "import", "", "--from", "mof" }, "policyengine: error PE0400: Cannot read policy '': it is not a valid file name"],
        [new[] { "eval", "", "-p", "rules/osaid" }, "policyengine: error PE0204: Cannot read descriptor '': the path is not a valid file name"],
        [new[] { "whatif", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "--set", "a\nb=1" }, "policyengine: error PE0402: --set 'a\\nb=1': "],
        [new[] { "@\0" }, "policyengine: error PE0402: Response file '\\u0000' is not a valid file name"],
        [new[] { "eval", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "--format", "--all" }, "policyengine: error PE0402: --format '--all' is not allowed; use one of: text, json, jsonl, sarif, markdown, junit"],
        [new[] { "eval", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "--fail-on", "fatal" }, "policyengine: error PE0402: Argument 'fatal' not recognized. Must be one of:"],
        [new[] { "eval", "examples/descriptors/gpt-4.json", "-p", "rules/osaid", "--fail-on", "--all" }, "policyengine: error PE0402: --fail-on '--all' is not allowed; use one of: error, warning, unknown"],
    ];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void IsAUsageErrorOnOneLine(string[] args, string expected)
    {
        var result = CliRunner.Run(args);
        result.ExitCode.ShouldBe(2);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain(l => l.StartsWith(expected, StringComparison.Ordinal), result.Stderr);
        lines.ShouldAllBe(l => l.StartsWith("policyengine: error PE", StringComparison.Ordinal) || l.StartsWith("Run 'policyengine --help'", StringComparison.Ordinal));
    }
}

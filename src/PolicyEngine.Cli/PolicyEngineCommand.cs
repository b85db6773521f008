using System.CommandLine;
using PolicyEngine.Cli.Commands;

namespace PolicyEngine.Cli;

/// <summary>The <c>policyengine</c> command: argument parsing and wiring only; the work is in the library.</summary>
public static class PolicyEngineCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<TextReader>? stdin = null)
    {
        // Help and parser messages in English whatever the user interface language, so that output is the same on
        // every machine. (Formatting does not depend on the culture either: the tool is built with invariant
        // globalization, and the library formats with the invariant culture; the determinism tests check both.)
        var uiCulture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            return RunCore(args, stdout, stderr, stdin);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private static int RunCore(string[] args, TextWriter stdout, TextWriter stderr, Func<TextReader>? stdin)
    {
        var io = new CommandContext(stdout, stderr, stdin ?? (() => Console.In));
        var root = new RootCommand("PolicyEngine: release-gating rules over AI model release descriptors, with explained verdicts.");
        root.Subcommands.Add(EvalCommand.Create(io));
        root.Subcommands.Add(LintCommand.Create(io));
        root.Subcommands.Add(TestCommand.Create(io));
        root.Subcommands.Add(FmtCommand.Create(io));
        root.Subcommands.Add(SchemaCommand.Create(io));
        root.Subcommands.Add(RulesCommand.Create(io));
        root.Subcommands.Add(CompareCommand.Create(io));
        root.Subcommands.Add(DiffCommand.Create(io));
        root.Subcommands.Add(WhatIfCommand.Create(io));
        root.Subcommands.Add(ImportCommand.Create(io));
        root.Subcommands.Add(LspCommand.Create(io));

        // A response file (@file) whose name no file system accepts (a NUL) would throw inside the parser.
        if (args.FirstOrDefault(a => a.Length > 1 && a[0] == '@' && Text.FilePaths.Full(a[1..]) is null) is { } badResponseFile)
        {
            stderr.WriteLine($"policyengine: error PE0402: {Diagnostics.DiagnosticFormatter.OneLine($"Response file '{badResponseFile[1..]}' is not a valid file name")}");
            return ExitCodes.BadInput;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"policyengine: error PE0402: {Diagnostics.DiagnosticFormatter.OneLine(error.Message)}");
            stderr.WriteLine("Run 'policyengine --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reading or writing a file failed after the checks (a disk filled up, a file vanished).
            stderr.WriteLine($"policyengine: error PE0402: {Diagnostics.DiagnosticFormatter.OneLine(e.Message)}");
            return ExitCodes.BadInput;
        }
    }
}

using System.CommandLine;
using PolicyEngine.LanguageServer;
using PolicyEngine.Syntax.Formatting;

namespace PolicyEngine.Cli.Commands;

public static class LspCommand
{
    public static Command Create(CommandContext io)
    {
        // Editors' clients often pass --stdio; standard input and output are the only transport, so it is accepted and ignored.
        var stdio = new Option<bool>("--stdio") { Description = "Talk over standard input and output (the default and only transport).", Hidden = true };
        var command = new Command("lsp", "Run the language server for .policy files: the Language Server Protocol over standard input and output, for editors (diagnostics, completion, hover, go to definition, formatting).");
        command.Options.Add(stdio);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LanguageServerOptions
            {
                // The same formatter as `policyengine fmt`.
                Formatter = PolicyFormatter.Format,
            };
            using var input = Console.OpenStandardInput();
            using var output = Console.OpenStandardOutput();
            return await PolicyLanguageServer.RunAsync(input, output, options, io.Stderr, cancellationToken);
        });
        return command;
    }
}

using System.CommandLine;
using PolicyEngine.Cli.Io;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Formatting;
using PolicyEngine.Text;

namespace PolicyEngine.Cli.Commands;

public static class FmtCommand
{
    public static Command Create(CommandContext io)
    {
        var paths = new Argument<string[]>("paths") { Description = ".policy files, or folders whose .policy files (and those below) are formatted.", Arity = ArgumentArity.OneOrMore };
        Options.RejectOptionLikeValues(paths);
        var check = new Option<bool>("--check") { Description = "Change nothing; list the files that are not formatted and exit 1 if there are any (for CI)." };
        var command = new Command("fmt", "Format policy files canonically, keeping comments and blank-line grouping. Files with syntax errors are reported and never rewritten. Exit 0, 1 with --check when a file needs formatting, 2 on errors.");
        command.Arguments.Add(paths);
        command.Options.Add(check);
        command.SetAction(parse =>
        {
            var files = new List<string>();
            foreach (var path in parse.GetValue(paths)!)
            {
                if (Directory.Exists(path)) files.AddRange(Directory.GetFiles(path, "*.policy", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
                else if (File.Exists(path)) files.Add(path);
                else return io.UsageError($"'{path}': no such file or folder");
            }
            var checking = parse.GetValue(check);
            var failed = false;
            var unformatted = 0;
            foreach (var file in files)
            {
                string text;
                try { text = DescriptorLoader.ReadText(File.ReadAllBytes(file)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
                {
                    io.Report([Diagnostic.Create(DiagnosticDescriptors.PolicyNotFound, new Location(new SourceText("", file), default), file,
                        e is System.Text.DecoderFallbackException ? "the file is not valid UTF-8" : e.Message)]);
                    failed = true;
                    continue;
                }
                var tree = SyntaxTree.Parse(new SourceText(text, file));
                if (!PolicyFormatter.CanFormat(tree))
                {
                    io.Report(tree.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
                    failed = true;
                    continue;
                }
                string formatted;
                try { formatted = PolicyFormatter.Format(tree); }
                catch (InvalidOperationException e)
                {
                    // The formatter checks its own output; if that check fails the file is left as it is.
                    io.Stderr.WriteLine($"{file}: error PE0402: not formatted, to keep it safe: {e.Message}");
                    failed = true;
                    continue;
                }
                if (formatted == text) continue;
                unformatted++;
                if (checking)
                {
                    io.Stdout.WriteLine($"{file}: not formatted");
                    continue;
                }
                AtomicFile.Write(file, w => w.Write(formatted));
                io.Stdout.WriteLine($"{file}: formatted");
            }
            if (failed) return ExitCodes.BadInput;
            return checking && unformatted > 0 ? ExitCodes.Blocked : ExitCodes.Pass;
        });
        return command;
    }
}

using System.CommandLine;
using PolicyEngine.Schema;

namespace PolicyEngine.Cli.Commands;

public static class SchemaCommand
{
    public static Command Create(CommandContext io)
    {
        var output = Options.Output();
        var command = new Command("schema", "Print the release-descriptor JSON Schema (for editors and validators).");
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            if (parse.GetValue(output) is { } outputPath && Io.AtomicFile.CheckWritable(outputPath) is { } problem) return io.UsageError(problem);
            var text = DescriptorSchema.Default.Json.ReplaceLineEndings("\n");
            if (!text.EndsWith('\n')) text += "\n";
            Formats.Emit(io, parse.GetValue(output), w => w.Write(text));
            return ExitCodes.Pass;
        });
        return command;
    }
}

using System.CommandLine;
using PolicyEngine.Cli.Io;
using PolicyEngine.Descriptors;
using PolicyEngine.Descriptors.Importers;
using PolicyEngine.Diagnostics;
using PolicyEngine.Text;

namespace PolicyEngine.Cli.Commands;

public static class ImportCommand
{
    public static Command Create(CommandContext io)
    {
        var input = new Argument<string>("file") { Description = "A Model Openness Framework YAML file (the Model Openness Tool's models/*.yml) or a Hugging Face model card (README.md with YAML front matter); - for standard input." };
        var from = new Option<string>("--from") { Description = "The input format: mof, hf, or auto (decide from the content).", DefaultValueFactory = _ => "auto" };
        Options.OneOf(from, "auto", "mof", "hf");
        var modelId = new Option<string?>("--model-id") { Description = "The model's id (e.g. meta-llama/Llama-3.1-8B) when the card does not state it." };
        var output = Options.Output();
        var command = new Command("import", "Turn a MOF YAML file or a Hugging Face model card into a release descriptor (JSON). Facts the source does not state are left out (unknown), never guessed.");
        command.Arguments.Add(input);
        command.Options.Add(from);
        command.Options.Add(modelId);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            var outputPath = parse.GetValue(output);
            if (outputPath is not null && AtomicFile.CheckWritable(outputPath) is { } unwritable) return io.UsageError(unwritable);
            string text;
            try
            {
                text = path == "-" ? io.Stdin().ReadToEnd() : DescriptorLoader.ReadText(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException or ArgumentException)
            {
                var reason = e switch
                {
                    FileNotFoundException or DirectoryNotFoundException => "file not found",
                    System.Text.DecoderFallbackException => "the file is not valid UTF-8",
                    ArgumentException => "it is not a valid file name",
                    _ => e.Message,
                };
                io.Report([Diagnostic.Create(DiagnosticDescriptors.PolicyNotFound, new Location(new SourceText("", path), default), path, reason)]);
                return ExitCodes.BadInput;
            }

            var format = parse.GetValue(from) switch
            {
                "mof" => "mof",
                "hf" => "hf",
                _ => text.TrimStart('\uFEFF').StartsWith("---", StringComparison.Ordinal) ? "hf" : "mof",
            };
            var result = format == "mof"
                ? MofImporter.Import(text, path)
                : HuggingFaceImporter.Import(text, path, parse.GetValue(modelId));
            io.Report(result.Diagnostics);
            if (!result.Succeeded) return ExitCodes.BadInput;
            var json = result.Json!.EndsWith('\n') ? result.Json : result.Json + "\n";
            Formats.Emit(io, outputPath, w => w.Write(json));
            return ExitCodes.Pass;
        });
        return command;
    }
}

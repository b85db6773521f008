using System.CommandLine;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Schema;
using PolicyEngine.Text;

namespace PolicyEngine.Cli.Commands;

/// <summary>Options shared by several verbs.</summary>
public static class Options
{
    public static Option<string> Format(IReadOnlyList<string> names)
    {
        var option = new Option<string>("--format", "-f") { Description = $"Output format: {string.Join(", ", names)}.", DefaultValueFactory = _ => "text" };
        return OneOf(option, [.. names]);
    }

    /// <summary>An option whose value must be one of <paramref name="values"/>.</summary>
    public static Option<string> OneOf(Option<string> option, params string[] values)
    {
        option.AcceptOnlyFromAmong(values);
        // "--format --all" hands "--all" (another option of the verb) to --format past the check above.
        option.Validators.Add(result =>
        {
            string? value;
            try
            {
                value = result.GetValueOrDefault<string>();
            }
            catch (InvalidOperationException)
            {
                return; // the check above has already reported this value
            }
            if (value is not null && !values.Contains(value))
                result.AddError($"{option.Name} '{value}' is not allowed; use one of: {string.Join(", ", values)}");
        });
        return option;
    }

    public static Option<string?> Output() =>
        new("--output", "-o") { Description = "Write the report to this file (atomically: a failed run leaves the previous file as it was)." };

    /// <summary>Positional arguments take unknown options as values; reject those as the typos they are.</summary>
    public static void RejectOptionLikeValues(Argument<string[]> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value.StartsWith('-')) result.AddError($"Unrecognized command or argument '{token.Value}'");
            }
        });
    }

    /// <summary>--limit name=value (repeatable): raise or lower one of the engine's limits for this run.</summary>
    public static Option<string[]> Limit() =>
        new("--limit")
        {
            Description = $"Change a limit for this run, name=value (repeatable): {string.Join(", ", PolicyEngine.Limits.Settings.Select(s => $"{s.Name} (default {s.Default})"))}. See docs/robustness.md.",
            Arity = ArgumentArity.ZeroOrMore,
        };

    /// <summary>The limits after the --limit assignments, or the first assignment's problem.</summary>
    public static (PolicyEngine.Limits? Limits, string? Error) ReadLimits(IEnumerable<string>? assignments)
    {
        var limits = PolicyEngine.Limits.Default;
        foreach (var assignment in assignments ?? [])
        {
            var (changed, error) = limits.With(assignment);
            if (changed is null) return (null, error);
            limits = changed;
        }
        return (limits, null);
    }

    /// <summary>--schema FILE: the descriptor schema to compile packs and read descriptors against.</summary>
    public static Option<string?> Schema() =>
        new("--schema")
        {
            Description = "A descriptor schema (JSON Schema, like the one `policyengine schema` prints) to compile the packs and read the descriptors against, instead of the built-in one.",
        };

    /// <summary>The schema named by --schema (null for the built-in one), or a diagnostic located in the file.</summary>
    public static (DescriptorSchema? Schema, Diagnostic? Error) ReadSchema(string? path)
    {
        if (path is null) return (null, null);
        var at = new Location(new SourceText("", path), default);
        Diagnostic Problem(Location location, string reason) =>
            Diagnostic.Create(DiagnosticDescriptors.InvalidArgument, location, $"--schema '{path}': {reason}");
        if (FilePaths.Full(path) is null || !File.Exists(path)) return (null, Problem(at, "file not found"));
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > PolicyEngine.Limits.Default.MaxFileBytes) return (null, Problem(at, $"the file is {info.Length} bytes, over the limit of {PolicyEngine.Limits.Default.MaxFileBytes}"));
            text = DescriptorLoader.ReadText(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            return (null, Problem(at, e is System.Text.DecoderFallbackException ? "the file is not valid UTF-8" : e.Message));
        }
        try
        {
            var schema = DescriptorSchema.Parse(text);
            if (schema.Root.Fields.Count == 0) return (null, Problem(at, "the schema declares no properties"));
            return (schema, null);
        }
        catch (Newtonsoft.Json.JsonReaderException e)
        {
            var source = new SourceText(text, path);
            var line = Math.Max(1, e.LineNumber);
            var column = Math.Max(1, e.LinePosition);
            var offset = source.GetOffset(line - 1, column - 1);
            var message = e.Message;
            var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
            return (null, Problem(source.Location(new TextSpan(offset, 0)), "not valid JSON: " + (cut > 0 ? message[..cut] : message)));
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidOperationException or ArgumentException or InvalidCastException or FormatException)
        {
            return (null, Problem(at, "not a descriptor schema: " + e.Message));
        }
    }

    public static Option<bool> NoColour() =>
        new("--no-color") { Description = "No colour, even on a terminal (NO_COLOR is honoured too)." };
}

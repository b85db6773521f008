using System.CommandLine;

namespace PolicyEngine.Cli.Commands;

/// <summary>Options shared by several verbs.</summary>
public static class Options
{
    public static Option<string> Format(IReadOnlyList<string> names)
    {
        var option = new Option<string>("--format", "-f") { Description = $"Output format: {string.Join(", ", names)}.", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong([.. names]);
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

    public static Option<bool> NoColour() =>
        new("--no-color") { Description = "No colour, even on a terminal (NO_COLOR is honoured too)." };
}

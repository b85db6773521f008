using System.CommandLine;
using PolicyEngine.Compilation;

namespace PolicyEngine.Cli.Commands;

/// <summary>The options every verb that compiles packs shares — <c>--limit</c>, the script options and, where the
/// verb reads descriptors against it, <c>--schema</c> — read into one <see cref="CompilationOptions"/>.</summary>
public sealed class CompilationArguments
{
    private readonly ScriptOptions _scripts = new();
    private readonly Option<string[]> _limit = Options.Limit();
    private readonly Option<string?>? _schema;

    public CompilationArguments(bool schema = false)
    {
        if (schema) _schema = Options.Schema();
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_limit);
        if (_schema is not null) command.Options.Add(_schema);
        _scripts.AddTo(command);
    }

    /// <summary>The compilation options of this run, or null after reporting why not (<paramref name="exitCode"/> is
    /// then the exit code). <paramref name="configPath"/> is the --config file, if the verb has one.</summary>
    public CompilationOptions? Read(ParseResult parse, CommandContext io, out int exitCode, string? configPath = null)
    {
        exitCode = ExitCodes.Pass;
        var (limits, limitError) = Options.ReadLimits(parse.GetValue(_limit));
        if (limits is null)
        {
            exitCode = io.UsageError(limitError!);
            return null;
        }
        var (schema, schemaError) = _schema is null ? (null, null) : Options.ReadSchema(parse.GetValue(_schema));
        if (schemaError is not null)
        {
            io.Report([schemaError]);
            exitCode = ExitCodes.BadInput;
            return null;
        }
        return _scripts.Compilation(parse, configPath) with { Limits = limits, Schema = schema };
    }
}

using PolicyEngine.Binding;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Scripting;

/// <summary>Compiles a bound pack's script functions through the script host, or reports why they cannot run.</summary>
internal static class ScriptCompiler
{
    public static void Compile(IReadOnlyList<ScriptDefinition> scripts, ScriptSettings settings, List<Diagnostic> diagnostics)
    {
        if (scripts.Count == 0) return;
        if (!settings.Allowed)
        {
            // Opt-in: say so at every script, and compile none of them.
            foreach (var script in scripts) diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ScriptsNotAllowed, script.Location, script.Name));
            return;
        }
        var (host, error) = ScriptHostLoader.Host;
        foreach (var script in scripts)
        {
            if (host is null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ScriptHostUnavailable, script.Location, script.Name, error));
                continue;
            }
            var result = host.Compile(script.Source, settings);
            foreach (var issue in result.Issues) diagnostics.Add(ToDiagnostic(script, issue));
            if (result.Issues.Count == 0) script.Function = result.Function;
        }
    }

    private static Diagnostic ToDiagnostic(ScriptDefinition script, ScriptIssue issue)
    {
        var location = script.Map(issue.Start, issue.Length);
        var args = issue.Arguments.Cast<object?>().ToArray();
        return issue.Kind switch
        {
            ScriptIssueKind.CompileError => Diagnostic.Create(DiagnosticDescriptors.ScriptCompileError, location, Arg(args, 0), Arg(args, 1)),
            ScriptIssueKind.ForbiddenApi => Diagnostic.Create(DiagnosticDescriptors.ScriptForbiddenApi, location, Arg(args, 0), Arg(args, 1)),
            ScriptIssueKind.Dynamic => Diagnostic.Create(DiagnosticDescriptors.ScriptDynamic, location),
            ScriptIssueKind.Unsafe => Diagnostic.Create(DiagnosticDescriptors.ScriptUnsafe, location, Arg(args, 0)),
            ScriptIssueKind.NativeCode => Diagnostic.Create(DiagnosticDescriptors.ScriptNativeCode, location, Arg(args, 0)),
            ScriptIssueKind.ForbiddenConstruct => Diagnostic.Create(DiagnosticDescriptors.ScriptForbiddenConstruct, location, Arg(args, 0), Arg(args, 1)),
            _ => Diagnostic.Create(DiagnosticDescriptors.ScriptHostUnavailable, location, script.Name, Arg(args, 0)),
        };
    }

    private static object? Arg(object?[] args, int i) => i < args.Length ? args[i] : "";
}

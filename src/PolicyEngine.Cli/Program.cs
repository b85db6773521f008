using System.CommandLine;
using PolicyEngine.Cli;

var exitCode = PolicyEngineCommand.Run(args, Console.Out, Console.Error);

// A hidden diagnostic: which assemblies the run loaded (tests check that Roslyn stays unloaded without scripts).
if (Environment.GetEnvironmentVariable("POLICYENGINE_DEBUG_LOADED_ASSEMBLIES") == "1")
{
    foreach (var name in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal)) Console.Error.WriteLine($"loaded assembly: {name}");
}

return exitCode;

using System.CommandLine;
using PolicyEngine.Cli;

return PolicyEngineCommand.Run(args, Console.Out, Console.Error);

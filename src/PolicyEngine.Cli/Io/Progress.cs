using PolicyEngine.Cli.Commands;
using Spectre.Console;

namespace PolicyEngine.Cli.Io;

/// <summary>A progress bar on standard error for work that takes longer than a second — only on a terminal.</summary>
public static class Progress
{
    public static void Run(CommandContext io, string label, Func<int> done, int total, Action work)
    {
        var interactive = ReferenceEquals(io.Stderr, Console.Error) && !Console.IsErrorRedirected &&
                          string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && total > 1;
        if (!interactive)
        {
            work();
            return;
        }
        var task = Task.Run(work);
        if (task.Wait(TimeSpan.FromSeconds(1)))
        {
            task.GetAwaiter().GetResult();
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(true).Start(context =>
        {
            var bar = context.AddTask(label, maxValue: total);
            while (!task.IsCompleted)
            {
                bar.Value = done();
                Thread.Sleep(100);
            }
            bar.Value = total;
        });
        task.GetAwaiter().GetResult();
    }
}

using PolicyEngine.Cli.Commands;
using Spectre.Console;

namespace PolicyEngine.Cli.Io;

/// <summary>A progress bar on standard error for work that takes longer than a second — only on a terminal.</summary>
public static class Progress
{
    public static void Run(CommandContext io, string label, Func<int> done, int total, Action work)
    {
        var interactive = ReferenceEquals(io.Stderr, Console.Error) && !Console.IsErrorRedirected &&
                          string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && total != 1;
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
            // A negative total means the length is not known in advance (a stream): show a count instead.
            var bar = context.AddTask(label, maxValue: Math.Max(1, total));
            bar.IsIndeterminate = total < 0;
            while (!task.IsCompleted)
            {
                if (total < 0) bar.Description = $"{label}: {done()}";
                else bar.Value = done();
                Thread.Sleep(100);
            }
            bar.Value = bar.MaxValue;
        });
        task.GetAwaiter().GetResult();
    }
}

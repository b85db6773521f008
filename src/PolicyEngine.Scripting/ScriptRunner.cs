using System.Collections.Concurrent;
using PolicyEngine.Runtime;

namespace PolicyEngine.Scripting.CSharp;

/// <summary>
/// Runs script calls on worker threads with a known stack, under a <see cref="Budget"/>. The compiled-in checks stop a
/// script cooperatively; a watchdog is the last resort for a script stuck inside a library call: the caller gets an
/// error and the worker thread is abandoned, so the process never hangs.
/// </summary>
internal static class ScriptRunner
{
    private const int StackSize = 16 * 1024 * 1024;
    private static readonly ConcurrentBag<Worker> Idle = new();
    private static int _abandoned;

    /// <summary>Worker threads given up on because a script did not stop (for tests).</summary>
    public static int Abandoned => Volatile.Read(ref _abandoned);

    public static object? Run(string name, Func<object?> call, ScriptSettings settings)
    {
        var worker = Idle.TryTake(out var idle) ? idle : new Worker();
        var job = worker.Start(call, settings);
        var grace = TimeSpan.FromMilliseconds(Math.Max(1000, settings.Timeout.TotalMilliseconds));
        if (!job.Done.Wait(settings.Timeout + grace))
        {
            // The compiled-in checks should have stopped it by now: it is inside a library call. Ask once more, then give up.
            job.Budget?.Cancel(job.Budget.TimeoutReason);
            if (!job.Done.Wait(TimeSpan.FromSeconds(1)))
            {
                worker.Abandon();
                Interlocked.Increment(ref _abandoned);
                throw new PolicyRuntimeException($"the script '{name}' ran over its time limit of {settings.Timeout.TotalMilliseconds:0} ms and did not stop; it was abandoned");
            }
        }
        // (Done is not disposed: the worker may still be returning from Set.)
        Idle.Add(worker);
        if (job.Error is { } error) throw Fault(name, error);
        return job.Result;
    }

    private static PolicyRuntimeException Fault(string name, Exception error) => error switch
    {
        ScriptStoppedException stopped => new PolicyRuntimeException($"the script '{name}' {stopped.Message}", stopped),
        InsufficientExecutionStackException => new PolicyRuntimeException($"the script '{name}' recursed too deeply (the stack is nearly full)", error),
        OutOfMemoryException => new PolicyRuntimeException($"the script '{name}' ran out of memory", error),
        PolicyRuntimeException p => p,
        _ => new PolicyRuntimeException($"the script '{name}' threw {error.GetType().Name}: {error.Message}", error),
    };

    private sealed class Job(Func<object?> call, ScriptSettings settings)
    {
        public Func<object?> Call { get; } = call;
        public ScriptSettings Settings { get; } = settings;
        public Budget? Budget { get; set; }
        public ManualResetEventSlim Done { get; } = new(false);
        public object? Result { get; set; }
        public Exception? Error { get; set; }
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _ready = new(0);
        private volatile Job? _job;
        private volatile bool _abandoned;

        public Worker()
        {
            var thread = new Thread(Loop, StackSize) { IsBackground = true, Name = "policyengine script" };
            thread.Start();
        }

        public Job Start(Func<object?> call, ScriptSettings settings)
        {
            var job = new Job(call, settings);
            _job = job;
            _ready.Release();
            return job;
        }

        public void Abandon() => _abandoned = true;

        private void Loop()
        {
            while (true)
            {
                _ready.Wait();
                var job = _job!;
                var budget = new Budget(job.Settings, GC.GetAllocatedBytesForCurrentThread());
                job.Budget = budget;
                Guard.Current = budget;
                try
                {
                    job.Result = job.Call();
                    // One library call can allocate a lot between two checks; it still counts.
                    budget.CheckAllocations();
                }
                catch (Exception e)
                {
                    job.Error = budget.StopReason is { } reason && e is not ScriptStoppedException ? new ScriptStoppedException(reason) : e;
                }
                finally
                {
                    Guard.Current = null;
                }
                job.Done.Set();
                if (_abandoned) return;
            }
        }
    }
}

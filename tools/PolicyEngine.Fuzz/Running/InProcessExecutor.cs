namespace PolicyEngine.Fuzz.Running;

/// <summary>Runs cases in this process on one long-lived thread, with a hard timeout. Fast, but a stack overflow ends
/// the whole process, and a hang can only be reported, not stopped — use it where that is safe (the CI smoke), and child
/// processes elsewhere.</summary>
public sealed class InProcessExecutor : IDisposable
{
    private readonly Targets.ITarget _target;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _work = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private FuzzCase? _case;
    private CaseResult? _result;
    private volatile bool _stopping;

    public InProcessExecutor(Targets.ITarget target)
    {
        _target = target;
        _thread = new Thread(Loop) { IsBackground = true, Name = "fuzz-in-process" };
        _thread.Start();
    }

    /// <summary>Set once a case did not finish: the thread is still busy with it, so no further case can run.</summary>
    public bool Wedged { get; private set; }

    private void Loop()
    {
        while (true)
        {
            _work.Wait();
            if (_stopping) return;
            _result = Execution.Execute(_target, _case!);
            _done.Release();
        }
    }

    public CaseResult Run(FuzzCase input, TimeSpan timeout)
    {
        if (Wedged) throw new InvalidOperationException("an earlier case never finished");
        _case = input;
        _work.Release();
        if (_done.Wait(timeout)) return _result!;
        Wedged = true;
        return CaseResult.Fail(CrashKinds.Hang, $"no answer within {timeout.TotalSeconds:0} s (in process: the run stops here)", timeout.TotalMilliseconds);
    }

    public void Dispose()
    {
        _stopping = true;
        _work.Release();
        if (!Wedged) _thread.Join(TimeSpan.FromSeconds(5));
    }
}

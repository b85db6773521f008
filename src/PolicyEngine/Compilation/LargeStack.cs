namespace PolicyEngine.Compilation;

/// <summary>Runs recursive work (parsing, binding, compiling deep but within-limit input) on a thread with a large stack.</summary>
internal static class LargeStack
{
    private const int StackSize = 256 * 1024 * 1024;

    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = e; }
        }, StackSize);
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return result;
    }

    /// <summary>Runs independent pieces of work on as many large-stack threads as there are cores (the calling
    /// thread, itself on a large stack, takes part); the first failure is rethrown once all have stopped.</summary>
    public static void RunAll(IReadOnlyList<Action> work)
    {
        var workers = Math.Min(Environment.ProcessorCount, work.Count);
        if (workers <= 1)
        {
            foreach (var piece in work) piece();
            return;
        }
        var next = -1;
        Exception? failure = null;
        var threads = new Thread[workers - 1];
        for (var i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(Loop, StackSize) { IsBackground = true };
            threads[i].Start();
        }
        Loop();
        foreach (var thread in threads) thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();

        void Loop()
        {
            try
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < work.Count && Volatile.Read(ref failure) is null) work[i]();
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }
    }
}

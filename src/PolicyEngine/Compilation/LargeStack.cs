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
}

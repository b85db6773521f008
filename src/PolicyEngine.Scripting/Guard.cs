using System.Collections;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PolicyEngine.Scripting.CSharp;

/// <summary>
/// The checks compiled into every script: <see cref="Tick"/> at the top of each loop body, <see cref="Enter"/> at the
/// entry of each function, lambda and sequence step, <see cref="Size"/> around every allocation size. They stop a
/// script that runs past its time or allocation budget, recurses toward the end of its stack, or asks for an
/// outsized array, string or sequence. Scripts cannot call this class themselves (it is outside the allow-list).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Guard
{
    [ThreadStatic] private static Budget? t_budget;

    internal static Budget? Current
    {
        get => t_budget;
        set => t_budget = value;
    }

    private static Budget Budget => t_budget ?? throw new InvalidOperationException("A script runs only under the script runner.");

    public static void Tick() => Budget.Step();

    public static void Enter()
    {
        var budget = Budget;
        budget.Step();
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw budget.Stop("recursed too deeply (the stack is nearly full)");
    }

    public static int Size(int size)
    {
        var budget = Budget;
        if (size > budget.MaxElements) throw budget.Stop($"asked for {size:N0} elements, over the limit of {budget.MaxElements:N0}");
        return size;
    }

    public static long Size(long size)
    {
        var budget = Budget;
        if (size > budget.MaxElements) throw budget.Stop($"asked for {size:N0} elements, over the limit of {budget.MaxElements:N0}");
        return size;
    }

    /// <summary><c>s.Replace(a, b)</c> with the size of the result checked first (it can square the length of s).</summary>
    public static string Replace(string s, string oldValue, string newValue)
    {
        var budget = Budget;
        if (!string.IsNullOrEmpty(oldValue) && newValue is not null && newValue.Length > oldValue.Length)
        {
            long count = 0;
            for (var at = s.IndexOf(oldValue, StringComparison.Ordinal); at >= 0; at = s.IndexOf(oldValue, at + oldValue.Length, StringComparison.Ordinal)) count++;
            var length = s.Length + count * (newValue.Length - oldValue.Length);
            if (length > Math.Max(budget.MaxElements, s.Length)) throw budget.Stop($"asked for {length:N0} elements, over the limit of {budget.MaxElements:N0}");
        }
        return s.Replace(oldValue, newValue);
    }

    /// <summary>A lazy sequence whose every step is guarded, so library code iterating it (or chains of it) stays bounded.</summary>
    public static IEnumerable<T> Seq<T>(IEnumerable<T> source) => source is null ? null! : new GuardedSequence<T>(source);

    public static IOrderedEnumerable<T> Seq<T>(IOrderedEnumerable<T> source) => source is null ? null! : new GuardedOrderedSequence<T>(source);

    private class GuardedSequence<T>(IEnumerable<T> source) : IEnumerable<T>
    {
        protected IEnumerable<T> Source { get; } = source;

        public IEnumerator<T> GetEnumerator()
        {
            Enter();
            return new Enumerator(Source.GetEnumerator());
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private sealed class Enumerator(IEnumerator<T> inner) : IEnumerator<T>
        {
            public T Current => inner.Current;
            object? IEnumerator.Current => inner.Current;

            public bool MoveNext()
            {
                Enter();
                return inner.MoveNext();
            }

            public void Reset() => inner.Reset();
            public void Dispose() => inner.Dispose();
        }
    }

    private sealed class GuardedOrderedSequence<T>(IOrderedEnumerable<T> source) : GuardedSequence<T>(source), IOrderedEnumerable<T>
    {
        public IOrderedEnumerable<T> CreateOrderedEnumerable<TKey>(Func<T, TKey> keySelector, IComparer<TKey>? comparer, bool descending) =>
            Seq(((IOrderedEnumerable<T>)Source).CreateOrderedEnumerable(keySelector, comparer, descending));
    }
}

/// <summary>Thrown into a script to stop it; scripts cannot catch it (try is not allowed in scripts).</summary>
public sealed class ScriptStoppedException(string reason) : Exception(reason);

/// <summary>The limits of one call, checked by the guard on the thread that runs it.</summary>
internal sealed class Budget
{
    private readonly long _deadline;
    private readonly long _allocationLimit;
    private readonly TimeSpan _timeout;
    private readonly long _maxBytes;
    private int _steps;
    private volatile string? _stopped;

    public Budget(ScriptSettings limits, long allocatedSoFar)
    {
        _timeout = limits.Timeout;
        _maxBytes = limits.MaxAllocatedBytes;
        MaxElements = limits.MaxElements;
        _deadline = Stopwatch.GetTimestamp() + (long)(limits.Timeout.TotalSeconds * Stopwatch.Frequency);
        _allocationLimit = allocatedSoFar + limits.MaxAllocatedBytes;
    }

    public int MaxElements { get; }

    /// <summary>Why the script was stopped, once it has been.</summary>
    public string? StopReason => _stopped;

    public string TimeoutReason => $"ran over its time limit of {_timeout.TotalMilliseconds:0} ms";

    public void Step()
    {
        if (_stopped is { } reason) throw new ScriptStoppedException(reason);
        CheckAllocations();
        if ((++_steps & 31) == 0 && Stopwatch.GetTimestamp() > _deadline) throw Stop(TimeoutReason);
    }

    /// <summary>Per thread, so only this script's allocations count.</summary>
    public void CheckAllocations()
    {
        if (GC.GetAllocatedBytesForCurrentThread() > _allocationLimit) throw Stop($"allocated more than {_maxBytes / (1024 * 1024)} MB");
    }

    /// <summary>Stops the script: this and every later check throws (the first reason is kept).</summary>
    public ScriptStoppedException Stop(string reason)
    {
        _stopped ??= reason;
        return new ScriptStoppedException(_stopped);
    }

    /// <summary>Asks the script to stop from another thread (the watchdog).</summary>
    public void Cancel(string reason) => _stopped ??= reason;
}

namespace Course.Tensors;

/// <summary>
/// Runs numbered work items on the calling thread together with a fixed team of helper threads, one per extra
/// core, without allocating: a training step that multiplies matrices on both cores allocates nothing.
/// </summary>
/// <remarks>
/// Items are handed out by an atomic counter, so which thread runs which item varies from call to call; callers
/// must make every item write its own outputs, so that the result does not depend on it. Items must not throw.
/// While one thread uses the team, any other caller runs all its items itself.
/// </remarks>
internal static class WorkTeam
{
    internal interface IWork
    {
        void Run(int item);
    }

    private static readonly int HelperCount = Environment.ProcessorCount - 1;
    private static readonly object Gate = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static bool s_started;
    private static IWork? s_work;
    private static int s_itemCount, s_nextItem, s_busyHelpers;

    /// <summary>Runs items 0..itemCount-1 on at most <paramref name="maxThreads"/> threads, the caller included.</summary>
    public static void Run(IWork work, int itemCount, int maxThreads)
    {
        int helpers = Math.Min(HelperCount, Math.Min(maxThreads, itemCount) - 1);
        if (helpers <= 0 || !Monitor.TryEnter(Gate))
        {
            for (int i = 0; i < itemCount; i++) work.Run(i);
            return;
        }
        try
        {
            StartHelpers();
            s_work = work;
            s_itemCount = itemCount;
            s_nextItem = 0;
            s_busyHelpers = helpers;
            Wake.Release(helpers);
            RunItems(work);
            // A helper that has not woken yet is not needed any more: take its wake-up back.
            while (Volatile.Read(ref s_busyHelpers) > 0 && Wake.Wait(0))
                Interlocked.Decrement(ref s_busyHelpers);
            // The others are finishing their last item.
            var spin = new SpinWait();
            while (Volatile.Read(ref s_busyHelpers) > 0)
                spin.SpinOnce(sleep1Threshold: -1);
            s_work = null;
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void RunItems(IWork work)
    {
        int item;
        while ((item = Interlocked.Increment(ref s_nextItem) - 1) < s_itemCount)
            work.Run(item);
    }

    private static void StartHelpers()
    {
        if (s_started) return;
        for (int i = 0; i < HelperCount; i++)
            new Thread(HelperLoop) { IsBackground = true, Name = $"Course.Tensors helper {i + 1}" }.Start();
        s_started = true;
    }

    private static void HelperLoop()
    {
        while (true)
        {
            Wake.Wait();
            RunItems(s_work!);
            Interlocked.Decrement(ref s_busyHelpers);
        }
    }
}

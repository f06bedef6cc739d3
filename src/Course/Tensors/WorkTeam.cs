using System.Diagnostics;

namespace Course.Tensors;

/// <summary>
/// Runs numbered work items on the calling thread together with a fixed team of helper threads, one per extra
/// core, without allocating: a training step that multiplies matrices on every core allocates nothing.
/// </summary>
/// <remarks>
/// <para>Items are handed out by an atomic counter, so which thread runs which item varies from call to call:
/// every item must write only its own outputs, so that the result does not depend on it. Items must not throw.
/// While one thread uses the team, any other caller runs all its items itself.</para>
/// <para>After a job, helpers keep polling for the next one for 200 microseconds before they sleep, because the
/// products of a training step come a few microseconds apart and waking a sleeping thread takes longer.</para>
/// <para>A polling helper only pays when it has a core of its own. When other programs hold the other cores, or
/// the scheduler keeps the helper on the caller's core, it misses job after job while its polling slows the
/// caller down. So after 8 jobs in a row that no helper joined, the caller works alone for 50 milliseconds
/// (the helpers fall asleep), then tries again.</para>
/// </remarks>
internal static class WorkTeam
{
    internal interface IWork
    {
        void Run(int item);
    }

    private const int MissesBeforeSolo = 8;
    private static readonly long PollTicks = Stopwatch.Frequency / 5000;
    private static readonly long SoloTicks = Stopwatch.Frequency / 20;
    private static readonly int HelperCount = Environment.ProcessorCount - 1;
    private static readonly object CallerGate = new();
    private static readonly object SleepGate = new();
    private static int s_missedJobs;
    private static long s_soloUntil;

    // The helpers start with the type, on the thread that first uses the team, whichever path its first job takes:
    // a later job never creates a thread, so it allocates nothing.
    static WorkTeam()
    {
        for (int i = 0; i < HelperCount; i++)
            new Thread(HelperLoop) { IsBackground = true, Name = $"Course.Tensors helper {i + 1}" }.Start();
    }

    // The current job. s_job counts jobs; helpers join while s_open is 1 and s_wanted, the helpers it still
    // takes, is positive; s_inside counts the helpers that have joined and not yet left.
    private static IWork? s_work;
    private static int s_itemCount, s_nextItem;
    private static int s_job, s_open, s_wanted, s_inside, s_sleepers;

    /// <summary>Runs items 0..itemCount-1 on at most <paramref name="maxThreads"/> threads, the caller included.</summary>
    public static void Run(IWork work, int itemCount, int maxThreads)
    {
        int helpers = Math.Min(HelperCount, Math.Min(maxThreads, itemCount) - 1);
        if (helpers <= 0 || !Monitor.TryEnter(CallerGate))
        {
            RunAlone(work, itemCount);
            return;
        }
        try
        {
            if (Stopwatch.GetTimestamp() < s_soloUntil)
            {
                RunAlone(work, itemCount);
                return;
            }
            s_work = work;
            s_itemCount = itemCount;
            s_nextItem = 0;
            s_wanted = helpers;
            Interlocked.Exchange(ref s_open, 1);
            Interlocked.Increment(ref s_job);
            if (Volatile.Read(ref s_sleepers) > 0)
                lock (SleepGate) Monitor.PulseAll(SleepGate);

            int mine = RunItems(work);

            // Close the job, then wait for the helpers that joined it to finish their last item.
            Interlocked.Exchange(ref s_open, 0);
            var spin = new SpinWait();
            while (Volatile.Read(ref s_inside) > 0)
                spin.SpinOnce(sleep1Threshold: -1);
            s_work = null;

            s_missedJobs = mine < itemCount ? 0 : s_missedJobs + 1;
            if (s_missedJobs == MissesBeforeSolo)
            {
                s_missedJobs = 0;
                s_soloUntil = Stopwatch.GetTimestamp() + SoloTicks;
            }
        }
        finally
        {
            Monitor.Exit(CallerGate);
        }
    }

    private static void RunAlone(IWork work, int itemCount)
    {
        for (int i = 0; i < itemCount; i++) work.Run(i);
    }

    /// <summary>Runs items until none are left; returns how many this thread ran.</summary>
    private static int RunItems(IWork work)
    {
        int item, count = 0;
        for (; (item = Interlocked.Increment(ref s_nextItem) - 1) < s_itemCount; count++)
            work.Run(item);
        return count;
    }

    private static void HelperLoop()
    {
        int seen = 0;
        while (true)
        {
            seen = WaitForJob(seen);
            // Joining and closing both use full fences, so either the caller sees this helper inside and waits
            // for it, or this helper sees the job closed and leaves it alone.
            Interlocked.Increment(ref s_inside);
            if (Volatile.Read(ref s_open) == 1 && Interlocked.Decrement(ref s_wanted) >= 0)
                RunItems(s_work!);
            Interlocked.Decrement(ref s_inside);
        }
    }

    /// <summary>Polls for a job newer than <paramref name="seen"/>, then sleeps until one comes; returns its number.</summary>
    private static int WaitForJob(int seen)
    {
        long deadline = Stopwatch.GetTimestamp() + PollTicks;
        int job;
        while ((job = Volatile.Read(ref s_job)) == seen)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                lock (SleepGate)
                {
                    Interlocked.Increment(ref s_sleepers);
                    while ((job = Volatile.Read(ref s_job)) == seen)
                        Monitor.Wait(SleepGate);
                    Interlocked.Decrement(ref s_sleepers);
                }
                return job;
            }
            Thread.SpinWait(20);
        }
        return job;
    }
}

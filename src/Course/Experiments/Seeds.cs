
namespace Course.Experiments;

/// <summary>
/// Repeats an experiment over seeds 1, 2, ..., count. A claim in a lesson must hold for any seed, so its bound is
/// chosen after looking at the whole spread, never at one lucky run.
/// </summary>
public static class Seeds
{
    /// <summary>
    /// Runs <paramref name="experiment"/> once per seed, on all cores. Each run builds its own <c>Rng</c> from its seed,
    /// so the results, returned in seed order, do not depend on which core ran what.
    /// </summary>
    public static T[] Run<T>(int count, Func<ulong, T> experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"Run at least one seed, but {count} came.");
        var results = new T[count];
        Parallel.For(0, count, i => results[i] = experiment((ulong)(i + 1)));
        return results;
    }
}

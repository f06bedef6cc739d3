using System.Globalization;

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

/// <summary>The smallest, middle and largest value of a measurement repeated over seeds.</summary>
public readonly record struct Spread(double Min, double Median, double Max)
{
    /// <summary>The spread of <paramref name="values"/>; NaN counts as larger than any number, so it shows up as the max.</summary>
    public static Spread Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Select(v => double.IsNaN(v) ? double.PositiveInfinity : v).Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("A spread needs at least one value, but none came.", nameof(values));
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(sorted[0], median, sorted[^1]);
    }

    /// <summary>"min / median / max" with <paramref name="format"/>, e.g. "0.004 / 0.006 / 0.011".</summary>
    public string ToString(string format) => string.Join(" / ", new[] { Min, Median, Max }.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    public override string ToString() => ToString("G4");
}

using System.Globalization;

namespace Course.Experiments;

/// <summary>
/// How one measurement varies over repeated runs (one per seed): the table that stands behind every asserted bound.
/// Percentiles interpolate linearly between the sorted values, as numpy's default does.
/// A NaN (a run that blew up) ranks above every number, so it shows up as the max instead of vanishing.
/// </summary>
public sealed record SeedSpread(int Count, double Min, double P5, double Median, double P95, double Max)
{
    public static SeedSpread Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Select(v => double.IsNaN(v) ? double.PositiveInfinity : v).ToArray();
        if (sorted.Length == 0) throw new ArgumentException("A spread needs at least one value, but none came.", nameof(values));
        Array.Sort(sorted);
        return new SeedSpread(sorted.Length, sorted[0], Percentile(sorted, 5), Percentile(sorted, 50), Percentile(sorted, 95), sorted[^1]);
    }

    /// <summary>"min / median / max" with <paramref name="format"/>, e.g. "0.004 / 0.006 / 0.011".</summary>
    public string ToString(string format) =>
        string.Join(" / ", new[] { Min, Median, Max }.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    public override string ToString() => ToString("G4");

    /// <summary>The p-th percentile (0 to 100) of values sorted ascending.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) throw new ArgumentException("A percentile needs at least one value.", nameof(sorted));
        if (!(p >= 0 && p <= 100)) throw new ArgumentOutOfRangeException(nameof(p), p, "A percentile lies between 0 and 100.");
        double position = p / 100 * (sorted.Count - 1);
        int below = (int)Math.Floor(position), above = (int)Math.Ceiling(position);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    /// <summary>The share of values strictly below <paramref name="threshold"/>: where a single reported number ranks.</summary>
    public static double FractionBelow(IEnumerable<double> values, double threshold)
    {
        ArgumentNullException.ThrowIfNull(values);
        var all = values.ToArray();
        if (all.Length == 0) throw new ArgumentException("A fraction needs at least one value, but none came.", nameof(values));
        return (double)all.Count(v => v < threshold) / all.Length;
    }
}

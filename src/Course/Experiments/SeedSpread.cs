namespace Course.Experiments;

/// <summary>How much a measured quantity moves from seed to seed: the evidence behind every bound a lesson asserts.</summary>
public sealed record SeedSpread(string Quantity, int Seeds, double Min, double Median, double Max)
{
    /// <summary>The spread of <paramref name="values"/>, one per seed.</summary>
    public static SeedSpread Of(string quantity, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException($"The spread of \"{quantity}\" needs at least one value, but none came.");
        if (sorted.Any(double.IsNaN)) throw new ArgumentException($"The values of \"{quantity}\" contain NaN; a spread of them would mean nothing.");
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new SeedSpread(quantity, n, sorted[0], median, sorted[^1]);
    }

    /// <summary>
    /// Runs <paramref name="experiment"/> for seeds 1 to <paramref name="count"/>, side by side on the machine's cores;
    /// each run owns its seed, so the results are the same as one after the other, and come back in seed order.
    /// </summary>
    public static T[] OverSeeds<T>(int count, Func<ulong, T> experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"Run at least one seed, but count = {count}.");
        var results = new T[count];
        Parallel.For(0, count, i => results[i] = experiment((ulong)(i + 1)));
        return results;
    }
}

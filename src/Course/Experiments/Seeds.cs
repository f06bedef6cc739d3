using Course.Display;
using Microsoft.Data.Analysis;
using TorchSharp;

namespace Course.Experiments;

/// <summary>
/// Repeats an experiment over seeds 1, 2, ..., count. A claim in a lesson must hold for any seed, so its bound is
/// chosen after looking at the whole spread, never at one lucky run.
/// </summary>
public static class Seeds
{
    /// <summary>
    /// Runs <paramref name="experiment"/> once per seed, one after the other, each after <c>torch.manual_seed(seed)</c>,
    /// so each run draws from its own seed whatever ran before it. (One at a time: torch's generator is global, and
    /// libtorch already spreads each large operation over the cores.)
    /// </summary>
    public static T[] Run<T>(int count, Func<long, T> experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"Run at least one seed, but {count} came.");
        var results = new T[count];
        for (int i = 0; i < count; i++)
        {
            torch.manual_seed(i + 1);
            results[i] = experiment(i + 1);
        }
        return results;
    }

    /// <summary>One row per measurement: its name and its spread over seeds (count, min, 5th percentile, median, 95th, max),
    /// to four significant digits.</summary>
    public static DataFrame SpreadTable(params (string Measurement, IEnumerable<double> Values)[] measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var spreads = measurements.Select(m => (m.Measurement, Spread: SeedSpread.Of(m.Values))).ToArray();
        return new DataFrame(
            new StringDataFrameColumn("measurement", spreads.Select(s => s.Measurement)),
            new Int32DataFrameColumn("seeds", spreads.Select(s => s.Spread.Count)),
            new DoubleDataFrameColumn("min", spreads.Select(s => s.Spread.Min)),
            new DoubleDataFrameColumn("5th pct", spreads.Select(s => s.Spread.P5)),
            new DoubleDataFrameColumn("median", spreads.Select(s => s.Spread.Median)),
            new DoubleDataFrameColumn("95th pct", spreads.Select(s => s.Spread.P95)),
            new DoubleDataFrameColumn("max", spreads.Select(s => s.Spread.Max))).Significant();
    }
}

using System.Globalization;

namespace Course.Diagnostics;

/// <summary>The shapes a training loss curve takes: the healthy one and the four that point to a bug.</summary>
public enum Signature { Decreases, GoesUp, Explodes, Oscillates, Plateaus }

/// <summary>
/// The numbers that tell the shapes of a loss curve apart. <see cref="Start"/> and <see cref="End"/> are medians over the
/// first and last quarter of the steps, so a single noisy mini-batch cannot decide the trend.
/// </summary>
public sealed record CurveShape(double First, double Start, double End, double Peak, double SignChanges, double Roughness, bool Finite)
{
    /// <summary>A loss this many times the first one has exploded, even if it later came back down.</summary>
    public const double ExplodeFactor = 1e3;

    /// <summary>A plateau: the end within 5% of the start, and step-to-step moves under 1% of the loss.</summary>
    public const double PlateauChange = 0.05, PlateauRoughness = 0.01;

    /// <summary>An oscillation: the direction flips at 30% of the steps or more, with moves of 2% of the loss or more.</summary>
    public const double OscillationSignChanges = 0.3, OscillationRoughness = 0.02;

    /// <summary>
    /// ... and no trend: the end between a quarter and twice the start. A healthy run ends below a hundredth of its start,
    /// so the band leaves a wide margin for the slow drift of a noisy run.
    /// </summary>
    public const double OscillationLowestTrend = 0.25, OscillationHighestTrend = 2;

    /// <summary>End / start: below 1 the loss went down, above 1 up.</summary>
    public double Trend => End / Start;

    /// <summary>The largest loss over the first one.</summary>
    public double PeakRatio => Peak / First;

    /// <summary>The shape of a training run: its step losses, and whether the trainer stopped it for a non-finite output.</summary>
    public static CurveShape Of(Training.History history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Of(history.StepLoss, diverged: history.Diverged);
    }

    /// <summary>
    /// Measures a curve of per-step losses: at least 8 of them, so each quarter has two, unless the run
    /// <paramref name="diverged"/> (ended on a non-finite value), which is an explosion however short.
    /// </summary>
    public static CurveShape Of(IReadOnlyList<double> losses, bool diverged = false)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (losses.Count < 8 && !diverged)
            throw new ArgumentException($"A curve shape needs at least 8 losses, but {losses.Count} came.", nameof(losses));
        // Trends and wiggles are measured on the losses before the first non-finite one.
        var l = losses.TakeWhile(double.IsFinite).ToArray();
        bool finite = !diverged && l.Length == losses.Count;
        if (l.Length == 0) return new CurveShape(double.NaN, double.NaN, double.NaN, double.PositiveInfinity, 0, 0, false);
        int n = l.Length, quarter = Math.Max(1, n / 4);
        double start = Median(l.Take(quarter)), end = Median(l.Skip(n - quarter));

        int flips = 0;
        double moves = 0;
        for (int i = 1; i < n; i++)
        {
            moves += Math.Abs(l[i] - l[i - 1]);
            if (i >= 2 && (l[i] - l[i - 1]) * (l[i - 1] - l[i - 2]) < 0) flips++;
        }
        double signChanges = n > 2 ? (double)flips / (n - 2) : 0;
        double roughness = n > 1 ? moves / (n - 1) / l.Average() : 0;
        return new CurveShape(l[0], start, end, finite ? l.Max() : double.PositiveInfinity, signChanges, roughness, finite);
    }

    /// <summary>Which of the five shapes this is, checked in this order: explodes, plateaus, oscillates, goes up, decreases.</summary>
    public Signature Signature =>
        !Finite || PeakRatio > ExplodeFactor ? Signature.Explodes
        : Math.Abs(Trend - 1) < PlateauChange && Roughness < PlateauRoughness ? Signature.Plateaus
        : SignChanges >= OscillationSignChanges && Roughness >= OscillationRoughness
          && Trend >= OscillationLowestTrend && Trend <= OscillationHighestTrend ? Signature.Oscillates
        : Trend > 1 ? Signature.GoesUp
        : Signature.Decreases;

    /// <summary>The middle value (the mean of the two middle ones for an even count); NaN for none.</summary>
    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0}: start {1:G3}, end {2:G3} (x{3:G3}), peak x{4:G3}, direction flips {5:P0}, moves {6:P1} of the loss{7}",
        Signature, Start, End, Trend, PeakRatio, SignChanges, Roughness, Finite ? "" : ", not finite");
}

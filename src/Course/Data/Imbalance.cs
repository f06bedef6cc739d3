using Course.Tensors;

namespace Course.Data;

/// <summary>Makes a balanced dataset imbalanced on purpose, to study what that does to training.</summary>
public static class Imbalance
{
    /// <summary>
    /// Keeps round(n_c x <paramref name="keepFractions"/>[c]) examples of each class c, chosen at random
    /// (at least one whenever the fraction is above 0), in the dataset's original order.
    /// </summary>
    public static Dataset Subsample(Dataset data, ReadOnlySpan<float> keepFractions, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rng);
        if (keepFractions.Length != data.ClassCount)
            throw new ArgumentException($"Expected one keep fraction per class ({data.ClassCount}), but {keepFractions.Length} came.");
        var keep = new bool[data.Count];
        for (int c = 0; c < data.ClassCount; c++)
        {
            float fraction = keepFractions[c];
            if (!(fraction >= 0 && fraction <= 1))
                throw new ArgumentOutOfRangeException(nameof(keepFractions), $"Keep fractions lie in [0, 1], but class {c}'s is {fraction}.");
            var members = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).ToArray();
            rng.Shuffle<int>(members);
            int count = (int)Math.Round(members.Length * (double)fraction, MidpointRounding.AwayFromZero);
            if (fraction > 0 && members.Length > 0) count = Math.Max(count, 1);
            foreach (var i in members.AsSpan(0, count)) keep[i] = true;
        }
        var kept = Enumerable.Range(0, data.Count).Where(i => keep[i]).ToArray();
        if (kept.Length == 0) throw new ArgumentException("The keep fractions keep no example at all.");
        return data.Subset(kept);
    }

    /// <summary>
    /// A long tail: class c keeps the fraction <paramref name="rarest"/>^(c / (C - 1)), from all of class 0
    /// down to <paramref name="rarest"/> of the last class. E.g. 0.02 on MNIST leaves about 20 nines.
    /// </summary>
    public static Dataset LongTail(Dataset data, float rarest, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(rarest > 0 && rarest <= 1))
            throw new ArgumentOutOfRangeException(nameof(rarest), $"The rarest class's fraction lies in (0, 1], but {rarest} came.");
        int classes = data.ClassCount;
        var fractions = new float[classes];
        for (int c = 0; c < classes; c++) fractions[c] = classes == 1 ? 1 : MathF.Pow(rarest, c / (float)(classes - 1));
        return Subsample(data, fractions, rng);
    }
}

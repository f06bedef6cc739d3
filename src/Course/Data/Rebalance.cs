using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

/// <summary>
/// Class imbalance, made and mended: a long-tailed subset, the same data sorted by label (what an unshuffled loader
/// feeds), oversampling of the rare classes, and loss weights inversely proportional to class counts for
/// <c>nn.CrossEntropyLoss(weight: ...)</c>. Both remedies need every class present: a class with no example cannot be
/// reweighted or resampled.
/// </summary>
public static class Rebalance
{
    /// <summary>The first <paramref name="largest"/> examples of class 0, then <paramref name="decay"/> times fewer for each class after.</summary>
    public static Dataset LongTail(Dataset data, int largest, double decay)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (largest < 1)
            throw new ArgumentOutOfRangeException(nameof(largest), $"Expected at least one example of the largest class, but largest = {largest}.");
        if (!(decay > 0 && decay <= 1))
            throw new ArgumentOutOfRangeException(nameof(decay), $"Expected a decay in (0, 1], but {decay} came.");
        var labels = data.Labels.data<long>().ToArray();
        var taken = new int[data.ClassCount];
        var keep = new List<long>();
        for (int i = 0; i < labels.Length; i++)
            if (taken[labels[i]] < (int)Math.Round(largest * Math.Pow(decay, labels[i])))
            {
                taken[labels[i]]++;
                keep.Add(i);
            }
        return data.Subset(keep);
    }

    /// <summary>The same examples ordered by label (stable): every batch drawn in order then holds one or two classes.</summary>
    public static Dataset SortedByLabel(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = data.Labels.data<long>().ToArray();
        return data.Subset(Enumerable.Range(0, labels.Length).OrderBy(i => labels[i]).Select(i => (long)i).ToArray());
    }

    /// <summary>
    /// Every class drawn with replacement up to the count of the largest one (its own examples all kept once, the rest
    /// drawn at random from a generator seeded with <paramref name="seed"/>), in random order.
    /// </summary>
    public static Dataset Oversample(Dataset data, long seed)
    {
        var counts = CheckEveryClass(data);
        long target = counts.Max();
        var labels = data.Labels.data<long>().ToArray();
        using var g = new Generator((ulong)seed);
        var keep = new List<long>();
        for (int c = 0; c < data.ClassCount; c++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Select(i => (long)i).ToArray();
            keep.AddRange(members);
            using var extra = randint(members.Length, [target - members.Length], generator: g, dtype: int64);
            keep.AddRange(extra.data<long>().Select(i => members[i]));
        }
        using var order = randperm(keep.Count, generator: g);
        return data.Subset([.. order.data<long>().Select(i => keep[(int)i])]);
    }

    /// <summary>w_c = N / (K n_c): 1 for every class of a balanced set, large for rare classes; float32, one per class.</summary>
    public static Tensor ClassWeights(Dataset data)
    {
        var counts = CheckEveryClass(data);
        double total = counts.Sum();
        return tensor(counts.Select(n => (float)(total / (data.ClassCount * n))).ToArray());
    }

    private static long[] CheckEveryClass(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var counts = data.ClassCounts();
        int empty = Array.IndexOf(counts, 0L);
        if (empty >= 0)
            throw new ArgumentException(
                $"Expected at least one example of each of the {data.ClassCount} classes, but class {data.ClassNames?[empty] ?? empty.ToString()} has none " +
                $"(counts {string.Join(", ", counts)}).", nameof(data));
        return counts;
    }
}

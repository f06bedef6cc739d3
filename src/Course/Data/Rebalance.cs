using Course.Tensors;

namespace Course.Data;

/// <summary>
/// Two answers to class imbalance: show the model the rare classes more often (<see cref="Oversample"/>),
/// or make their mistakes cost more (<see cref="ClassWeights(Dataset)"/>, for a weighted loss).
/// Rebalance the training set only: validation and test must keep the true class frequencies.
/// </summary>
public static class Rebalance
{
    /// <summary>
    /// Repeats examples of the smaller classes, drawn at random with replacement, until every class has as many
    /// as the largest one. Every original example stays; the result is shuffled.
    /// </summary>
    public static Dataset Oversample(Dataset data, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rng);
        var members = Members(data);
        int target = members.Max(m => m.Length);
        var indices = new List<int>(target * data.ClassCount);
        foreach (var member in members)
        {
            indices.AddRange(member);
            for (int extra = member.Length; extra < target; extra++) indices.Add(member[rng.NextInt(member.Length)]);
        }
        var order = indices.ToArray();
        rng.Shuffle<int>(order);
        return data.Subset(order);
    }

    /// <summary>
    /// Weights inversely proportional to class frequency, w_c = N / (C x n_c): all 1 for balanced classes,
    /// and each class's weights add up to the same total (N / C), however rare it is.
    /// </summary>
    public static float[] ClassWeights(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ClassWeights(data.ClassCounts());
    }

    /// <inheritdoc cref="ClassWeights(Dataset)"/>
    public static float[] ClassWeights(ReadOnlySpan<int> classCounts)
    {
        long total = 0;
        for (int c = 0; c < classCounts.Length; c++)
        {
            if (classCounts[c] <= 0)
                throw new ArgumentException($"Class {c} has {classCounts[c]} examples; a class needs examples to be weighted against the others.");
            total += classCounts[c];
        }
        var weights = new float[classCounts.Length];
        for (int c = 0; c < weights.Length; c++) weights[c] = (float)((double)total / (classCounts.Length * (double)classCounts[c]));
        return weights;
    }

    // The indices of each class's examples.
    private static int[][] Members(Dataset data)
    {
        var members = Enumerable.Range(0, data.ClassCount)
            .Select(c => Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).ToArray())
            .ToArray();
        for (int c = 0; c < members.Length; c++)
            if (members[c].Length == 0)
                throw new ArgumentException($"Class {c} has no examples to repeat; oversampling can only balance classes that are present.");
        return members;
    }
}

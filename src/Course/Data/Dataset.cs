using Course.Tensors;

namespace Course.Data;

/// <summary>
/// Labelled examples: row i of <see cref="Features"/> is example i, <see cref="Labels"/>[i] its class in [0, ClassCount).
/// Checked on creation, so a loader never hands the model NaN, a label out of range, or rows without labels.
/// </summary>
public sealed class Dataset
{
    public Matrix Features { get; }
    public int[] Labels { get; }
    public int ClassCount { get; }
    public string[]? ClassNames { get; }

    public int Count => Labels.Length;
    public int FeatureCount => Features.Cols;

    public Dataset(Matrix features, int[] labels, int classCount, string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != features.Rows)
            throw new ArgumentException(
                $"A dataset needs one label per feature row: features are {features.Shape} ({features.Rows} rows) but {labels.Length} labels came.");
        if (classCount < 1)
            throw new ArgumentException($"A dataset needs at least one class, but classCount is {classCount}.");
        if (classNames is not null && classNames.Length != classCount)
            throw new ArgumentException($"Expected {classCount} class names, but {classNames.Length} came.");
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException(
                    $"Labels must lie in [0, {classCount - 1}], but label {i} is {labels[i]}.");
        features.RequireFinite("Dataset features");
        Features = features;
        Labels = labels;
        ClassCount = classCount;
        ClassNames = classNames;
    }

    /// <summary>The examples at <paramref name="indices"/>, copied, in that order.</summary>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        if (indices.Length == 0) throw new ArgumentException("A subset needs at least one index, but none came.");
        var features = new Matrix(indices.Length, FeatureCount);
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if ((uint)k >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {k} is outside a dataset of {Count} examples.");
            Features.Row(k).CopyTo(features.Row(i));
            labels[i] = Labels[k];
        }
        return new Dataset(features, labels, ClassCount, ClassNames);
    }

    /// <summary>The first <paramref name="count"/> examples.</summary>
    public Dataset Take(int count) =>
        Subset(Enumerable.Range(0, Math.Min(count, Count)).ToArray());

    /// <summary>How many examples each class has.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var y in Labels) counts[y]++;
        return counts;
    }

    public override string ToString() => $"Dataset: {Count} examples, {FeatureCount} features, {ClassCount} classes";
}

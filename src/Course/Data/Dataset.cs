using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

/// <summary>
/// Labelled examples as two tensors: <see cref="Features"/> (float32, one example per row of the first dimension)
/// and <see cref="Labels"/> (int64 classes in [0, ClassCount)). Checked on creation, so training never meets NaN, a
/// label out of range, or rows without labels. The dataset owns its tensors: they outlive any dispose scope and
/// are freed by <see cref="Dispose"/>.
/// </summary>
public sealed class Dataset : IDisposable
{
    public Tensor Features { get; }
    public Tensor Labels { get; }
    public int ClassCount { get; }
    public IReadOnlyList<string>? ClassNames { get; }

    public int Count => (int)Labels.shape[0];

    /// <summary>Values per example (784 for an MNIST image, whatever its shape).</summary>
    public long FeatureCount => Features.shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    public Dataset(Tensor features, Tensor labels, int classCount, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.dim() < 2)
            throw new ArgumentException($"Features need one example per row: a tensor of at least 2 dimensions, but shape [{Shape(features)}] came.", nameof(features));
        if (features.dtype != ScalarType.Float32)
            throw new ArgumentException($"Features must be float32, but {features.dtype} came; convert with .to(torch.float32).", nameof(features));
        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"Labels must be a 1-D int64 tensor of classes, but a {labels.dtype} tensor of shape [{Shape(labels)}] came.", nameof(labels));
        if (labels.shape[0] != features.shape[0])
            throw new ArgumentException($"A dataset needs one label per example: features have {features.shape[0]} rows (shape [{Shape(features)}]) but {labels.shape[0]} labels came.");
        if (labels.shape[0] == 0)
            throw new ArgumentException("A dataset needs at least one example, but the features and labels are empty.");
        if (classCount < 1)
            throw new ArgumentOutOfRangeException(nameof(classCount), $"A dataset needs at least one class, but classCount is {classCount}.");
        if (classNames is not null && classNames.Count != classCount)
            throw new ArgumentException($"Expected {classCount} class names, but {classNames.Count} came.", nameof(classNames));
        using (NewDisposeScope())
        {
            var (low, high) = (labels.min().item<long>(), labels.max().item<long>());
            if (low < 0 || high >= classCount)
            {
                long bad = low < 0 ? low : high;
                long at = (labels == bad).nonzero()[0, 0].item<long>();
                throw new ArgumentException($"Labels must lie in [0, {classCount - 1}], but label {at} is {bad}.", nameof(labels));
            }
            if (!features.isfinite().all().item<bool>())
            {
                long row = features.isfinite().logical_not().reshape(features.shape[0], -1).any(1).nonzero()[0, 0].item<long>();
                throw new ArgumentException($"Features must be finite numbers, but example {row} holds a NaN or an infinity.", nameof(features));
            }
        }
        Features = features.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        ClassCount = classCount;
        ClassNames = classNames;
    }

    /// <summary>The examples at <paramref name="indices"/>, copied, in that order.</summary>
    public Dataset Subset(IReadOnlyCollection<long> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0)
            throw new ArgumentException("A subset needs at least one index, but none came.", nameof(indices));
        if (indices.FirstOrDefault(i => i < 0 || i >= Count, -1) is var bad and >= 0)
            throw new ArgumentOutOfRangeException(nameof(indices), $"Index {bad} is outside a dataset of {Count} examples.");
        using var index = tensor(indices.ToArray());
        return new Dataset(Features.index_select(0, index), Labels.index_select(0, index), ClassCount, ClassNames);
    }

    /// <summary>The first <paramref name="count"/> examples (all of them if there are fewer).</summary>
    public Dataset Take(int count) => Subset(Enumerable.Range(0, Math.Min(count, Count)).Select(i => (long)i).ToArray());

    /// <summary>How many examples each class has.</summary>
    public long[] ClassCounts()
    {
        using var counts = Labels.bincount(null, ClassCount);
        return counts.data<long>().ToArray();
    }

    /// <summary>
    /// The examples in batches of <paramref name="batchSize"/>, in order, or in a fresh random order drawn from
    /// <paramref name="shuffle"/> every time the batches are enumerated (each epoch). Each batch's two tensors are
    /// disposed when the loop moves on: copy (<c>.clone()</c>) what must outlive a step.
    /// <code>foreach (var (x, y) in train.Batches(64, shuffle: generator)) { ... }</code>
    /// </summary>
    public IEnumerable<(Tensor Features, Tensor Labels)> Batches(int batchSize, Generator? shuffle = null, bool dropLast = false)
    {
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batch size must be at least 1, but {batchSize} came.");
        if (dropLast && batchSize > Count)
            throw new ArgumentException($"With dropLast, a batch size of {batchSize} leaves no batch from {Count} examples.");
        return Enumerate(batchSize, shuffle, dropLast);
    }

    private IEnumerable<(Tensor, Tensor)> Enumerate(int batchSize, Generator? shuffle, bool dropLast)
    {
        // Slicing in-memory tensors is what a learner writes for data that fits in memory; TorchSharp's DataLoader
        // would collate the examples one by one.
        using var order = shuffle is null ? null : randperm(Count, generator: shuffle);
        for (long start = 0; start < Count; start += batchSize)
        {
            long size = Math.Min(batchSize, Count - start);
            if (size < batchSize && dropLast)
                yield break;
            var (x, y) = order is null
                ? (Features.narrow(0, start, size), Labels.narrow(0, start, size))
                : Pick(order.narrow(0, start, size));
            try
            {
                yield return (x, y);
            }
            finally
            {
                x.Dispose();
                y.Dispose();
            }
        }
    }

    private (Tensor, Tensor) Pick(Tensor rows)
    {
        using (rows)
            return (Features.index_select(0, rows), Labels.index_select(0, rows));
    }

    /// <summary>The number of batches <see cref="Batches"/> gives.</summary>
    public int BatchCount(int batchSize, bool dropLast = false) => dropLast ? Count / batchSize : (Count + batchSize - 1) / batchSize;

    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }

    public override string ToString() => $"Dataset: {Count} examples of shape [{string.Join(", ", Features.shape.Skip(1))}], {ClassCount} classes";

    internal static string Shape(Tensor t) => string.Join(", ", t.shape);
}

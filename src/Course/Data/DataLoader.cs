using Course.Tensors;

namespace Course.Data;

/// <summary>One mini-batch: rows of features and their labels.</summary>
public readonly record struct Batch(Matrix Features, int[] Labels)
{
    public int Size => Labels.Length;
}

/// <summary>
/// Walks a dataset in mini-batches, reshuffled each epoch by a seeded <see cref="Rng"/>.
/// The batch buffers are reused from one batch to the next (no allocation per step): copy a batch to keep it.
/// </summary>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly Dataset _data;
    private readonly Rng? _rng;
    private readonly int[] _order;
    private readonly Batch _full;
    private readonly Batch? _last;

    public int BatchSize { get; }
    public bool DropLast { get; }

    /// <summary>Number of batches in one epoch.</summary>
    public int BatchCount => DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize;

    /// <param name="data">The examples.</param>
    /// <param name="batchSize">Rows per batch, at least 1.</param>
    /// <param name="rng">Shuffles the order every epoch; null keeps the dataset's order.</param>
    /// <param name="dropLast">Skip the final batch when it would be smaller than <paramref name="batchSize"/>.</param>
    public DataLoader(Dataset data, int batchSize, Rng? rng = null, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batch size must be at least 1, but {batchSize} came.");
        if (dropLast && batchSize > data.Count)
            throw new ArgumentException($"With dropLast, a batch size of {batchSize} leaves no batch from {data.Count} examples.");
        _data = data;
        _rng = rng;
        BatchSize = batchSize;
        DropLast = dropLast;
        _order = Enumerable.Range(0, data.Count).ToArray();
        int full = Math.Min(batchSize, data.Count);
        _full = new Batch(new Matrix(full, data.FeatureCount), new int[full]);
        int rest = data.Count % batchSize;
        if (rest != 0 && !dropLast && data.Count > batchSize)
            _last = new Batch(new Matrix(rest, data.FeatureCount), new int[rest]);
    }

    public IEnumerator<Batch> GetEnumerator()
    {
        _rng?.Shuffle<int>(_order);
        for (int start = 0; start < _data.Count; start += BatchSize)
        {
            int size = Math.Min(BatchSize, _data.Count - start);
            if (size < BatchSize && DropLast) yield break;
            var batch = size == _full.Size ? _full : _last!.Value;
            int cols = _data.FeatureCount;
            for (int i = 0; i < size; i++)
            {
                int k = _order[start + i];
                Array.Copy(_data.Features.Data, k * cols, batch.Features.Data, i * cols, cols);
                batch.Labels[i] = _data.Labels[k];
            }
            yield return batch;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

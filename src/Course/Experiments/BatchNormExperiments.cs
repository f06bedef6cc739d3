using Course.Nn;
using Course.Tensors;

namespace Course.Experiments;

/// <summary>The mean and standard deviation of one feature (one column) over a batch.</summary>
public sealed record FeatureStats(int Feature, double Mean, double Std);

/// <summary>
/// What a BatchNorm layer does to a batch, and where a model keeps its batch-norm state. The mode experiments are in
/// <see cref="BatchNormModes"/>, the init-scale and learning-rate sweep in <see cref="ScaleRateSweep"/>.
/// </summary>
public static class BatchNormExperiments
{
    /// <summary>Per column: the mean and the population standard deviation, the two numbers BatchNorm computes in training.</summary>
    public static FeatureStats[] PerFeature(Matrix batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Rows < 1) throw new ArgumentException($"Per-feature statistics need at least one row, but got {batch.Shape}.");
        var stats = new FeatureStats[batch.Cols];
        for (int j = 0; j < batch.Cols; j++)
        {
            double sum = 0, sumSquares = 0;
            for (int r = 0; r < batch.Rows; r++) sum += batch[r, j];
            double mean = sum / batch.Rows;
            for (int r = 0; r < batch.Rows; r++) sumSquares += (batch[r, j] - mean) * (batch[r, j] - mean);
            stats[j] = new FeatureStats(j, mean, Math.Sqrt(sumSquares / batch.Rows));
        }
        return stats;
    }

    /// <summary>Every BatchNorm inside <paramref name="model"/> (looking into Sequential, Residual and FixedMode), in order.</summary>
    public static IReadOnlyList<BatchNorm> BatchNormLayers(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = new List<BatchNorm>();
        Collect(model, found);
        return found;
    }

    private static void Collect(Module module, List<BatchNorm> found)
    {
        switch (module)
        {
            case BatchNorm bn: found.Add(bn); break;
            case Sequential s: foreach (var layer in s.Layers) Collect(layer, found); break;
            case Residual r: Collect(r.Inner, found); break;
            case FixedMode f: Collect(f.Inner, found); break;
        }
    }

    /// <summary>
    /// Puts every running mean back to 0 and every running variance to 1, as a freshly built layer has them: what a model
    /// looks like when its statistics were never tracked, or were not saved and loaded with its weights.
    /// </summary>
    public static void ResetRunningStatistics(Module model)
    {
        foreach (var bn in BatchNormLayers(model))
        {
            bn.RunningMean.Clear();
            bn.RunningVariance.Fill(1f);
        }
    }
}

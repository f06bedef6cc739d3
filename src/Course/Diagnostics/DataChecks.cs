using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Diagnostics;

/// <summary>Checks on the data alone, before any model sees it (checklist sections I and II).</summary>
public static partial class Checks
{
    /// <summary>
    /// The scale of the inputs: the root mean square of all values (about 1 for standardised features, 0.3 for MNIST in
    /// [0, 1], 90 for MNIST in [0, 255]) and how far the features' scales differ (largest over median per-feature RMS,
    /// among features that are not always 0).
    /// </summary>
    public static InputScaleCheck InputScale(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = NewDisposeScope();
        var x = data.Features.reshape(data.Count, -1).to(float64);
        var squares = x.square();
        var featureRms = squares.mean([0]).sqrt();
        var varying = featureRms.masked_select(featureRms > 0);
        double ratio = varying.numel() == 0 ? 1 : (varying.max() / varying.median()).item<double>();
        return new InputScaleCheck(x.mean().item<double>(), squares.mean().sqrt().item<double>(), x.abs().max().item<double>(), ratio);
    }

    /// <summary>Whether <paramref name="other"/> (validation or test data) is on the same scale as <paramref name="train"/>: same preprocessing.</summary>
    public static PreprocessingCheck SamePreprocessing(Dataset train, Dataset other)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(other);
        if (other.FeatureCount != train.FeatureCount)
            throw new ArgumentException($"Expected {train.FeatureCount} features per example, as in the training data, but {other.FeatureCount} came.", nameof(other));
        using var scope = NewDisposeScope();
        (double Mean, double Std) Moments(Dataset d)
        {
            var x = d.Features.to(float64);
            return (x.mean().item<double>(), x.std().item<double>());
        }
        var (t, o) = (Moments(train), Moments(other));
        return new PreprocessingCheck(t.Mean, t.Std, o.Mean, o.Std);
    }

    /// <summary>How many training examples each class has.</summary>
    public static ClassBalanceCheck ClassBalance(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ClassBalanceCheck(data.ClassCounts());
    }

    /// <summary>
    /// The batches training will draw, by label: how many hold a single class, against how many would by chance if the
    /// data were shuffled. Unshuffled data sorted by class gives one class per batch, and the model chases the latest class.
    /// </summary>
    public static BatchLabelsCheck BatchLabels(Dataset data, int batchSize, bool shuffle, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"Expected a batch size of at least 1, but {batchSize} came.");
        var labels = data.Labels.data<long>().ToArray();
        if (shuffle)
        {
            using var generator = new Generator((ulong)seed);
            using var order = randperm(labels.Length, generator: generator);
            labels = [.. order.data<long>().Select(i => labels[i])];
        }
        var batches = labels.Chunk(batchSize).ToArray();
        int single = batches.Count(b => b.All(l => l == b[0]));
        var counts = data.ClassCounts();
        double expected = counts.Sum(c => Math.Pow((double)c / labels.Length, batchSize));
        return new BatchLabelsCheck(batches.Length, single, expected, batchSize, shuffle);
    }

    /// <summary>
    /// Whether the labels follow the inputs: how often an example's nearest neighbour (Euclidean, among up to
    /// <paramref name="sample"/> examples) has the same label, against the agreement of labels paired at random
    /// (the sum of the squared class shares). Labels shuffled apart from their inputs agree no more than chance.
    /// </summary>
    public static LabelAgreementCheck LabelsFollowInputs(Dataset data, int sample = 1000, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (sample < 2)
            throw new ArgumentOutOfRangeException(nameof(sample), $"Expected a sample of at least 2 examples, but {sample} came.");
        if (data.Count < 2)
            throw new ArgumentException($"Expected at least 2 examples to compare neighbours, but {data.Count} came.", nameof(data));
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var rows = randperm(data.Count, generator: generator).narrow(0, 0, Math.Min(sample, data.Count));
        var x = data.Features.index_select(0, rows).reshape(rows.shape[0], -1);
        var y = data.Labels.index_select(0, rows);
        var distances = cdist(x, x) + diag(full(rows.shape[0], double.PositiveInfinity)); // no example is its own neighbour
        var neighbour = y.index_select(0, distances.argmin(1));
        double agreement = neighbour.eq(y).to(float64).mean().item<double>();
        var shares = y.bincount(null, data.ClassCount).to(float64) / y.shape[0];
        return new LabelAgreementCheck(agreement, shares.square().sum().item<double>(), (int)rows.shape[0]);
    }
}

using Course.Data;
using Course.Models;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>Accuracy and per-class recall on a balanced set, for a model trained one way.</summary>
public sealed record RecallResult(string Remedy, double Accuracy, double[] Recall)
{
    public double MinRecall => Recall.Min();
}

/// <summary>
/// A long-tailed training set (MNIST, 200 zeros down to 8 nines) and its two standard remedies, measured by recall per
/// class rather than by accuracy alone: weighting the loss by inverse class frequency
/// (<c>nn.CrossEntropyLoss(weight: ...)</c>) and oversampling the rare classes. And batches that hold one label, from
/// data sorted by class and never shuffled. The same 784-64-10 ReLU net and Adam 1e-3 throughout.
/// </summary>
public static class ClassImbalance
{
    public const string NoRemedy = "no remedy";
    public const string Weighted = "weighted loss";
    public const string Oversampled = "oversampled";

    public static IReadOnlyList<string> Remedies { get; } = [NoRemedy, Weighted, Oversampled];

    /// <summary>
    /// Trains a fresh net (after <c>torch.manual_seed(seed)</c>) on <paramref name="train"/> with a remedy. An oversampled set is
    /// larger, so it trains for proportionally fewer epochs: every remedy gets about the same number of steps.
    /// </summary>
    public static RecallResult Train(Dataset train, Dataset validation, string remedy, int epochs, long seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (!Remedies.Contains(remedy))
            throw new ArgumentException($"Expected a remedy from {string.Join(", ", Remedies)}, but \"{remedy}\" came.", nameof(remedy));
        using var oversampled = remedy == Oversampled ? Rebalance.Oversample(train, seed) : null;
        var data = oversampled ?? train;
        using var weights = remedy == Weighted ? Rebalance.ClassWeights(train) : null;
        int runEpochs = Math.Max(1, (int)Math.Round((double)epochs * train.Count / data.Count));
        return Fit(data, validation, runEpochs, seed, shuffle: true, remedy, weights);
    }

    /// <summary>
    /// The same data in class order, trained without shuffling and with shuffling: validation accuracy and per-class recall.
    /// </summary>
    public static (RecallResult Sorted, RecallResult Shuffled) BatchOrder(Dataset train, Dataset validation, int epochs, long seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        using var sorted = Rebalance.SortedByLabel(train);
        return (Fit(sorted, validation, epochs, seed, shuffle: false, "sorted, not shuffled"), Fit(sorted, validation, epochs, seed, shuffle: true, "sorted, then shuffled"));
    }

    /// <summary>The fraction of each class's examples that the model labels correctly (recall), in evaluation mode.</summary>
    public static double[] Recall(nn.Module<Tensor, Tensor> model, Dataset data) => Score(model, data).Recall;

    /// <summary>Accuracy and per-class recall from one pass of predictions over <paramref name="data"/>.</summary>
    private static (double Accuracy, double[] Recall) Score(nn.Module<Tensor, Tensor> model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = NewDisposeScope();
        var hits = Trainer.Predict(model, data.Features).eq(data.Labels).to(float64);
        var perClass = zeros(data.ClassCount, dtype: float64).index_add_(0, data.Labels, hits, 1);
        var counts = data.Labels.bincount(null, data.ClassCount).to(float64).clamp_min(1);
        return (hits.mean().ToDouble(), (perClass / counts).data<double>().ToArray());
    }

    /// <summary>A fresh 784-64-10 net (after <c>torch.manual_seed(seed)</c>), Adam 1e-3, batches of 64, cross-entropy with optional class weights.</summary>
    private static RecallResult Fit(Dataset train, Dataset validation, int epochs, long seed, bool shuffle, string name, Tensor? weights = null)
    {
        manual_seed(seed);
        using var model = Mlp.Build([train.FeatureCount, 64, train.ClassCount]);
        using var loss = nn.CrossEntropyLoss(weight: weights);
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        new Trainer(model, loss, optimizer).Fit(train, epochs, 64, shuffleSeed: shuffle ? seed : null);
        var (accuracy, recall) = Score(model, validation);
        return new RecallResult(name, accuracy, recall);
    }
}

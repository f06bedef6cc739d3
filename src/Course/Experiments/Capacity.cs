using Course.Data;
using Course.Models;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// One trained model read the way a practitioner reads it: accuracy on the training set (measured in evaluation mode at
/// the end) against accuracy on held-out validation digits. Low training accuracy is bias (underfitting); a large gap
/// is variance (overfitting).
/// </summary>
public sealed record FitResult(string Model, long Parameters, int TrainCount, double TrainAccuracy, double ValidationAccuracy)
{
    /// <summary>Training minus validation accuracy: the variance part of the error.</summary>
    public double Gap => TrainAccuracy - ValidationAccuracy;
}

/// <summary>
/// Capacity, measured: how well MLPs of different sizes fit their training digits, and what more data does to the same
/// model. Every run is a fresh <c>Mlp.Build(widths)</c> after <c>torch.manual_seed(seed)</c>, trained with Adam in
/// batches of 50, shuffled by the same seed.
/// </summary>
public static class Capacity
{
    /// <summary>Trains Mlp.Build(<paramref name="widths"/>) for <paramref name="epochs"/> epochs and reads both accuracies.</summary>
    public static FitResult Train(long[] widths, Dataset train, Dataset validation, int epochs, long seed, double learningRate = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        manual_seed(seed);
        using var model = Mlp.Build(widths);
        using var loss = nn.CrossEntropyLoss();
        using var optimizer = optim.Adam(model.parameters(), learningRate);
        var trainer = new Trainer(model, loss, optimizer);
        trainer.Fit(train, epochs, 50, shuffleSeed: seed);
        return new FitResult(string.Join("-", widths), model.parameters().Sum(p => p.numel()), train.Count,
            trainer.Evaluate(train).Accuracy, trainer.Evaluate(validation).Accuracy);
    }

    /// <summary>One hidden layer of each width in <paramref name="hiddenWidths"/>, all on the same training digits.</summary>
    public static FitResult[] WidthSweep(long[] hiddenWidths, Dataset train, Dataset validation, int epochs, long seed) =>
        [.. hiddenWidths.Select(h => Train([train.FeatureCount, h, train.ClassCount], train, validation, epochs, seed))];

    /// <summary>
    /// A learning curve: the same model trained on the first n digits of <paramref name="pool"/> for each n in
    /// <paramref name="trainCounts"/>, each run given the same number of steps (<paramref name="steps"/> batches of 50),
    /// so a small set is not also trained less.
    /// </summary>
    public static FitResult[] LearningCurve(long[] widths, int[] trainCounts, Dataset pool, Dataset validation, int steps, long seed)
    {
        ArgumentNullException.ThrowIfNull(trainCounts);
        ArgumentNullException.ThrowIfNull(pool);
        foreach (int n in trainCounts.Where(n => n < 1 || n > pool.Count))
            throw new ArgumentException($"Training-set sizes must lie in [1, {pool.Count}] (the pool's size), but {n} came.", nameof(trainCounts));
        return [.. trainCounts.Select(n =>
        {
            using var train = pool.Take(n);
            return Train(widths, train, validation, epochs: Math.Max(1, (int)Math.Round(steps * 50.0 / n)), seed);
        })];
    }
}

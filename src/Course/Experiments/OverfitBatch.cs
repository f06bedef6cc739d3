using Course.Data;
using Course.Losses;
using Course.Tensors;
using Course.Training;

namespace Course.Experiments;

/// <summary>The loss an untrained classifier reports, read correctly and read through two classic bugs.</summary>
public sealed record InitialLosses(double Logits, double SoftmaxTwice, double NllOnLogits);

/// <summary>
/// Lesson 04's first two checks on a new model: its loss before training (ln C for C balanced classes) and its ability
/// to memorise a handful of examples. A model that fails either has a bug that more data or more epochs will not fix.
/// </summary>
public static class OverfitBatch
{
    /// <summary>
    /// The first <paramref name="count"/> examples taken class by class in turn (a 0, a 1, ..., a 9, another 0, ...),
    /// so a tiny set holds every class equally often when <paramref name="count"/> is a multiple of the class count.
    /// </summary>
    public static Dataset Balanced(Dataset data, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"Take at least one example, but {count} came.");
        var byClass = Enumerable.Range(0, data.ClassCount).Select(_ => new Queue<int>()).ToArray();
        for (int i = 0; i < data.Count; i++) byClass[data.Labels[i]].Enqueue(i);
        var picked = new List<int>(count);
        for (int c = 0; picked.Count < count; c = (c + 1) % data.ClassCount)
        {
            if (byClass[c].Count == 0)
                throw new ArgumentException(
                    $"A balanced set of {count} examples needs about {(count + data.ClassCount - 1) / data.ClassCount} of each class, but class {c} has only {data.ClassCounts()[c]}.");
            picked.Add(byClass[c].Dequeue());
        }
        return data.Subset(picked.ToArray());
    }

    /// <summary>The mean cross-entropy of a freshly built <paramref name="setup"/> model on <paramref name="data"/>, before any step.</summary>
    public static double InitialLoss(TrainingSetup setup, Dataset data, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(data);
        var model = setup.BuildModel(data.FeatureCount, data.ClassCount, new Rng(seed));
        return Trainer.Evaluate(model, new SoftmaxCrossEntropy(), data).Loss;
    }

    /// <summary>
    /// The untrained model's loss three ways: cross-entropy on its logits (right), cross-entropy on softmax(logits)
    /// (softmax applied twice), and negative log-likelihood fed the raw logits as if they were log-probabilities.
    /// The library's NllLoss refuses positive inputs, so the last is computed here as -mean(z_i,y), which is what a loss
    /// that trusts its input reports.
    /// </summary>
    public static InitialLosses InitialLossReadings(TrainingSetup setup, Dataset data, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(data);
        var plain = setup with { SoftmaxBeforeLoss = false };
        var logits = plain.BuildModel(data.FeatureCount, data.ClassCount, new Rng(seed)).Forward(data.Features, training: false);
        var loss = new SoftmaxCrossEntropy();
        double right = loss.Forward(logits, data.Labels);
        double twice = loss.Forward(SoftmaxCrossEntropy.Probabilities(logits), data.Labels);
        double nll = 0;
        for (int r = 0; r < logits.Rows; r++) nll -= logits[r, data.Labels[r]];
        return new InitialLosses(right, twice, nll / logits.Rows);
    }

    /// <summary>
    /// The lowest loss a model that ends in a softmax can reach under cross-entropy over <paramref name="classes"/> classes:
    /// even a one-hot output (1 for the right class, 0 elsewhere) is softmaxed again to e / (e + C - 1), so the loss
    /// cannot fall below ln(e + C - 1) - 1 (1.461 for 10 classes).
    /// </summary>
    public static double SoftmaxTwiceFloor(int classes) =>
        classes >= 2 ? Math.Log(Math.E + classes - 1) - 1
        : throw new ArgumentOutOfRangeException(nameof(classes), $"A classifier needs at least 2 classes, but {classes} came.");
}

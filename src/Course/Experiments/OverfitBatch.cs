using Course.Data;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

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
        var labels = data.Labels.data<long>().ToArray();
        var byClass = Enumerable.Range(0, data.ClassCount).Select(c => new Queue<long>()).ToArray();
        for (int i = 0; i < labels.Length; i++) byClass[labels[i]].Enqueue(i);
        var picked = new List<long>(count);
        for (int c = 0; picked.Count < count; c = (c + 1) % data.ClassCount)
        {
            if (byClass[c].Count == 0)
                throw new ArgumentException(
                    $"A balanced set of {count} examples needs about {(count + data.ClassCount - 1) / data.ClassCount} of each class, but class {c} has only {data.ClassCounts()[c]}.");
            picked.Add(byClass[c].Dequeue());
        }
        return data.Subset(picked);
    }

    /// <summary>
    /// The untrained model's mean loss on <paramref name="data"/> three ways, after <c>torch.manual_seed(seed)</c>:
    /// cross-entropy on its logits (right), cross-entropy on softmax(logits) (softmax applied twice), and
    /// <c>nll_loss</c> fed the raw logits as if they were log-probabilities (it returns -z of the true class).
    /// </summary>
    public static InitialLosses InitialLossReadings(TrainingSetup setup, Dataset data, long seed)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(data);
        torch.manual_seed(seed);
        using var model = (setup with { SoftmaxBeforeLoss = false }).BuildModel(data.FeatureCount, data.ClassCount);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logits = model.call(data.Features);
        return new InitialLosses(
            nn.functional.cross_entropy(logits, data.Labels).item<float>(),
            nn.functional.cross_entropy(nn.functional.softmax(logits, 1), data.Labels).item<float>(),
            nn.functional.nll_loss(logits, data.Labels).item<float>());
    }

    /// <summary>The mean cross-entropy of a freshly built <paramref name="setup"/> model on <paramref name="data"/>, before any step.</summary>
    public static double InitialLoss(TrainingSetup setup, Dataset data, long seed) => InitialLossReadings(setup, data, seed).Logits;

    /// <summary>
    /// The lowest loss a model that ends in a softmax can reach under cross-entropy over <paramref name="classes"/> classes:
    /// even a one-hot output (1 for the right class, 0 elsewhere) is softmaxed again to e / (e + C - 1), so the loss
    /// cannot fall below ln(e + C - 1) - 1 (1.461 for 10 classes).
    /// </summary>
    public static double SoftmaxTwiceFloor(int classes) =>
        classes >= 2 ? Math.Log(Math.E + classes - 1) - 1
        : throw new ArgumentOutOfRangeException(nameof(classes), $"A classifier needs at least 2 classes, but {classes} came.");
}

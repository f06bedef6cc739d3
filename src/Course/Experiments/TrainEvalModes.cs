using Course.Data;
using Course.Training;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// What a batch-norm model does when it predicts in the wrong mode. In training mode every batch is normalised by its
/// own statistics, so an example's answer depends on the examples beside it, and every batch moves the running
/// statistics that evaluation mode relies on. Each measurement here puts the running statistics back afterwards.
/// </summary>
public static class TrainEvalModes
{
    /// <summary>The fraction of <paramref name="data"/> predicted right, in batches of <paramref name="batchSize"/>, in the given mode.</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, Dataset data, int batchSize = 500, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var keep = new BufferSnapshot(model);
        using var scope = NewDisposeScope();
        return Trainer.Predict(model, data.Features, batchSize, training).eq(data.Labels).to(float64).mean().item<double>();
    }

    /// <summary>
    /// The test accuracy of one trained model, predicted the right way (evaluation mode) and in training mode with
    /// random batches of each size in <paramref name="batchSizes"/> and with batches of 32 that each hold (nearly) one
    /// class. One row per way; "change" is the accuracy minus evaluation mode's.
    /// </summary>
    public static DataFrame Compare(nn.Module<Tensor, Tensor> model, Dataset test, params int[] batchSizes)
    {
        ArgumentNullException.ThrowIfNull(test);
        using var sorted = Rebalance.SortedByLabel(test);
        var rows = new List<(string How, int Batch, double Accuracy)> { ("evaluation mode", 500, Accuracy(model, test)) };
        rows.AddRange(batchSizes.Select(b => ("training mode, random batches", b, Accuracy(model, test, b, training: true))));
        rows.Add(("training mode, batches sorted by class", 32, Accuracy(model, sorted, 32, training: true)));
        return new DataFrame(
            new StringDataFrameColumn("how the test digits went through", rows.Select(r => r.How)),
            new Int32DataFrameColumn("batch size", rows.Select(r => r.Batch)),
            new DoubleDataFrameColumn("accuracy", rows.Select(r => r.Accuracy)),
            new DoubleDataFrameColumn("change", rows.Select(r => Math.Round(r.Accuracy - rows[0].Accuracy, 6))));
    }

    /// <summary>The examples of one class.</summary>
    public static Dataset OfClass(Dataset data, int label)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = data.Labels.data<long>().ToArray();
        var rows = Enumerable.Range(0, data.Count).Where(i => labels[i] == label).Select(i => (long)i).ToArray();
        using var scope = NewDisposeScope();
        return rows.Length > 0 ? data.Subset(rows)
            : throw new ArgumentException($"The dataset has no example of class {label} (classes 0 to {data.ClassCount - 1}).", nameof(label));
    }

    /// <summary>
    /// The model's probability for the true class of example <paramref name="example"/>, once per trial, each time in
    /// training mode in a batch with <paramref name="companions"/> other examples drawn at random (from a generator
    /// seeded with <paramref name="seed"/>). Evaluation mode gives one number, <see cref="TrueClassProbability"/>.
    /// </summary>
    public static double[] TrueClassProbabilityWithCompanions(nn.Module<Tensor, Tensor> model, Dataset data, int example,
        int companions, int trials, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireExample(data, example);
        if (companions < 1 || companions >= data.Count)
            throw new ArgumentOutOfRangeException(nameof(companions), $"Companions must lie in [1, {data.Count - 1}], but {companions} came.");
        if (trials < 1)
            throw new ArgumentOutOfRangeException(nameof(trials), $"Run at least one trial, but {trials} came.");
        using var keep = new BufferSnapshot(model);
        using var mode = new Trainer.Mode(model, training: true);
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed);
        long label = Label(data, example);
        var probabilities = new double[trials];
        for (int t = 0; t < trials; t++)
        {
            using var scope = NewDisposeScope();
            // Draw from the other examples only: shift every index at or above the example up by one.
            var others = randint(0, data.Count - 1, [companions], dtype: int64, generator: generator);
            others += (others >= example).to(int64);
            var rows = cat([tensor(new long[] { example }), others]);
            probabilities[t] = model.call(data.Features.index_select(0, rows)).softmax(1)[0, label].item<float>();
        }
        return probabilities;
    }

    /// <summary>The model's probability for the true class of one example, alone, in evaluation mode.</summary>
    public static double TrueClassProbability(nn.Module<Tensor, Tensor> model, Dataset data, int example)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireExample(data, example);
        using var mode = new Trainer.Mode(model, training: false);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long label = Label(data, example);
        return model.call(data.Features[example].unsqueeze(0)).softmax(1)[0, label].item<float>();
    }

    private static long Label(Dataset data, int example)
    {
        using var label = data.Labels[example];
        return label.item<long>();
    }

    private static void RequireExample(Dataset data, int example)
    {
        if ((uint)example >= (uint)data.Count)
            throw new ArgumentOutOfRangeException(nameof(example), $"Example {example} is outside the dataset's {data.Count} rows.");
    }
}

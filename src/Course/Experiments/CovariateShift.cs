using Course.Data;
using Course.Models;
using Course.Training;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>Per unit of one hidden layer, over a fixed probe batch: the mean and the standard deviation of its values.</summary>
public sealed record UnitMoments(float[] Mean, float[] Std)
{
    /// <summary>How far the units' means moved since <paramref name="start"/>, in units of their starting std (averaged over units).</summary>
    public double MeanDrift(UnitMoments start) =>
        Mean.Select((m, j) => Math.Abs(m - start.Mean[j]) / start.Std[j]).Average();

    /// <summary>How far the units' stds moved since <paramref name="start"/>, as |ln(std / starting std)| (averaged over units).</summary>
    public double StdDrift(UnitMoments start) =>
        Std.Select((s, j) => Math.Abs(Math.Log(s / start.Std[j]))).Average();
}

/// <summary>
/// Internal covariate shift, measured: while a network trains, how far the distribution of the values entering each
/// hidden layer's activation moves from where it started, on one fixed probe batch, so that only the weights change.
/// In a plain net those values are the Linear layer's output; with batch norm they are the BatchNorm's output, and the
/// Linear output just before it is tracked too.
/// </summary>
public static class CovariateShift
{
    /// <summary>
    /// For every hidden layer of <paramref name="model"/> (a <see cref="Mlp.Build"/> stack), the moments of its Linear
    /// output and of its activation's input on <paramref name="probe"/>, in training mode (batch norm then uses the
    /// probe's own statistics, as it does during training). Nothing is learned and the running statistics are restored.
    /// </summary>
    public static (UnitMoments[] Product, UnitMoments[] PreActivation) Moments(nn.Module<Tensor, Tensor> model, Tensor probe)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(probe);
        using var keep = new BufferSnapshot(model);
        using var mode = new Trainer.Mode(model, training: true);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (products, preActivations) = (new List<UnitMoments>(), new List<UnitMoments>());
        var x = probe;
        foreach (var layer in model.children().Cast<nn.Module<Tensor, Tensor>>())
        {
            if (Activation.Of(layer) is not null)
                preActivations.Add(Of(x));
            x = layer.call(x);
            if (layer is TorchSharp.Modules.Linear)
                products.Add(Of(x));
        }
        if (preActivations.Count == 0)
            throw new ArgumentException(
                "The model has no activation layer among its children: pass an Mlp.Build stack (linear1, [batchnorm1,] relu1, ...).",
                nameof(model));
        return ([.. products.Take(preActivations.Count)], [.. preActivations]);
    }

    private static UnitMoments Of(Tensor values) =>
        new(values.mean([0]).data<float>().ToArray(), values.std(0, unbiased: false).data<float>().ToArray());

    /// <summary>
    /// Trains <paramref name="model"/> with <paramref name="optimizer"/> (cross-entropy, batches of
    /// <paramref name="batchSize"/> shuffled with <paramref name="shuffleSeed"/>) and measures each hidden layer's
    /// drift on <paramref name="probe"/> before the first step, after every <paramref name="every"/> steps and after the last.
    /// </summary>
    public static ShiftTrace Track(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Dataset train, Tensor probe,
        int epochs = 1, int batchSize = 64, int every = 2, long shuffleSeed = 1)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(train);
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), $"Measure at least every step (every = 1), but {every} came.");
        var start = Moments(model, probe);
        var trace = new ShiftTrace(start.PreActivation.Length);
        void Measure(int step)
        {
            var now = Moments(model, probe);
            trace.Add(step, now.PreActivation.Zip(start.PreActivation, (n, s) => (n.MeanDrift(s), n.StdDrift(s))),
                now.Product.Zip(start.Product, (n, s) => (n.MeanDrift(s), n.StdDrift(s))));
        }
        Measure(0);
        // The plain training loop, with a measurement between steps.
        using var loss = nn.CrossEntropyLoss();
        using var shuffle = new Generator((ulong)shuffleSeed);
        int step = 0;
        model.train();
        for (int epoch = 0; epoch < epochs; epoch++)
            foreach (var (x, y) in train.Batches(batchSize, shuffle))
            {
                using (var scope = NewDisposeScope())
                {
                    var batchLoss = loss.call(model.call(x), y);
                    optimizer.zero_grad();
                    batchLoss.backward();
                    optimizer.step();
                }
                if (++step % every == 0)
                    Measure(step);
            }
        if (trace.Steps[^1] != step)
            Measure(step);
        return trace;
    }
}

/// <summary>The drift of every hidden layer at each measured step (layers counted from 1).</summary>
public sealed class ShiftTrace(int layers)
{
    private readonly List<int> steps = [];
    private readonly List<double>[] meanDrift = New(layers), stdDrift = New(layers), productMeanDrift = New(layers), productStdDrift = New(layers);

    public int Layers { get; } = layers;
    public IReadOnlyList<int> Steps => steps;

    /// <summary>Layer <paramref name="layer"/>'s activation input: mean drift (in starting stds) at each measured step.</summary>
    public IReadOnlyList<double> MeanDrift(int layer) => meanDrift[Index(layer)];

    /// <summary>Layer <paramref name="layer"/>'s activation input: |ln(std / starting std)| at each measured step.</summary>
    public IReadOnlyList<double> StdDrift(int layer) => stdDrift[Index(layer)];

    /// <summary>The same two drifts for the Linear output of the layer (equal to the above in a net without batch norm).</summary>
    public IReadOnlyList<double> ProductMeanDrift(int layer) => productMeanDrift[Index(layer)];
    public IReadOnlyList<double> ProductStdDrift(int layer) => productStdDrift[Index(layer)];

    internal void Add(int step, IEnumerable<(double Mean, double Std)> preActivation, IEnumerable<(double Mean, double Std)> product)
    {
        steps.Add(step);
        foreach (var (d, l) in preActivation.Select((d, l) => (d, l)))
        {
            meanDrift[l].Add(d.Mean);
            stdDrift[l].Add(d.Std);
        }
        foreach (var (d, l) in product.Select((d, l) => (d, l)))
        {
            productMeanDrift[l].Add(d.Mean);
            productStdDrift[l].Add(d.Std);
        }
    }

    /// <summary>One row per hidden layer: the drifts at the last measured step.</summary>
    public DataFrame ToDataFrame() => new(
        new Int32DataFrameColumn("layer", Enumerable.Range(1, Layers)),
        new DoubleDataFrameColumn("mean drift (activation input)", meanDrift.Select(d => d[^1])),
        new DoubleDataFrameColumn("std drift (activation input)", stdDrift.Select(d => d[^1])),
        new DoubleDataFrameColumn("mean drift (Linear output)", productMeanDrift.Select(d => d[^1])),
        new DoubleDataFrameColumn("std drift (Linear output)", productStdDrift.Select(d => d[^1])));

    private int Index(int layer) => layer >= 1 && layer <= Layers ? layer - 1
        : throw new ArgumentOutOfRangeException(nameof(layer), $"Layers count from 1 to {Layers}, but {layer} came.");

    private static List<double>[] New(int count) => Enumerable.Range(0, count).Select(_ => new List<double>()).ToArray();
}

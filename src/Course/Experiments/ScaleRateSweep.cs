using Course.Data;
using Course.Init;
using Course.Models;
using Microsoft.Data.Analysis;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>How the sweep trains each deep net: its shape, the length of the run, and what counts as trained.</summary>
/// <param name="Depth">Linear layers in the net (ReLU, and batch norm if asked, after each hidden one).</param>
/// <param name="Width">Units in each hidden layer.</param>
/// <param name="Epochs">Passes over the data (for the 512 blobs in batches of 32: 16 SGD steps each).</param>
/// <param name="BatchSize">Examples per SGD step.</param>
/// <param name="TrainedAccuracy">A run whose last-epoch training accuracy reaches this has trained.</param>
public sealed record SweepSettings(int Depth = 6, int Width = 64, int Epochs = 2, int BatchSize = 32, double TrainedAccuracy = 0.9);

/// <summary>One run of the sweep: the last epoch's training accuracy and loss, NaN when the output overflowed.</summary>
public sealed record SweepRun(double InitScale, double LearningRate, bool BatchNorm, double Accuracy, double Loss, bool Diverged)
{
    public bool Trained(SweepSettings settings) => !Diverged && Accuracy >= settings.TrainedAccuracy;
}

/// <summary>He normal times <paramref name="Scale"/>: std Scale·√(2/n_in). Scale 1 is He's choice for ReLU.</summary>
public sealed record ScaledHe(double Scale) : IInitScheme
{
    public void Apply(Tensor weight)
    {
        new HeNormal().Apply(weight);
        using var noGrad = no_grad();
        weight.mul_(Scale);
    }

    public double Std(long fanIn, long fanOut) => Scale * Math.Sqrt(2.0 / fanIn);
    public override string ToString() => $"{Scale.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}× He";
}

/// <summary>
/// Trains the same deep ReLU net, plain and with batch norm, over a grid of initial weight scales (multiples of He's
/// std) and learning rates of plain SGD, to see where each one trains at all.
/// </summary>
public static class ScaleRateSweep
{
    /// <summary>The task: four round clouds of 128 2-D points (std 0.5, 3 from the origin), so well apart that every failure is the optimiser's.</summary>
    public static Dataset Blobs(long seed) => Synthetic.Blobs(128, 4, 0.5, seed);

    /// <summary>An <see cref="Mlp.Build"/> ReLU stack of <see cref="SweepSettings.Depth"/> Linear layers, weights drawn from <see cref="ScaledHe"/>.</summary>
    public static Sequential DeepMlp(long inputs, int classes, double initScale, bool batchNorm, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Depth < 2)
            throw new ArgumentOutOfRangeException(nameof(settings), $"A deep MLP needs at least 2 Linear layers, but Depth = {settings.Depth}.");
        if (!(initScale > 0))
            throw new ArgumentOutOfRangeException(nameof(initScale), $"The init scale must be above 0, but {initScale} came.");
        long[] widths = [inputs, .. Enumerable.Repeat((long)settings.Width, settings.Depth - 1), classes];
        return Mlp.Build(widths, Activation.Relu, batchNorm).InitWith(new ScaledHe(initScale));
    }

    /// <summary>
    /// One run: the net drawn after <c>torch.manual_seed(seed)</c>, then trained by the plain loop a learner writes
    /// (forward, loss, zero_grad, backward, step), stopping when the loss stops being finite. Not the course's Trainer:
    /// a sweep needs no per-step history, and on nets this small its bookkeeping would double the time.
    /// </summary>
    public static SweepRun Run(Dataset data, double initScale, double learningRate, bool batchNorm, long seed, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(settings), $"A run needs at least one epoch, but Epochs = {settings.Epochs}.");
        torch.manual_seed(seed);
        using var model = DeepMlp(data.FeatureCount, data.ClassCount, initScale, batchNorm, settings);
        using var sgd = optim.SGD(model.parameters(), learningRate);
        using var loss = nn.CrossEntropyLoss();
        using var shuffle = new Generator((ulong)seed);
        model.train();
        double lossSum = 0;
        long correct = 0, seen = 0;
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            (lossSum, correct, seen) = (0, 0, 0);
            foreach (var (x, y) in data.Batches(settings.BatchSize, shuffle))
            {
                using var scope = NewDisposeScope();
                var output = model.call(x);
                var batchLoss = loss.call(output, y);
                sgd.zero_grad();
                batchLoss.backward();
                sgd.step();
                double value = batchLoss.item<float>();
                if (!double.IsFinite(value))
                    return new SweepRun(initScale, learningRate, batchNorm, double.NaN, double.NaN, Diverged: true);
                lossSum += value * y.shape[0];
                correct += output.argmax(1).eq(y).sum().item<long>();
                seen += y.shape[0];
            }
        }
        return new SweepRun(initScale, learningRate, batchNorm, (double)correct / seen, lossSum / seen, Diverged: false);
    }

    /// <summary>Every (scale, learning rate) pair of the grid, scales outermost, each an independent run from <paramref name="seed"/>.</summary>
    public static SweepRun[] Run(Dataset data, IReadOnlyList<double> initScales, IReadOnlyList<double> learningRates, bool batchNorm,
        long seed, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(initScales);
        ArgumentNullException.ThrowIfNull(learningRates);
        return [.. from scale in initScales from rate in learningRates select Run(data, scale, rate, batchNorm, seed, settings)];
    }

    /// <summary>One row per run, to sort and filter.</summary>
    public static DataFrame ToDataFrame(IEnumerable<SweepRun> runs, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = runs.ToArray();
        return new DataFrame(
            new DoubleDataFrameColumn("init scale (× He)", all.Select(r => r.InitScale)),
            new DoubleDataFrameColumn("learning rate", all.Select(r => r.LearningRate)),
            new BooleanDataFrameColumn("batch norm", all.Select(r => r.BatchNorm)),
            new DoubleDataFrameColumn("accuracy", all.Select(r => r.Accuracy)),
            new DoubleDataFrameColumn("loss", all.Select(r => r.Loss)),
            new BooleanDataFrameColumn("diverged", all.Select(r => r.Diverged)),
            new BooleanDataFrameColumn("trained", all.Select(r => r.Trained(settings))));
    }

    /// <summary>The runs as a (scales × learning rates) grid of <paramref name="value"/>: the layout a heatmap takes.</summary>
    public static double[,] Grid(IReadOnlyList<SweepRun> runs, IReadOnlyList<double> initScales, IReadOnlyList<double> learningRates,
        Func<SweepRun, double> value)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(value);
        var grid = new double[initScales.Count, learningRates.Count];
        for (int i = 0; i < initScales.Count; i++)
            for (int j = 0; j < learningRates.Count; j++)
                grid[i, j] = value(Cell(runs, initScales[i], learningRates[j]));
        return grid;
    }

    /// <summary>How many cells the batch-norm net trains in while the plain one does not.</summary>
    public static int Rescued(IReadOnlyList<SweepRun> plain, IReadOnlyList<SweepRun> batchNorm, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(plain);
        return plain.Count(p => !p.Trained(settings) && Cell(batchNorm, p.InitScale, p.LearningRate).Trained(settings));
    }

    private static SweepRun Cell(IReadOnlyList<SweepRun> runs, double scale, double rate)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs.SingleOrDefault(r => r.InitScale == scale && r.LearningRate == rate)
            ?? throw new ArgumentException($"No run with init scale {scale} and learning rate {rate} among the {runs.Count} given.", nameof(runs));
    }
}

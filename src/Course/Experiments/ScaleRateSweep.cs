using Course.Data;
using Course.Init;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;
using Course.Training;

namespace Course.Experiments;

/// <summary>How the sweep trains each deep network: its shape, the length of the run, and what counts as trained.</summary>
/// <param name="Depth">Linear layers in the network (ReLU between them).</param>
/// <param name="Width">Units in each hidden layer.</param>
/// <param name="Steps">SGD steps per run, rounded down to whole epochs (at least one).</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="TrainedAccuracy">A run whose last-epoch training accuracy reaches this has trained.</param>
public sealed record SweepSettings(int Depth = 8, int Width = 64, int Steps = 128, int BatchSize = 32, double TrainedAccuracy = 0.9);

/// <summary>One run of the sweep: the last epoch's training accuracy and loss (NaN when it diverged).</summary>
public sealed record SweepRun(double InitScale, double LearningRate, bool BatchNorm, double Accuracy, double Loss, bool Diverged)
{
    public bool Trained(SweepSettings settings) => !Diverged && Accuracy >= settings.TrainedAccuracy;
}

/// <summary>Both sweeps for one seed, summed up: how many cells each network trained in, and how many only batch norm did.</summary>
public sealed record SweepComparison(ulong Seed, int PlainTrained, int BatchNormTrained, int Rescued, double BatchNormWorstAccuracy);

/// <summary>
/// Trains the same deep ReLU network, with and without batch norm, over a grid of initial weight scales (multiples of the
/// He standard deviation) and learning rates, to see where each one trains at all.
/// </summary>
public static class ScaleRateSweep
{
    /// <summary>
    /// The sweep's task: four round clouds of 128 2-D points each (std 0.5, centres 3 apart from the origin), so well
    /// separated that a linear model nearly solves them and every failure is the optimisation's.
    /// </summary>
    public static Dataset Blobs(ulong seed) => Synthetic.Blobs(128, 4, 0.5f, new Rng(seed));

    /// <summary>
    /// A deep ReLU MLP of <paramref name="depth"/> Linear layers whose weights are He normal times <paramref name="initScale"/>.
    /// With <paramref name="batchNorm"/>, every hidden Linear is followed by a BatchNorm (and has no bias: beta takes its place).
    /// </summary>
    public static Sequential DeepMlp(int inputs, int width, int depth, int classes, double initScale, bool batchNorm, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (depth < 2) throw new ArgumentOutOfRangeException(nameof(depth), $"A deep MLP needs at least 2 Linear layers, but depth = {depth}.");
        if (!(initScale > 0)) throw new ArgumentOutOfRangeException(nameof(initScale), $"The init scale must be > 0, but {initScale} came.");
        var init = new HeNormal(Gain.Relu * initScale);
        var layers = new List<Module>();
        for (int i = 0; i < depth - 1; i++)
        {
            layers.Add(new Linear(i == 0 ? inputs : width, width, rng, init, bias: !batchNorm));
            if (batchNorm) layers.Add(new BatchNorm(width));
            layers.Add(new Relu());
        }
        layers.Add(new Linear(width, classes, rng, init));
        return new Sequential([.. layers]);
    }

    /// <summary>One run: plain SGD at <paramref name="learningRate"/> on <paramref name="data"/>, everything drawn from <paramref name="seed"/>.</summary>
    public static SweepRun Run(Dataset data, double initScale, double learningRate, bool batchNorm, ulong seed, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var rng = new Rng(seed);
        var model = DeepMlp(data.FeatureCount, settings.Width, settings.Depth, data.ClassCount, initScale, batchNorm, rng);
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), learningRate));
        var loader = new DataLoader(data, settings.BatchSize, rng.Fork(), dropLast: true);
        var history = trainer.Fit(loader, Math.Max(1, settings.Steps / loader.BatchCount));
        bool diverged = history.Diverged || history.Epochs == 0;
        return new SweepRun(initScale, learningRate, batchNorm,
            diverged ? double.NaN : history.TrainAccuracy[^1], diverged ? double.NaN : history.TrainLoss[^1], diverged);
    }

    /// <summary>
    /// Every (scale, learning rate) pair, scales outermost. The runs are independent and each draws only from its own
    /// seed, so they run side by side on the machine's cores and give the same results as one after the other.
    /// </summary>
    public static SweepRun[] Run(Dataset data, IReadOnlyList<double> initScales, IReadOnlyList<double> learningRates, bool batchNorm,
        ulong seed, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(initScales);
        ArgumentNullException.ThrowIfNull(learningRates);
        var runs = new SweepRun[initScales.Count * learningRates.Count];
        Parallel.For(0, runs.Length, k =>
            runs[k] = Run(data, initScales[k / learningRates.Count], learningRates[k % learningRates.Count], batchNorm, seed, settings));
        return runs;
    }

    /// <summary>
    /// The runs as a (scales x learning rates) grid of <paramref name="value"/>, rows following <paramref name="initScales"/>
    /// and columns <paramref name="learningRates"/>: the layout a heatmap takes.
    /// </summary>
    public static double[,] Grid(IReadOnlyList<SweepRun> runs, IReadOnlyList<double> initScales, IReadOnlyList<double> learningRates,
        Func<SweepRun, double> value)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(value);
        var grid = new double[initScales.Count, learningRates.Count];
        for (int i = 0; i < initScales.Count; i++)
            for (int j = 0; j < learningRates.Count; j++)
            {
                var run = runs.Single(r => r.InitScale == initScales[i] && r.LearningRate == learningRates[j]);
                grid[i, j] = value(run);
            }
        return grid;
    }

    /// <summary>The plain and the batch-norm sweep on <see cref="Blobs"/> of one seed, compared.</summary>
    public static SweepComparison Compare(ulong seed, IReadOnlyList<double> initScales, IReadOnlyList<double> learningRates,
        SweepSettings settings)
    {
        var data = Blobs(seed);
        var plain = Run(data, initScales, learningRates, batchNorm: false, seed, settings);
        var normed = Run(data, initScales, learningRates, batchNorm: true, seed, settings);
        return Compare(seed, plain, normed, settings);
    }

    /// <summary>Two finished sweeps of one seed, compared.</summary>
    public static SweepComparison Compare(ulong seed, IReadOnlyList<SweepRun> plain, IReadOnlyList<SweepRun> batchNorm, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(batchNorm);
        ArgumentNullException.ThrowIfNull(settings);
        return new SweepComparison(seed, plain.Count(r => r.Trained(settings)), batchNorm.Count(r => r.Trained(settings)),
            RescuedCells(plain, batchNorm, settings), batchNorm.Min(r => r.Accuracy));
    }

    /// <summary>How many grid cells the batch-norm network trains in while the plain one does not.</summary>
    public static int RescuedCells(IReadOnlyList<SweepRun> plain, IReadOnlyList<SweepRun> batchNorm, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(batchNorm);
        return plain.Count(p => !p.Trained(settings) &&
            batchNorm.Single(b => b.InitScale == p.InitScale && b.LearningRate == p.LearningRate).Trained(settings));
    }
}

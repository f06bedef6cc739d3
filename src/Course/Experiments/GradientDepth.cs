using Course.Data;
using Course.Diagnostics;
using Course.Init;
using Course.Models;
using Course.Training;
using Course.Display;
using Microsoft.Data.Analysis;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// Lesson 06's deep classifier: <paramref name="Depth"/> Linear layers, <paramref name="Width"/> units wide, with
/// <paramref name="Activation"/> after every hidden one. The first layer maps the inputs to the width, the last maps
/// the width to the classes, and the square layers between are <see cref="Mlp.DeepStack"/>, so batch norm (before each
/// activation) and skip connections (x + f(x W) around each square layer) switch on with one flag each.
/// <paramref name="Init"/> redraws every Linear weight (biases 0); null keeps nn.Linear's own init.
/// </summary>
public sealed record DeepNet(Activation Activation, int Depth = 30, int Width = 64, IInitScheme? Init = null,
    bool BatchNorm = false, bool Residual = false)
{
    /// <summary>The fewest layers: an input layer, one square layer for the stack, and the output layer.</summary>
    public const int MinDepth = 3;

    /// <summary>A fresh net for <paramref name="inputs"/> features and <paramref name="classes"/> classes, drawn from torch's global generator.</summary>
    public Sequential Build(long inputs, long classes)
    {
        ArgumentNullException.ThrowIfNull(Activation);
        if (Depth < MinDepth)
            throw new ArgumentException($"A deep net needs at least {MinDepth} Linear layers (input, square, output), but depth {Depth} came.");
        if (Width < 1 || inputs < 1 || classes < 1)
            throw new ArgumentException($"Width, inputs and classes must be at least 1, but {Width}, {inputs} and {classes} came.");
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("linear1", nn.Linear(inputs, Width)) };
        if (BatchNorm)
            layers.Add(("batchnorm1", nn.BatchNorm1d(Width)));
        layers.Add(("activation1", Activation.Create() ?? nn.Identity()));
        layers.Add(("stack", Mlp.DeepStack(Width, Depth - 2, Activation, bias: true, residual: Residual, batchNorm: BatchNorm)));
        layers.Add(("output", nn.Linear(Width, classes)));
        var net = nn.Sequential(layers);
        return Init is null ? net : net.InitWith(Init);
    }

    public override string ToString() =>
        $"{Depth} layers of {Activation}{(Init is null ? "" : $", {Init}")}{(BatchNorm ? ", batch norm" : "")}{(Residual ? ", skip connections" : "")}";
}

/// <summary>
/// How a deep net is trained in lesson 06: SGD with momentum, a few epochs on a small set, optionally clipped, with a
/// <see cref="TrainingMonitor"/> recording every <paramref name="MonitorEvery"/> steps (0: no monitor; its hooks on
/// every layer cost more than the small net's own step).
/// </summary>
public sealed record DeepTraining(double LearningRate = 0.01, double Momentum = 0.9, int Epochs = 5, int BatchSize = 50,
    double? ClipGradNorm = null, int MonitorEvery = 10);

/// <summary>
/// One training run of a <see cref="DeepNet"/>: the RMS gradient of every Linear weight at initialisation (input side
/// first), the history (step losses, pre-clip gradient norms), the monitor's per-parameter records (gradient norm,
/// weight std, update:data ratio), every weight's std at the start and at the end, and the final training loss and
/// accuracy (NaN once the run diverged).
/// </summary>
public sealed record DeepRun(string Name, DeepNet Net, DeepTraining Training, int Classes, double[] InitialGradient, History History,
    IReadOnlyList<ParameterStats> Parameters, NonFiniteValue? FirstNonFinite, double[] WeightStdBefore, double[] WeightStdAfter,
    double FinalLoss, double FinalAccuracy)
{
    /// <summary>Layer 1's RMS gradient at initialisation.</summary>
    public double FirstLayerGradient => InitialGradient[0];

    /// <summary>Layer 1's RMS gradient ÷ the last hidden layer's, at initialisation.</summary>
    public double FirstToLastHidden => InitialGradient[0] / InitialGradient[^2];

    /// <summary>The monitor's records of the Linear weights (biases left out): one per weight and monitored step.</summary>
    public IReadOnlyList<ParameterStats> Weights => Parameters.Where(p => p.Parameter.EndsWith(".weight", StringComparison.Ordinal)).ToArray();

    /// <summary>The update:data ratios of every weight at every monitored step, sorted.</summary>
    public double[] UpdateRatios => Weights.Select(p => p.UpdateRatio).Order().ToArray();

    /// <summary>The median of <see cref="UpdateRatios"/>: where the run sits against the 1e-3 guide line.</summary>
    public double MedianUpdateRatio => SeedSpread.Percentile(UpdateRatios, 50);

    public override string ToString() => $"{Name}: {Net}";
}

/// <summary>
/// The measurements of lesson 06: how much gradient reaches each layer of a deep net at initialisation, and what
/// happens when such a net trains. Every run seeds torch's global generator itself, so a result depends only on its
/// arguments.
/// </summary>
public static class GradientDepth
{
    /// <summary>
    /// The RMS gradient of each Linear weight (input side first) of a fresh <paramref name="net"/> drawn with
    /// <paramref name="seed"/>, on one batch at initialisation (<see cref="GradientFlow.PerLayer"/>).
    /// </summary>
    public static double[] PerLayer(DeepNet net, Dataset batch, long seed)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(batch);
        torch.manual_seed(seed);
        using var model = net.Build(batch.FeatureCount, batch.ClassCount);
        return GradientFlow.PerLayer(model, batch.Features, batch.Labels);
    }

    /// <summary>
    /// The factor by which the gradient shrinks per layer on its way down, as the geometric mean over the square
    /// layers: (RMS of the last hidden layer ÷ RMS of layer 2)^(1 / (layers between)). The input layer (784 pixels in)
    /// and the output layer (10 classes out) are left out, since their shapes differ. Above 1: vanishing; below 1: exploding.
    /// </summary>
    public static double ShrinkPerLayer(double[] rms)
    {
        ArgumentNullException.ThrowIfNull(rms);
        if (rms.Length < 4)
            throw new ArgumentException($"The shrink per layer needs at least 4 layers' gradients, but {rms.Length} came.", nameof(rms));
        return Math.Pow(rms[^2] / rms[1], 1.0 / (rms.Length - 3));
    }

    /// <summary>
    /// Draws <paramref name="net"/> with <paramref name="seed"/>, measures its per-layer gradient on
    /// <paramref name="probe"/>, and trains it on <paramref name="train"/> with SGD (momentum), a <see cref="TrainingMonitor"/>
    /// attached unless <see cref="DeepTraining.MonitorEvery"/> is 0, a DisposeScope per step (the <see cref="Trainer"/>'s). The run stops where the loss stops being finite.
    /// </summary>
    public static DeepRun Train(string name, DeepNet net, Dataset train, Dataset probe, DeepTraining training, long seed)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(probe);
        if (training.MonitorEvery < 0)
            throw new ArgumentException($"Expected MonitorEvery of 0 (no monitor) or more, but {training.MonitorEvery} came.", nameof(training));
        torch.manual_seed(seed);
        using var model = net.Build(train.FeatureCount, train.ClassCount);
        var gradient = GradientFlow.PerLayer(model, probe.Features, probe.Labels);
        var weights = ModuleTree.Leaves(model).Select(l => l.Module).OfType<Linear>().Select(l => l.weight!).ToArray();
        var before = weights.Select(Std).ToArray();
        var monitor = training.MonitorEvery > 0 ? new TrainingMonitor(every: training.MonitorEvery) : null;
        using var loss = nn.CrossEntropyLoss();
        using var sgd = optim.SGD(model.parameters(), training.LearningRate, momentum: training.Momentum);
        var trainer = new Trainer(model, loss, sgd) { ClipGradNorm = training.ClipGradNorm };
        var history = trainer.Fit(train, training.Epochs, training.BatchSize, shuffleSeed: seed, callbacks: monitor is null ? [] : [monitor]);
        var after = weights.Select(Std).ToArray();
        var final = history.Diverged ? new Evaluation(double.NaN, double.NaN) : trainer.Evaluate(train);
        return new DeepRun(name, net, training, train.ClassCount, gradient, history, monitor?.Parameters ?? [], monitor?.FirstNonFinite, before, after,
            final.Loss, final.Accuracy);
    }

    /// <summary>One row per run: name, layer-1 RMS gradient and its ratio to the last hidden layer's at initialisation,
    /// steps taken, whether the loss became non-finite, final training loss and accuracy.</summary>
    public static DataFrame Compare(IEnumerable<DeepRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = runs.ToArray();
        return new DataFrame(
            new StringDataFrameColumn("run", all.Select(r => r.Name)),
            new DoubleDataFrameColumn("layer-1 RMS gradient", all.Select(r => r.FirstLayerGradient)),
            new DoubleDataFrameColumn("layer 1 ÷ last hidden", all.Select(r => r.FirstToLastHidden)),
            new Int32DataFrameColumn("steps", all.Select(r => r.History.Steps)),
            new BooleanDataFrameColumn("diverged", all.Select(r => r.History.Diverged)),
            new DoubleDataFrameColumn("training loss", all.Select(r => r.FinalLoss)),
            new DoubleDataFrameColumn("training accuracy", all.Select(r => r.FinalAccuracy))).Significant();
    }

    /// <summary>
    /// Lesson 06's exercise: <paramref name="build"/> makes a net with at least 30 Linear layers and sigmoid as its only
    /// activation, in which layer 1's RMS gradient at initialisation is at least 5% of the last hidden layer's, on
    /// <paramref name="batch"/>, for seeds 1, 2 and 3 (the plain net with Xavier init gets about 1e-18).
    /// </summary>
    public static Feedback CheckSigmoidNet(Func<nn.Module<Tensor, Tensor>>? build, Dataset batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Exercise.Check("a 30-layer sigmoid net whose first layer still gets a gradient", build, b =>
        {
            for (long seed = 1; seed <= 3; seed++)
            {
                torch.manual_seed(seed);
                using var model = b!() ?? throw new ArgumentException("your function returned null instead of a net");
                var modules = model.modules().ToArray();
                if (modules.OfType<Linear>().Count() < 30)
                    throw new ArgumentException($"expected at least 30 Linear layers, but the net has {modules.OfType<Linear>().Count()}");
                if (modules.Any(m => Activation.Of(m) is { } a && a != Activation.Sigmoid) || !modules.OfType<Sigmoid>().Any())
                    throw new ArgumentException("expected sigmoid as the only activation");
                var rms = GradientFlow.PerLayer(model, batch.Features, batch.Labels);
                if (!(rms[0] / rms[^2] >= 0.05))
                    return false;
            }
            return true;
        }, hint: "Keep the sigmoids and the 30 layers; change what stands between them. Lesson 05 measured one layer that " +
            "keeps every sigmoid's input in its steep middle; section 3 here measured another way round the product of slopes.");
    }

    private static double Std(Tensor weight)
    {
        using var scope = NewDisposeScope();
        return weight.detach().to(float64).std().item<double>();
    }

}

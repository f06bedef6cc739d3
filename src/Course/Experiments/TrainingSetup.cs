using System.Globalization;
using Course.Data;
using Course.Init;
using Init = Course.Init;
using Course.Models;
using Course.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>Where a hand-written backward pass got the sign of the gradient wrong.</summary>
public enum SignBug
{
    None,
    /// <summary>The output layer's weight and bias gradients come out negated: that layer climbs the loss while the rest descends.</summary>
    OutputLayer,
    /// <summary>Every gradient is negated: the update becomes w += lr * g, gradient ascent.</summary>
    EveryLayer,
}

/// <summary>The two optimisers lesson 04 compares.</summary>
public enum OptimizerKind { Adam, Sgd }

/// <summary>
/// A small classifier (inputs → hidden ReLU → classes) and its training loop, as one value. The default is the sensible
/// start the notes recommend: Adam with learning rate 3e-4. Each bug lesson 04 studies is one property changed:
/// <c>new TrainingSetup() with { HiddenBias = -5 }</c>.
/// </summary>
public sealed record TrainingSetup
{
    public int Hidden { get; init; } = 32;

    /// <summary>The std of the output layer's weights. Small, so that every class starts equally likely (loss ln C).</summary>
    public double FinalLayerStd { get; init; } = 0.01;

    /// <summary>The hidden layer's initial bias. Far below 0 it makes every pre-activation negative: every ReLU is dead.</summary>
    public double HiddenBias { get; init; }

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>SGD's momentum (Adam keeps its own running averages).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Examples per step; 0 means the whole set is one batch.</summary>
    public int BatchSize { get; init; }

    /// <summary>When false, the gradients of all previous steps pile up (the forgotten zero_grad).</summary>
    public bool ZeroGradEachStep { get; init; } = true;

    public SignBug SignBug { get; init; }

    /// <summary>When true, the model ends in a softmax and the loss applies its own on top: softmax twice.</summary>
    public bool SoftmaxBeforeLoss { get; init; }

    /// <summary>The model this setup describes: hidden weights He-normal (<c>kaiming_normal_</c>), output weights N(0, FinalLayerStd²),
    /// drawn from torch's generator (seed it first).</summary>
    public Sequential BuildModel(long inputs, int classes)
    {
        var model = Mlp.Build([inputs, Hidden, classes]);
        var (hidden, output) = ((Linear)model.children().First(), (Linear)model.children().Last());
        hidden.InitWith(new HeNormal());
        output.InitWith(new Init.Normal(FinalLayerStd));
        using (no_grad())
            hidden.bias!.fill_(HiddenBias);
        if (SoftmaxBeforeLoss)
            model.append("softmax", nn.Softmax(1));
        return model;
    }

    /// <summary>The optimiser this setup describes, over <paramref name="model"/>'s parameters.</summary>
    public optim.Optimizer BuildOptimizer(nn.Module model) => Optimizer == OptimizerKind.Adam
        ? optim.Adam(model.parameters(), LearningRate)
        : optim.SGD(model.parameters(), LearningRate, momentum: Momentum);

    /// <summary>
    /// Trains a model built after <c>torch.manual_seed(seed)</c> for <paramref name="steps"/> steps on <paramref name="data"/>
    /// (reshuffled every epoch when it does not fit in one batch) with cross-entropy. The history holds every step's loss;
    /// a run whose output stops being finite ends early, and <see cref="History.StopReason"/> says at which step.
    /// </summary>
    public History Train(Dataset data, int steps, long seed)
    {
        var history = Train(data, steps, seed, out var model);
        model.Dispose();
        return history;
    }

    /// <summary>The same run, also handing back the trained model so probes can look inside it (dispose it when done),
    /// with <paramref name="callbacks"/> (a <c>TrainingMonitor</c>, say) run by the trainer.</summary>
    public History Train(Dataset data, int steps, long seed, out Sequential model, params TrainingCallback[] callbacks)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"Train for at least one step, but {steps} came.");
        torch.manual_seed(seed);
        model = BuildModel(data.FeatureCount, data.ClassCount);
        using var optimizer = BuildOptimizer(model);   // Adam keeps two state tensors per parameter
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optimizer) { ZeroGradEachStep = ZeroGradEachStep };
        int batch = BatchSize <= 0 || BatchSize >= data.Count ? data.Count : BatchSize;
        int perEpoch = data.BatchCount(batch);
        var run = new List<TrainingCallback>();
        if (SignBug != SignBug.None)
        {
            var negated = (SignBug == SignBug.OutputLayer ? model.children().OfType<Linear>().Last().parameters() : model.parameters()).ToArray();
            run.Add(TrainingCallback.OnBackward(_ => { using (no_grad()) foreach (var p in negated) p.grad?.neg_(); }));
        }
        run.AddRange(callbacks);
        run.Add(TrainingCallback.OnStep(c => { if (c.Step == steps) c.Stop($"the planned {steps} steps are done"); }));
        var history = trainer.Fit(data, (steps + perEpoch - 1) / perEpoch, batch, shuffleSeed: batch == data.Count ? null : seed, callbacks: [.. run]);
        if (history.StopReason?.StartsWith("the planned", StringComparison.Ordinal) == true)
            history.StopReason = null;
        return history;
    }

    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>
        {
            $"hidden {Hidden}",
            Optimizer == OptimizerKind.Adam ? $"Adam lr {LearningRate.ToString("G3", inv)}" : $"SGD lr {LearningRate.ToString("G3", inv)} momentum {Momentum.ToString("G3", inv)}",
            BatchSize <= 0 ? "full batch" : $"batches of {BatchSize}",
        };
        if (FinalLayerStd != 0.01) parts.Add($"output weights std {FinalLayerStd.ToString("G3", inv)}");
        if (HiddenBias != 0) parts.Add($"hidden bias {HiddenBias.ToString("G3", inv)}");
        if (!ZeroGradEachStep) parts.Add("gradients never zeroed");
        if (SignBug != SignBug.None) parts.Add($"gradient sign flipped ({(SignBug == SignBug.OutputLayer ? "output layer" : "every layer")})");
        if (SoftmaxBeforeLoss) parts.Add("softmax before the loss");
        return string.Join(", ", parts);
    }
}

using System.Globalization;
using Course.Data;
using Course.Init;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;
using Course.Training;

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

/// <summary>
/// A small classifier (inputs -> hidden ReLU -> classes) and its training loop, as one value. The healthy recipe is the
/// default; each bug lesson 04 studies is one property changed: <c>new TrainingSetup() with { LearningRate = 300 }</c>.
/// </summary>
public sealed record TrainingSetup
{
    public int Hidden { get; init; } = 32;

    /// <summary>The std of the output layer's weights. Small, so that every class starts equally likely (loss ln C).</summary>
    public double FinalLayerStd { get; init; } = 0.01;

    /// <summary>The hidden layer's initial bias. Far below 0 it makes every pre-activation negative: every ReLU is dead.</summary>
    public float HiddenBias { get; init; }

    public double LearningRate { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;

    /// <summary>Examples per step; 0 means the whole set is one batch.</summary>
    public int BatchSize { get; init; }

    /// <summary>When false, the gradients of all previous steps pile up (the forgotten zero_grad).</summary>
    public bool ZeroGradEachStep { get; init; } = true;

    public SignBug SignBug { get; init; }

    /// <summary>When true, the model ends in a softmax and the loss applies its own on top: softmax twice.</summary>
    public bool SoftmaxBeforeLoss { get; init; }

    /// <summary>The model this setup describes, with weights drawn from <paramref name="rng"/>.</summary>
    public Sequential BuildModel(int inputs, int classes, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var hidden = new Linear(inputs, Hidden, rng);
        hidden.Bias!.Value.Fill(HiddenBias);
        var output = new Linear(Hidden, classes, rng, new Normal(FinalLayerStd));
        return SoftmaxBeforeLoss
            ? new Sequential(hidden, new Relu(), output, new Softmax())
            : new Sequential(hidden, new Relu(), output);
    }

    /// <summary>
    /// Trains a model built from <paramref name="seed"/> for <paramref name="steps"/> steps on <paramref name="data"/>
    /// (reshuffled every epoch when it does not fit in one batch). The history holds every step's loss; a run whose output
    /// stops being finite ends early, and <see cref="History.StopReason"/> says at which step and in which layer.
    /// </summary>
    public History Train(Dataset data, int steps, ulong seed) => Train(data, steps, seed, out _);

    /// <summary>The same run, also handing back the trained model so probes can look inside it.</summary>
    public History Train(Dataset data, int steps, ulong seed, out Sequential model)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"Train for at least one step, but {steps} came.");
        var rng = new Rng(seed);
        model = BuildModel(data.FeatureCount, data.ClassCount, rng);
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), LearningRate, Momentum))
        {
            ZeroGradEachStep = ZeroGradEachStep,
        };
        int batch = BatchSize <= 0 || BatchSize >= data.Count ? data.Count : BatchSize;
        var loader = new DataLoader(data, batch, batch == data.Count ? null : rng.Fork());
        int epochs = (steps + loader.BatchCount - 1) / loader.BatchCount;
        var callbacks = new List<TrainingCallback>();
        if (SignBug != SignBug.None)
            callbacks.Add(new NegateGradients(SignBug == SignBug.OutputLayer ? model[2].Parameters() : model.Parameters()));
        if (epochs * loader.BatchCount != steps)
            callbacks.Add(TrainingCallback.OnStep(c => { if (c.Step == steps) c.Stop($"the planned {steps} steps are done"); }));
        return trainer.Fit(loader, epochs, null, [.. callbacks]);
    }

    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>
        {
            $"hidden {Hidden}", $"SGD lr {LearningRate.ToString("G3", inv)} momentum {Momentum.ToString("G3", inv)}",
            BatchSize <= 0 ? "full batch" : $"batches of {BatchSize}",
        };
        if (FinalLayerStd != 0.01) parts.Add($"output weights std {FinalLayerStd.ToString("G3", inv)}");
        if (HiddenBias != 0) parts.Add($"hidden bias {HiddenBias.ToString("G3", inv)}");
        if (!ZeroGradEachStep) parts.Add("gradients never zeroed");
        if (SignBug != SignBug.None) parts.Add($"gradient sign flipped ({(SignBug == SignBug.OutputLayer ? "output layer" : "every layer")})");
        if (SoftmaxBeforeLoss) parts.Add("softmax before the loss");
        return string.Join(", ", parts);
    }

    /// <summary>Stands in for a hand-written backward that returns minus the gradient: negates it before the optimizer step.</summary>
    private sealed class NegateGradients(IEnumerable<Parameter> parameters) : TrainingCallback
    {
        private readonly Parameter[] _parameters = parameters.ToArray();

        public override void AfterBackward(TrainingContext context)
        {
            foreach (var p in _parameters)
                System.Numerics.Tensors.TensorPrimitives.Negate(p.Grad.Data, p.Grad.Data);
        }
    }
}

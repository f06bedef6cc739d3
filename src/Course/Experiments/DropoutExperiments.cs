using Course.Data;
using Course.Init;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;
using Course.Training;

namespace Course.Experiments;

/// <summary>The mean of a Dropout layer's output over a batch, in training mode and in evaluation mode.</summary>
public sealed record DropoutMeans(float Keep, bool Scaled, double Train, double Eval)
{
    /// <summary>Train / eval: 1 for inverted dropout, the keep probability for the unscaled variant.</summary>
    public double Ratio => Train / Eval;
}

/// <summary>
/// A one-hidden-layer ReLU classifier with optional dropout on its inputs and on its hidden units: the network lesson 03
/// lets overfit a small training set, with and without dropout.
/// </summary>
public sealed record DropoutNet
{
    public int Hidden { get; init; } = 256;

    /// <summary>The probability of dropping each input; 0 leaves the inputs alone.</summary>
    public float InputDrop { get; init; }

    /// <summary>The probability of dropping each hidden unit; 0 means no dropout layer.</summary>
    public float HiddenDrop { get; init; }

    /// <summary>Inverted dropout (survivors scaled by 1 / keep) when true; the unscaled variant when false.</summary>
    public bool Scaled { get; init; } = true;

    public double LearningRate { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public int BatchSize { get; init; } = 25;

    public Sequential Build(int inputs, int classes, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var layers = new List<Module>();
        if (InputDrop > 0) layers.Add(new Dropout(InputDrop, rng.Fork(), Scaled));
        layers.Add(new Linear(inputs, Hidden, rng));
        layers.Add(new Relu());
        if (HiddenDrop > 0) layers.Add(new Dropout(HiddenDrop, rng.Fork(), Scaled));
        layers.Add(new Linear(Hidden, classes, rng, new XavierNormal()));
        return new Sequential(layers.ToArray());
    }

    public override string ToString() =>
        $"hidden {Hidden}, " + (InputDrop == 0 && HiddenDrop == 0 ? "no dropout"
            : $"dropout p = {F(InputDrop)} on inputs and {F(HiddenDrop)} on hidden units{(Scaled ? "" : " (unscaled)")}");

    private static string F(float p) => p.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// How a run ended: accuracy and loss on the training set and on held-out data, both measured in evaluation mode (dropout
/// off), so the gap compares like with like. The history holds the per-epoch curves when they were recorded.
/// </summary>
public sealed record GapRun(History History, Evaluation Train, Evaluation Validation, IReadOnlyList<Evaluation> TrainPerEpoch)
{
    /// <summary>Training accuracy minus validation accuracy: how much better the model does on what it memorised.</summary>
    public double AccuracyGap => Train.Accuracy - Validation.Accuracy;

    /// <summary>Validation loss minus training loss.</summary>
    public double LossGap => Validation.Loss - Train.Loss;
}

/// <summary>
/// A network trained with unscaled dropout, then evaluated: the mean input of its output layer in training mode and in
/// evaluation mode, and its validation results as they are and with the output weights multiplied by the keep probability.
/// </summary>
public sealed record UnscaledRun(float Keep, double TrainModeMean, double EvalModeMean, Evaluation AsIs, Evaluation WeightsScaled)
{
    /// <summary>Train-mode mean / eval-mode mean: the keep probability, the factor by which evaluation surprises the output layer.</summary>
    public double Ratio => TrainModeMean / EvalModeMean;
}

/// <summary>Lesson 03's measurements of dropout: what it does to the mean activation, and to overfitting.</summary>
public static class DropoutExperiments
{
    /// <summary>
    /// Passes <paramref name="activations"/> through a fresh Dropout layer (drop probability 1 - <paramref name="keep"/>) in
    /// training mode and in evaluation mode and returns the mean of each output.
    /// </summary>
    public static DropoutMeans Means(Matrix activations, float keep, bool scaled, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var dropout = new Dropout(1 - keep, rng, scaled);
        double train = dropout.Forward(activations, training: true).Mean();
        double eval = dropout.Forward(activations, training: false).Mean();
        return new DropoutMeans(keep, scaled, train, eval);
    }

    /// <summary>
    /// Trains <paramref name="net"/> (built from <paramref name="seed"/>) for <paramref name="epochs"/> epochs on
    /// <paramref name="train"/> and measures both sets at the end. With <paramref name="everyEpoch"/> the history also holds
    /// the validation curve and <see cref="GapRun.TrainPerEpoch"/> the training set's, at the cost of two evaluations per epoch.
    /// </summary>
    public static GapRun Overfit(DropoutNet net, Dataset train, Dataset validation, int epochs, ulong seed, bool everyEpoch = false)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var rng = new Rng(seed);
        var model = net.Build(train.FeatureCount, train.ClassCount, rng);
        var loss = new SoftmaxCrossEntropy();
        var trainer = new Trainer(model, loss, new Sgd(model.Parameters(), net.LearningRate, net.Momentum));
        var trainPerEpoch = new List<Evaluation>();
        var history = trainer.Fit(new DataLoader(train, net.BatchSize, rng.Fork()), epochs, everyEpoch ? validation : null,
            everyEpoch ? [TrainingCallback.OnEpoch(_ => trainPerEpoch.Add(trainer.Evaluate(train)))] : []);
        return new GapRun(history, trainer.Evaluate(train), trainer.Evaluate(validation), trainPerEpoch);
    }

    /// <summary>
    /// Trains <paramref name="net"/> with unscaled dropout on its hidden units, then measures the mismatch between training and
    /// evaluation: the output layer's mean input in both modes (on the training set) and the validation results, first as
    /// trained, then with the output weights multiplied by the keep probability (the correction unscaled dropout needs at test time).
    /// </summary>
    public static UnscaledRun Unscaled(DropoutNet net, Dataset train, Dataset validation, int epochs, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (!(net.HiddenDrop > 0)) throw new ArgumentException($"The unscaled experiment needs dropout on the hidden units, but the net has {net}.");
        var unscaled = net with { Scaled = false };
        var rng = new Rng(seed);
        var model = unscaled.Build(train.FeatureCount, train.ClassCount, rng);
        var loss = new SoftmaxCrossEntropy();
        new Trainer(model, loss, new Sgd(model.Parameters(), net.LearningRate, net.Momentum))
            .Fit(new DataLoader(train, net.BatchSize, rng.Fork()), epochs);

        int dropoutIndex = model.Count - 2; // [..., Relu, Dropout, Linear]
        model.Forward(train.Features, training: true);
        double trainMean = model[dropoutIndex].Output!.Mean();
        model.Forward(train.Features, training: false);
        double evalMean = model[dropoutIndex].Output!.Mean();

        var asIs = Trainer.Evaluate(model, loss, validation);
        var output = (Linear)model[^1];
        System.Numerics.Tensors.TensorPrimitives.Multiply(output.Weight.Value.Data, 1 - net.HiddenDrop, output.Weight.Value.Data);
        return new UnscaledRun(1 - net.HiddenDrop, trainMean, evalMean, asIs, Trainer.Evaluate(model, loss, validation));
    }

    /// <summary>
    /// Square images shrunk by averaging <paramref name="factor"/> x <paramref name="factor"/> blocks of pixels
    /// (28 x 28 digits become 7 x 7 with factor 4): a sixteenth of the inputs, so a training run takes a blink.
    /// </summary>
    public static Dataset Downsample(Dataset data, int factor)
    {
        ArgumentNullException.ThrowIfNull(data);
        int side = (int)Math.Round(Math.Sqrt(data.FeatureCount));
        if (side * side != data.FeatureCount)
            throw new ArgumentException($"Downsample needs square images, but rows have {data.FeatureCount} values.");
        if (factor < 1 || side % factor != 0)
            throw new ArgumentException($"The factor must divide the image side {side}, but {factor} came.");
        int small = side / factor;
        var x = new Matrix(data.Count, small * small);
        float weight = 1f / (factor * factor);
        for (int i = 0; i < data.Count; i++)
        {
            var source = data.Features.Row(i);
            var target = x.Row(i);
            for (int r = 0; r < side; r++)
                for (int c = 0; c < side; c++)
                    target[r / factor * small + c / factor] += weight * source[r * side + c];
        }
        return new Dataset(x, (int[])data.Labels.Clone(), data.ClassCount, data.ClassNames);
    }
}

using Course.Data;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;
using Course.Training;

namespace Course.Experiments;

/// <summary>Test accuracy of one trained model, run the right way and in the wrong ways.</summary>
/// <param name="EvaluationMode">The right way: running statistics, any batch.</param>
/// <param name="TrainingModeBatch200">Training mode (batch statistics) on random batches of 200.</param>
/// <param name="TrainingModeBatch32">Training mode on random batches of 32.</param>
/// <param name="TrainingModeBatch4">Training mode on random batches of 4.</param>
/// <param name="TrainingModeSingleClass">Training mode on batches of 32 that each hold one class.</param>
/// <param name="SingleClassDisagreement">Fraction of those single-class predictions that differ from evaluation mode's.</param>
/// <param name="StatisticsNeverTracked">Evaluation mode with the running statistics still at 0 and 1.</param>
public sealed record ModeAccuracies(double EvaluationMode, double TrainingModeBatch200, double TrainingModeBatch32,
    double TrainingModeBatch4, double TrainingModeSingleClass, double SingleClassDisagreement, double StatisticsNeverTracked);

/// <summary>
/// What happens when a model with batch norm runs in the wrong mode: in training mode at evaluation, its predictions
/// depend on the other examples in the batch; with running statistics that were never tracked, evaluation normalises
/// with the wrong numbers.
/// </summary>
public static class BatchNormModes
{
    /// <summary>The lesson's digit classifier: 784 -> hidden -> hidden -> 10, a BatchNorm after each hidden Linear.</summary>
    public static Sequential Classifier(int hidden, Rng rng) => new(
        new Linear(784, hidden, rng, bias: false), new BatchNorm(hidden), new Relu(),
        new Linear(hidden, hidden, rng, bias: false), new BatchNorm(hidden), new Relu(),
        new Linear(hidden, 10, rng));

    /// <summary>The lesson's recipe: SGD with momentum 0.9 at learning rate 0.1, batches of 50, reshuffled each epoch.</summary>
    public static History Train(Module model, Dataset train, int epochs, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 0.1, momentum: 0.9));
        return trainer.Fit(new DataLoader(train, 50, rng), epochs);
    }

    /// <summary>
    /// A classifier trained for one seed: <paramref name="trainCount"/> digits to train on and the next
    /// <paramref name="testCount"/> to test on, from a seeded shuffle of <paramref name="digits"/>.
    /// </summary>
    public static (Sequential Model, Dataset Test, History History) TrainClassifier(Dataset digits, int trainCount, int testCount,
        int hidden, int epochs, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (trainCount < 1 || testCount < 1 || trainCount + testCount > digits.Count)
            throw new ArgumentException($"{trainCount} training and {testCount} test examples do not fit in {digits.Count} digits.");
        var rng = new Rng(seed);
        var order = rng.Permutation(digits.Count);
        var train = digits.Subset(order.AsSpan(0, trainCount));
        var test = digits.Subset(order.AsSpan(trainCount, testCount));
        var model = Classifier(hidden, rng.Fork());
        var history = Train(model, train, epochs, rng.Fork());
        return (model, test, history);
    }

    /// <summary>One seed of the whole experiment: <see cref="TrainClassifier"/>, then <see cref="Measure"/>.</summary>
    public static ModeAccuracies TrainAndMeasure(Dataset digits, int trainCount, int testCount, int hidden, int epochs, ulong seed)
    {
        var (model, test, _) = TrainClassifier(digits, trainCount, testCount, hidden, epochs, seed);
        return Measure(model, test);
    }

    /// <summary>The accuracies of <see cref="ModeAccuracies"/>; the model is left as it came.</summary>
    public static ModeAccuracies Measure(Module model, Dataset test)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        var sorted = SortedByClass(test);
        var singleClass = Predict(model, sorted.Features, training: true, batchSize: 32);
        var evaluation = Predict(model, sorted.Features, training: false, batchSize: 32);
        var saved = new ParameterSnapshot(model);
        BatchNormExperiments.ResetRunningStatistics(model);
        double neverTracked = Accuracy(model, test, training: false, batchSize: 500);
        saved.Restore();
        return new ModeAccuracies(
            EvaluationMode: AccuracyOf(evaluation, sorted.Labels),
            TrainingModeBatch200: Accuracy(model, test, training: true, batchSize: 200),
            TrainingModeBatch32: Accuracy(model, test, training: true, batchSize: 32),
            TrainingModeBatch4: Accuracy(model, test, training: true, batchSize: 4),
            TrainingModeSingleClass: AccuracyOf(singleClass, sorted.Labels),
            SingleClassDisagreement: Disagreement(evaluation, singleClass),
            StatisticsNeverTracked: neverTracked);
    }

    /// <summary>
    /// The predicted class of every row, running the model in the given mode on consecutive batches of
    /// <paramref name="batchSize"/> rows in the order given. In training mode a BatchNorm normalises each batch with that
    /// batch's own statistics and folds them into its running averages; this puts the averages back afterwards, so
    /// measuring changes nothing.
    /// </summary>
    public static int[] Predict(Module model, Matrix features, bool training, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        var saved = new ParameterSnapshot(model);
        var predictions = Trainer.Predict(model, new SoftmaxCrossEntropy(), features, batchSize, training);
        saved.Restore();
        return predictions;
    }

    /// <summary>The fraction of <paramref name="data"/> that <see cref="Predict"/> classifies correctly in the given mode.</summary>
    public static double Accuracy(Module model, Dataset data, bool training, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        return AccuracyOf(Predict(model, data.Features, training, batchSize), data.Labels);
    }

    /// <summary>The fraction of predictions equal to their label.</summary>
    public static double AccuracyOf(int[] predictions, int[] labels)
    {
        RequireSameLength(predictions, labels, "predictions", "labels");
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (predictions[i] == labels[i]) correct++;
        return (double)correct / labels.Length;
    }

    /// <summary>The fraction of positions where two lists of predictions differ.</summary>
    public static double Disagreement(int[] a, int[] b)
    {
        RequireSameLength(a, b, "first predictions", "second predictions");
        int differ = 0;
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) differ++;
        return (double)differ / a.Length;
    }

    /// <summary>
    /// The same examples regrouped by class, so that batches taken in order each hold a single class: the most extreme
    /// batch unlike the shuffled ones the model trained on (a user uploading thirty photos of the same digit).
    /// </summary>
    public static Dataset SortedByClass(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Subset(Enumerable.Range(0, data.Count).OrderBy(i => data.Labels[i]).ToArray());
    }

    /// <summary>
    /// The model's probability for the true class of example <paramref name="example"/>, in training mode, once per trial,
    /// each time batched with <paramref name="companions"/> other examples drawn at random. Evaluation mode would give the
    /// same number every time (<see cref="TrueClassProbability"/>).
    /// </summary>
    public static double[] TrueClassProbabilityWithCompanions(Module model, Dataset data, int example, int companions, int trials, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rng);
        RequireExample(data, example);
        if (companions < 1 || companions >= data.Count)
            throw new ArgumentOutOfRangeException(nameof(companions), $"Companions must lie in [1, {data.Count - 1}], but {companions} came.");
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), $"Run at least one trial, but trials = {trials}.");
        var saved = new ParameterSnapshot(model);
        var batch = new Matrix(companions + 1, data.FeatureCount);
        var probabilities = new double[trials];
        for (int t = 0; t < trials; t++)
        {
            data.Features.Row(example).CopyTo(batch.Row(0));
            for (int k = 1; k <= companions; k++)
            {
                int other;
                do other = rng.NextInt(data.Count); while (other == example);
                data.Features.Row(other).CopyTo(batch.Row(k));
            }
            probabilities[t] = Softmax(model.Forward(batch, training: true).Row(0))[data.Labels[example]];
        }
        saved.Restore();
        return probabilities;
    }

    /// <summary>The model's probability for the true class of one example, alone, in evaluation mode.</summary>
    public static double TrueClassProbability(Module model, Dataset data, int example)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        RequireExample(data, example);
        var row = new Matrix(1, data.FeatureCount);
        data.Features.Row(example).CopyTo(row.Row(0));
        return Softmax(model.Forward(row, training: false).Row(0))[data.Labels[example]];
    }

    private static double[] Softmax(ReadOnlySpan<float> logits)
    {
        float max = logits[0];
        foreach (var z in logits) max = Math.Max(max, z);
        var p = new double[logits.Length];
        double sum = 0;
        for (int c = 0; c < p.Length; c++) sum += p[c] = Math.Exp(logits[c] - max);
        for (int c = 0; c < p.Length; c++) p[c] /= sum;
        return p;
    }

    private static void RequireExample(Dataset data, int example)
    {
        if ((uint)example >= (uint)data.Count)
            throw new ArgumentOutOfRangeException(nameof(example), $"Example {example} is outside the dataset's {data.Count} rows.");
    }

    private static void RequireSameLength(int[] a, int[] b, string aName, string bName)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length || a.Length == 0)
            throw new ArgumentException($"Need as many {aName} as {bName}, and at least one: got {a.Length} and {b.Length}.");
    }
}

/// <summary>
/// Runs the wrapped model in one fixed mode whatever its caller asks. Training through
/// <c>new FixedMode(model, training: false)</c> reproduces a model left in evaluation mode after a validation pass:
/// its BatchNorm layers never see a batch's statistics and never update their running averages.
/// </summary>
public sealed class FixedMode(Module inner, bool training) : Module
{
    public Module Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));
    public bool Training { get; } = training;

    public override Matrix Forward(Matrix input, bool training) => Output = Inner.Forward(input, Training);

    public override Matrix Backward(Matrix gradOutput) => InputGradient = Inner.Backward(gradOutput);

    public override IEnumerable<Parameter> Parameters() => Inner.Parameters();

    public override IEnumerable<Matrix> Statistics() => Inner.Statistics();

    public override string ToString() => $"{Inner}, stuck in {(Training ? "training" : "evaluation")} mode";
}

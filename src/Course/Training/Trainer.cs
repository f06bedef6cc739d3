using Course.Data;
using Course.Regularization;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Course.Training;

/// <summary>The mean loss and the accuracy of a model on a dataset, in evaluation mode.</summary>
public readonly record struct Evaluation(double Loss, double Accuracy);

/// <summary>
/// The plain training loop a learner writes in TorchSharp, with what it measured kept in a <see cref="History"/>:
/// for each batch, forward, loss, <c>zero_grad</c>, <c>backward</c>, (penalty, clipping), <c>step</c>, all inside a
/// <c>torch.NewDisposeScope()</c>, so a step leaves no tensor behind. Callbacks see each step and epoch and can stop
/// the run. If the loss stops being finite, training stops before that step changes a weight, and the history says where.
/// </summary>
public sealed class Trainer
{
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>A torch loss module taking (output, labels): <c>nn.CrossEntropyLoss()</c>, <c>nn.NLLLoss()</c>.</summary>
    public nn.Module<Tensor, Tensor, Tensor> Loss { get; }

    public optim.Optimizer Optimizer { get; }

    /// <summary>When set, added to the loss before every backward pass. The history records the data loss without it, comparable with validation.</summary>
    public Penalty? Penalty { get; init; }

    /// <summary>When set, each training batch goes through it before the model (data augmentation); inside the step's dispose scope.</summary>
    public Func<Tensor, Tensor>? Augment { get; init; }

    /// <summary>When set, gradients are clipped to this global norm before every step (<c>clip_grad_norm_</c>).</summary>
    public double? ClipGradNorm { get; init; }

    /// <summary>
    /// True (the default) clears the gradients before every backward pass. Setting it false reproduces the classic bug
    /// of never calling zero_grad: each step then follows the sum of all gradients so far.
    /// </summary>
    public bool ZeroGradEachStep { get; init; } = true;

    public Trainer(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> loss, optim.Optimizer optimizer)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over <paramref name="train"/> in batches of <paramref name="batchSize"/>,
    /// reshuffled every epoch by a generator seeded with <paramref name="shuffleSeed"/> (null keeps the dataset's order),
    /// evaluating on <paramref name="validation"/> after each epoch.
    /// </summary>
    public History Fit(Dataset train, int epochs, int batchSize, Dataset? validation = null, long? shuffleSeed = 0, params TrainingCallback[] callbacks)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(callbacks);
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"Epochs must be >= 0, but {epochs} came.");
        var history = new History();
        var context = new TrainingContext(Model, Loss, Optimizer, history);
        var parameters = Model.parameters().ToArray();
        using var shuffle = shuffleSeed is { } seed ? new Generator((ulong)seed) : null;
        var batches = train.Batches(batchSize, shuffle);
        foreach (var callback in callbacks) callback.BeforeTraining(context);

        for (int epoch = 1; epoch <= epochs && !context.StopRequested; epoch++)
        {
            context.Epoch = epoch;
            Model.train();
            double lossSum = 0;
            long seen = 0;
            using var correct = zeros(1, dtype: int64);
            foreach (var (x, y) in batches)
            {
                context.Step++;
                if (!TrainStep(context, parameters, x, y, callbacks, ref lossSum, correct))
                    break;
                seen += y.shape[0];
                if (context.StopRequested)
                    break;
            }
            if (seen == 0 || history.Diverged)
                break;
            history.trainLoss.Add(lossSum / seen);
            history.trainAccuracy.Add((double)correct.item<long>() / seen);
            var score = validation is null ? new Evaluation(double.NaN, double.NaN) : Evaluate(Model, Loss, validation);
            history.validationLoss.Add(score.Loss);
            history.validationAccuracy.Add(score.Accuracy);
            foreach (var callback in callbacks) callback.AfterEpoch(context);
        }
        history.StopReason = context.StopReason;
        foreach (var callback in callbacks) callback.AfterTraining(context);
        return history;
    }

    /// <returns>False when the loss stopped being finite (the run is then over, before that step changes a weight).</returns>
    private bool TrainStep(TrainingContext context, Parameter[] parameters, Tensor x, Tensor y, TrainingCallback[] callbacks,
        ref double lossSum, Tensor correct)
    {
        using var scope = NewDisposeScope();
        (context.Features, context.Labels) = (x, y);
        var output = context.Output = Model.call(Augment is null ? x : Augment(x));
        var loss = Loss.call(output, y);
        if (ZeroGradEachStep)
            Optimizer.zero_grad();
        (Penalty is null ? loss : loss + Penalty.Term(Model)).backward();
        context.StepLoss = loss.item<float>();
        context.History.stepLoss.Add(context.StepLoss);
        if (!double.IsFinite(context.StepLoss))
        {
            context.History.stepGradNorm.Add(double.NaN);
            Diverge(context, $"the loss became non-finite ({context.StepLoss.ToString(System.Globalization.CultureInfo.InvariantCulture)}) at epoch {context.Epoch}, step {context.Step}");
            return false;
        }
        context.GradNorm = nn.utils.clip_grad_norm_(parameters, ClipGradNorm ?? double.PositiveInfinity);
        context.History.stepGradNorm.Add(context.GradNorm);
        foreach (var callback in callbacks) callback.AfterBackward(context);
        Optimizer.step();

        lossSum += context.StepLoss * y.shape[0];
        correct.add_(output.argmax(1).eq(y).sum());   // read once per epoch: no wait for the value here
        foreach (var callback in callbacks) callback.AfterStep(context);
        (context.Features, context.Labels, context.Output) = (null, null, null);
        return true;
    }

    private static void Diverge(TrainingContext context, string reason)
    {
        context.History.Diverged = true;
        context.Stop(reason);
    }

    public Evaluation Evaluate(Dataset data, int batchSize = 500) => Evaluate(Model, Loss, data, batchSize);

    /// <summary>Mean loss and accuracy over <paramref name="data"/>, in evaluation mode and without gradients; the model's mode is restored after.</summary>
    public static Evaluation Evaluate(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> loss, Dataset data, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(data);
        using var mode = new Mode(model, training: false);
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0;
        foreach (var (x, y) in data.Batches(batchSize))
        {
            using var scope = NewDisposeScope();
            var output = model.call(x);
            if (!output.isfinite().all().item<bool>())
                return new Evaluation(double.NaN, double.NaN);
            lossSum += loss.call(output, y).item<float>() * y.shape[0];
            correct += Correct(output, y);
        }
        return new Evaluation(lossSum / data.Count, (double)correct / data.Count);
    }

    /// <summary>
    /// The predicted class (argmax of the output) of every example in <paramref name="features"/>, in batches, without gradients.
    /// Evaluation mode unless <paramref name="training"/> is set: predicting in training mode is the train/eval bug
    /// (batch norm then normalises by each batch's own statistics and updates its running ones; dropout drops).
    /// </summary>
    public static Tensor Predict(nn.Module<Tensor, Tensor> model, Tensor features, int batchSize = 500, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batch size must be at least 1, but {batchSize} came.");
        using var mode = new Mode(model, training);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < features.shape[0]; start += batchSize)
            parts.Add(model.call(features.narrow(0, start, Math.Min(batchSize, features.shape[0] - start))).argmax(1));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    private static long Correct(Tensor output, Tensor labels)
    {
        using var hits = output.argmax(1).eq(labels).sum();
        return hits.item<long>();
    }

    /// <summary>Puts a model in training or evaluation mode and restores its mode on dispose.</summary>
    internal readonly struct Mode : IDisposable
    {
        private readonly nn.Module _model;
        private readonly bool _was;

        public Mode(nn.Module model, bool training)
        {
            (_model, _was) = (model, model.training);
            model.train(training);
        }

        public void Dispose() => _model.train(_was);
    }
}

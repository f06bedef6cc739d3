using Course.Data;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Regularization;
using Course.Tensors;

namespace Course.Training;

/// <summary>The loss and accuracy of a model on a dataset, in evaluation mode.</summary>
public readonly record struct Evaluation(double Loss, double Accuracy);

/// <summary>
/// The plain training loop: for each batch, forward, loss, zero the gradients, backward, (penalty, clip), step.
/// Everything it measures goes into a <see cref="History"/>; callbacks see each step and epoch and can stop the run.
/// If the model's output stops being finite, training stops and the history says where.
/// </summary>
public sealed class Trainer
{
    public Module Model { get; }
    public Loss Loss { get; }
    public Optimizer Optimizer { get; }

    /// <summary>When set, its gradient is added before every step. The history records the data loss without it, comparable with validation.</summary>
    public Penalty? Penalty { get; init; }

    /// <summary>When set, gradients are clipped to this global norm before every step.</summary>
    public double? ClipGradNorm { get; init; }

    /// <summary>
    /// True (the default) clears the gradients before every backward pass. Setting it false reproduces the classic bug
    /// of never zeroing them: each step then follows the sum of all gradients so far.
    /// </summary>
    public bool ZeroGradEachStep { get; init; } = true;

    public Trainer(Module model, Loss loss, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        Model = model;
        Loss = loss;
        Optimizer = optimizer;
    }

    /// <summary>Trains for <paramref name="epochs"/> passes over <paramref name="train"/>, evaluating on <paramref name="validation"/> after each.</summary>
    public History Fit(DataLoader train, int epochs, Dataset? validation = null, params TrainingCallback[] callbacks)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"Epochs must be >= 0, but {epochs} came.");
        var hooks = callbacks.ToArray();
        var history = new History();
        var context = new TrainingContext(Model, Loss, Optimizer, history);
        history.stepLoss.Capacity = epochs * train.BatchCount;
        history.stepGradNorm.Capacity = epochs * train.BatchCount;

        for (int epoch = 1; epoch <= epochs && !context.StopRequested; epoch++)
        {
            context.Epoch = epoch;
            double lossSum = 0;
            int seen = 0, correct = 0;
            foreach (var batch in train)
            {
                context.Step++;
                context.Batch = batch;
                if (!TrainStep(context, hooks, ref lossSum, ref correct)) break;
                seen += batch.Size;
                if (context.StopRequested) break;
            }
            if (seen == 0) break;
            history.trainLoss.Add(lossSum / seen);
            history.trainAccuracy.Add((double)correct / seen);
            var val = validation is null ? new Evaluation(double.NaN, double.NaN) : Evaluate(Model, Loss, validation);
            history.validationLoss.Add(val.Loss);
            history.validationAccuracy.Add(val.Accuracy);
            foreach (var h in hooks) h.AfterEpoch(context);
        }
        history.StopReason = context.StopReason;
        foreach (var h in hooks) h.AfterTraining(context);
        return history;
    }

    /// <returns>False when the output or the loss stopped being finite (the run is then over).</returns>
    private bool TrainStep(TrainingContext context, TrainingCallback[] hooks, ref double lossSum, ref int correct)
    {
        var batch = context.Batch;
        var output = Model.Forward(batch.Features, training: true);
        context.Output = output;
        if (!output.IsFinite())
        {
            Diverge(context, $"the model's output became non-finite at epoch {context.Epoch}, step {context.Step}: {Diagnostics.NonFinite.Describe(Model)}");
            return false;
        }
        double loss = Loss.Forward(output, batch.Labels);
        if (ZeroGradEachStep) Optimizer.ZeroGrad();
        Model.Backward(Loss.Backward());
        Penalty?.AddGradient(Optimizer.Parameters);
        context.StepLoss = loss;
        context.GradNorm = GradientClipping.GlobalNorm(Optimizer.Parameters);
        if (ClipGradNorm is double cap) Optimizer.ClipGradNorm(cap);
        foreach (var h in hooks) h.AfterBackward(context);
        Optimizer.Step();

        context.History.stepLoss.Add(loss);
        context.History.stepGradNorm.Add(context.GradNorm);
        lossSum += loss * batch.Size;
        correct += CountCorrect(Loss, output, batch.Labels);
        foreach (var h in hooks) h.AfterStep(context);
        if (!double.IsFinite(loss))
        {
            Diverge(context, $"the loss became {loss} at epoch {context.Epoch}, step {context.Step}");
            return false;
        }
        return true;
    }

    private static void Diverge(TrainingContext context, string reason)
    {
        context.History.Diverged = true;
        context.Stop(reason);
    }

    public Evaluation Evaluate(Dataset data, int batchSize = 500) => Evaluate(Model, Loss, data, batchSize);

    public int[] Predict(Matrix features, int batchSize = 500) => Predict(Model, Loss, features, batchSize);

    /// <summary>Mean loss and accuracy over <paramref name="data"/>, in evaluation mode, without touching any gradient.</summary>
    public static Evaluation Evaluate(Module model, Loss loss, Dataset data, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(data);
        double lossSum = 0;
        int correct = 0;
        foreach (var batch in new DataLoader(data, batchSize))
        {
            var output = model.Forward(batch.Features, training: false);
            if (!output.IsFinite()) return new Evaluation(double.NaN, double.NaN);
            lossSum += loss.Forward(output, batch.Labels) * batch.Size;
            correct += CountCorrect(loss, output, batch.Labels);
        }
        return new Evaluation(lossSum / data.Count, (double)correct / data.Count);
    }

    /// <summary>
    /// The predicted class of every row of <paramref name="features"/>, in batches of <paramref name="batchSize"/> rows.
    /// Evaluation mode unless <paramref name="training"/> is set: predicting in training mode is the train/eval bug
    /// (batch norm then normalises by each batch's own statistics and updates its running ones; dropout drops).
    /// </summary>
    public static int[] Predict(Module model, Loss loss, Matrix features, int batchSize = 500, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(features);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batch size must be at least 1, but {batchSize} came.");
        var predictions = new int[features.Rows];
        for (int start = 0; start < features.Rows; start += batchSize)
        {
            int size = Math.Min(batchSize, features.Rows - start);
            var chunk = new Matrix(size, features.Cols);
            Array.Copy(features.Data, start * features.Cols, chunk.Data, 0, chunk.Length);
            var output = model.Forward(chunk, training);
            for (int r = 0; r < size; r++) predictions[start + r] = loss.PredictClass(output.Row(r));
        }
        return predictions;
    }

    private static int CountCorrect(Loss loss, Matrix output, int[] labels)
    {
        int correct = 0;
        for (int r = 0; r < output.Rows; r++)
            if (loss.PredictClass(output.Row(r)) == labels[r]) correct++;
        return correct;
    }
}

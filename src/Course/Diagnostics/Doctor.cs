using System.Globalization;
using Course.Data;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Course.Diagnostics;

/// <summary>
/// Runs the debugging checklist on a training setup and says what is wrong with it. Give it what you have: a model
/// factory, the data, the loss, an optimiser factory and a step budget. It checks the data, then a fresh model as written
/// (loss inputs, evaluation mode, symmetric start, gradient flow, custom layers' gradients), tries to memorise ten examples,
/// and trains a fresh model for the budget with probes attached; every model is built after <c>torch.manual_seed(seed)</c>.
/// <code>var diagnosis = Doctor.Examine(() => Mlp.Build([784, 64, 10]), train, validation, nn.CrossEntropyLoss(),
///     parameters => optim.Adam(parameters, 3e-4));</code>
/// A finished run can be examined without training again: <c>Doctor.Examine(history, monitor)</c>.
/// </summary>
public static class Doctor
{
    /// <summary>
    /// Examines a setup: <paramref name="steps"/> training steps in batches of <paramref name="batchSize"/>, shuffled every epoch
    /// unless <paramref name="shuffle"/> is false. <paramref name="expectedAccuracy"/> is what a good model reaches on the task (a
    /// known baseline or human level): training accuracy more than 0.1 below it is underfitting; the notes take 0.9 for MNIST.
    /// </summary>
    public static Diagnosis Examine(Func<nn.Module> model, Dataset train, Dataset? validation, nn.Module<Tensor, Tensor, Tensor> loss,
        Func<IEnumerable<Parameter>, optim.Optimizer> optimizer, int steps = 300, int batchSize = 64, bool shuffle = true, long seed = 0,
        double expectedAccuracy = 0.9)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (steps < 8)
            throw new ArgumentOutOfRangeException(nameof(steps), $"Expected a budget of at least 8 steps (a loss curve needs them), but {steps} came.");
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"Expected a batch size of at least 1, but {batchSize} came.");
        if (train.ClassCount < 2)
            throw new ArgumentException($"Expected a classification task with at least 2 classes, but the training data has {train.ClassCount}.", nameof(train));
        if (validation is not null && (validation.FeatureCount != train.FeatureCount || validation.ClassCount != train.ClassCount))
            throw new ArgumentException($"Expected validation data like the training data ({train.FeatureCount} features, {train.ClassCount} classes), " +
                $"but {validation.FeatureCount} features and {validation.ClassCount} classes came.", nameof(validation));

        var exam = new Examination(expectedAccuracy);
        exam.Data(train, validation, batchSize, shuffle, seed);
        using var sample = Sample(train, 256, seed);
        exam.Model(Build(model, seed, train), optimizer, loss, sample, train);
        exam.CustomGradients(() => Build(model, seed, train), sample);
        using (var ten = Sample(train, 10, seed, balanced: true))
            exam.Overfit(Build(model, seed, train), optimizer, loss, ten);
        var (history, monitor, evaluation) = Train(Build(model, seed, train), optimizer, loss, train, validation, steps, batchSize, shuffle, seed);
        exam.Run(history, monitor, evaluation);
        string summary = string.Format(CultureInfo.InvariantCulture, "{0} steps in batches of {1} on {2} examples{3}{4}", history.Steps, batchSize,
            train.Count, validation is null ? "" : $", validated on {validation.Count}", shuffle ? "" : ", unshuffled");
        return exam.Diagnosis(summary);
    }

    /// <summary>Examines a run that has already happened, from its history and, when it was probed, its monitor.</summary>
    public static Diagnosis Examine(History history, TrainingMonitor? monitor = null, double expectedAccuracy = 0.9)
    {
        ArgumentNullException.ThrowIfNull(history);
        var exam = new Examination(expectedAccuracy);
        exam.Run(history, monitor, evaluation: null);
        return exam.Diagnosis($"a finished run of {history.Steps} steps{(monitor is null ? "" : ", probed")}");
    }

    private static nn.Module<Tensor, Tensor> Build(Func<nn.Module> factory, long seed, Dataset train)
    {
        manual_seed(seed);
        var model = ModuleTree.TensorToTensor(factory(), "model");
        long[] shape;
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        using (var mode = new Trainer.Mode(model, training: false))
            shape = model.call(train.Features.narrow(0, 0, Math.Min(2, train.Count))).shape;
        if (shape.Length != 2 || shape[1] != train.ClassCount)
        {
            model.Dispose();
            throw new ArgumentException($"Expected the model to output one score per class, shape [batch, {train.ClassCount}], but it output shape [{string.Join(", ", shape)}].", "model");
        }
        return model;
    }

    /// <summary>Up to <paramref name="count"/> examples drawn at random (seeded); balanced takes one of each class in turn first.</summary>
    private static Dataset Sample(Dataset data, int count, long seed, bool balanced = false)
    {
        using var generator = new Generator((ulong)seed);
        using var order = randperm(data.Count, generator: generator);
        var rows = order.data<long>().ToArray();
        if (balanced) // deal the shuffled examples class by class: the first ten hold ten classes when there are ten
        {
            var labels = data.Labels.data<long>().ToArray();
            var byClass = rows.GroupBy(r => labels[r]).Select(g => g.ToArray()).ToArray();
            rows = [.. Enumerable.Range(0, byClass.Max(g => g.Length)).SelectMany(i => byClass.Where(g => i < g.Length).Select(g => g[i]))];
        }
        return data.Subset(rows.Take(Math.Min(count, data.Count)).ToArray());
    }

    /// <summary>The probed training run: <paramref name="steps"/> steps, then both sets scored in evaluation mode.</summary>
    private static (History, TrainingMonitor, (Evaluation Train, Evaluation? Validation)) Train(nn.Module<Tensor, Tensor> model,
        Func<IEnumerable<Parameter>, optim.Optimizer> optimizer, nn.Module<Tensor, Tensor, Tensor> loss, Dataset train, Dataset? validation,
        int steps, int batchSize, bool shuffle, long seed)
    {
        using (model)
        using (var opt = optimizer(model.parameters()))
        {
            var monitor = new TrainingMonitor(every: Math.Max(1, steps / 30));
            var stop = TrainingCallback.OnStep(c => { if (c.Step == steps) c.Stop("budget"); });
            var trainer = new Trainer(model, loss, opt);
            int epochs = (steps + train.BatchCount(batchSize) - 1) / train.BatchCount(batchSize);
            var history = trainer.Fit(train, epochs, batchSize, validation, shuffle ? seed : null, monitor, stop);
            using var trainPart = train.Count > 2000 ? train.Take(2000) : null;
            return (history, monitor, (trainer.Evaluate(trainPart ?? train), validation is null ? null : trainer.Evaluate(validation)));
        }
    }
}

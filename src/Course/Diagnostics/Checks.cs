using Course.Data;
using Course.Training;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Course.Diagnostics;

/// <summary>The practitioner's checks before a long training, each returning a verdict with the numbers behind it.</summary>
public static partial class Checks
{
    /// <summary>The cross-entropy of a uniform guess over <paramref name="classes"/> classes: ln C (2.3026 for 10).</summary>
    public static double ChanceLoss(int classes) => classes >= 2 ? Math.Log(classes)
        : throw new ArgumentOutOfRangeException(nameof(classes), $"Expected at least 2 classes, but {classes} came.");

    /// <summary>
    /// The untrained model's loss on <paramref name="data"/> (evaluation mode) next to ln C. Whatever the class balance,
    /// a model that outputs equal scores for every class scores exactly ln C; passes within <paramref name="tolerance"/> (relative).
    /// </summary>
    public static ChanceLossCheck LossAtInitialisation(nn.Module model, nn.Module<Tensor, Tensor, Tensor> loss, Dataset data, double tolerance = 0.1)
    {
        var m = ModuleTree.TensorToTensor(model, nameof(model));
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(data);
        ChanceLoss(data.ClassCount);
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        using (var mode = new Trainer.Mode(m, training: false))
            CheckScores(m.call(data.Features.narrow(0, 0, 1)), data.ClassCount, exact: true);
        return new ChanceLossCheck(Trainer.Evaluate(m, loss, data).Loss, data.ClassCount, tolerance);
    }

    /// <summary>
    /// Trains on one batch of 2 to 20 examples for <paramref name="steps"/> steps (training mode), then scores it in evaluation
    /// mode. A correct model and loop drive the loss towards 0; one that cannot has a bug (labels, a detached layer, a sign, the learning rate).
    /// With <paramref name="stopEarly"/>, training ends at the first step whose loss is a quarter of the target or less.
    /// </summary>
    public static OverfitCheck OverfitOneBatch(nn.Module model, nn.Module<Tensor, Tensor, Tensor> loss, optim.Optimizer optimizer,
        Tensor features, Tensor labels, int steps = 200, double target = 0.01, bool stopEarly = false)
    {
        var m = ModuleTree.TensorToTensor(model, nameof(model));
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ModuleTree.CheckBatch(features, labels, minExamples: 2, maxExamples: 20);
        if (labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected int64 class labels, but {labels.dtype} came.", nameof(labels));
        if (steps < 1)
            throw new ArgumentOutOfRangeException(nameof(steps), $"Expected at least 1 step, but {steps} came.");
        var losses = new List<double>(steps);
        using (var mode = new Trainer.Mode(m, training: true))
        {
            for (int s = 0; s < steps; s++)
            {
                using var scope = NewDisposeScope();
                var output = m.call(features);
                if (s == 0)
                    CheckScores(output, labels.max().item<long>() + 1, exact: false);
                var value = loss.call(output, labels);
                if (value.requires_grad) // with every parameter frozen there is nothing to step
                {
                    optimizer.zero_grad();
                    value.backward();
                    optimizer.step();
                }
                losses.Add(value.ToDouble());
                if (stopEarly && losses[^1] <= target / 4)
                    break;
            }
        }
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        using (var mode = new Trainer.Mode(m, training: false))
        {
            var output = m.call(features);
            double final = loss.call(output, labels).ToDouble();
            double accuracy = output.argmax(1).eq(labels).to(ScalarType.Float64).mean().item<double>();
            return new OverfitCheck(losses, final, accuracy, (int)features.shape[0], target);
        }
    }

    /// <summary>
    /// Trains a fresh model from <paramref name="model"/> twice from the same seed, once on <paramref name="data"/> and once on
    /// the same labels with every input set to 0, and scores each on its own training data. Without inputs a model can only
    /// learn the class balance; a model that does no better with them is not using them.
    /// </summary>
    public static ZeroInputCheck ZeroInputBaseline(Func<nn.Module> model, Func<IEnumerable<Parameter>, optim.Optimizer> optimizer,
        nn.Module<Tensor, Tensor, Tensor> loss, Dataset data, int epochs = 5, int batchSize = 32, long seed = 0, double margin = 0.1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(data);
        if (epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(epochs), $"Expected at least 1 epoch, but {epochs} came.");
        Evaluation Train(Dataset set)
        {
            manual_seed(seed);
            using var m = ModuleTree.TensorToTensor(model(), nameof(model));
            using var opt = optimizer(m.parameters());
            var trainer = new Trainer(m, loss, opt);
            trainer.Fit(set, epochs, batchSize, shuffleSeed: seed);
            return trainer.Evaluate(set);
        }
        var real = Train(data);
        using var zeroed = new Dataset(zeros_like(data.Features), data.Labels.clone(), data.ClassCount, data.ClassNames);
        var zero = Train(zeroed);
        return new ZeroInputCheck(real.Loss, zero.Loss, real.Accuracy, zero.Accuracy, margin);
    }

    /// <summary>The model's parameters that <paramref name="optimizer"/> will never change: frozen, or not among <c>optimizer.parameters()</c>.</summary>
    public static UntrainedParametersCheck UntrainedParameters(nn.Module model, optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var optimized = optimizer.parameters().Select(p => p.Handle).ToHashSet();
        var all = model.named_parameters().ToList();
        return new UntrainedParametersCheck(
            all.Where(p => !p.parameter.requires_grad).Select(p => p.name).ToList(),
            all.Where(p => !optimized.Contains(p.parameter.Handle)).Select(p => p.name).ToList(),
            all.Count);
    }

    /// <summary>Whether the model's dropout and batch-norm layers are in training (<paramref name="training"/> true) or evaluation mode.</summary>
    public static ModeCheck Mode(nn.Module model, bool training)
    {
        ArgumentNullException.ThrowIfNull(model);
        var dependent = ModuleTree.Leaves(model)
            .Where(l => l.Module.GetType().Name is var type && (type.Contains("Dropout") || type.Contains("BatchNorm") || type.Contains("InstanceNorm")))
            .ToList();
        return new ModeCheck(training, dependent.Select(l => l.Path).ToList(),
            dependent.Where(l => l.Module.training != training).Select(l => l.Path).ToList());
    }

    /// <summary>One row per check: check, passed, verdict.</summary>
    public static DataFrame ToDataFrame(params ICheck[] checks) => new(
        new StringDataFrameColumn("check", checks.Select(c => c.Name)),
        new BooleanDataFrameColumn("passed", checks.Select(c => c.Passed)),
        new StringDataFrameColumn("verdict", checks.Select(c => c.Verdict)));

    /// <summary>Class scores: one row per example, one column per class (<paramref name="exact"/>: exactly that many columns, else at least).</summary>
    private static void CheckScores(Tensor output, long classes, bool exact)
    {
        if (output.dim() != 2 || (exact ? output.shape[1] != classes : output.shape[1] < classes))
            throw new ArgumentException(
                $"Expected the model to output one score per class, shape [batch, {(exact ? "" : "at least ")}{classes}], but it output shape {ModuleTree.Shape(output)}.");
    }
}

using Course.Data;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Training;

namespace Course.Diagnostics;

/// <summary>The loss of an untrained model next to the loss of guessing uniformly, ln C.</summary>
public sealed record InitialLossCheck(double Measured, double Expected, double Tolerance)
{
    public bool Passed => Math.Abs(Measured - Expected) <= Tolerance * Expected;

    public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
        "Loss at initialisation {0:F4}, chance level ln C = {1:F4}: {2}", Measured, Expected,
        Passed ? "as expected" : Measured > Expected ? "too high (confident wrong predictions: check the init scale and the last layer)" : "suspiciously low (is the label leaking into the input?)");
}

/// <summary>The losses of repeated steps on one fixed batch, and whether they got near 0.</summary>
public sealed record OverfitCheck(IReadOnlyList<double> Losses, double Target, double FinalAccuracy)
{
    public double FinalLoss => Losses[^1];
    public bool Passed => FinalLoss <= Target;

    /// <summary>The first step (from 1) whose loss was at or below the target, or 0 if none.</summary>
    public int StepReached => Losses.Select((l, i) => (l, i)).FirstOrDefault(x => x.l <= Target, (0, -1)).Item2 + 1;

    public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
        "Overfit one batch: loss {0:G4} -> {1:G4} in {2} steps, accuracy {3:P0}: {4}", Losses[0], FinalLoss, Losses.Count, FinalAccuracy,
        Passed ? $"reached {Target:G2} at step {StepReached}" : $"did not reach {Target:G2} (a model that cannot memorise a few examples has a bug)");
}

/// <summary>Sanity checks to run before a long training: the practitioner's checklist as code.</summary>
public static class Checks
{
    /// <summary>The cross-entropy of a uniform guess over <paramref name="classes"/> classes: ln C (2.302 for 10).</summary>
    public static double ChanceLoss(int classes) =>
        classes >= 2 ? Math.Log(classes) : throw new ArgumentOutOfRangeException(nameof(classes), $"Chance loss needs at least 2 classes, but {classes} came.");

    /// <summary>Evaluates the untrained model and compares with ln C; within <paramref name="tolerance"/> (relative) passes.</summary>
    public static InitialLossCheck LossAtInitialisation(Module model, Loss loss, Dataset data, double tolerance = 0.1)
    {
        var measured = Trainer.Evaluate(model, loss, data).Loss;
        return new InitialLossCheck(measured, ChanceLoss(data.ClassCount), tolerance);
    }

    /// <summary>
    /// Trains on one batch for <paramref name="steps"/> steps. A correct model and training loop drive the loss towards 0;
    /// one that cannot has a bug (wrong labels, a detached layer, a sign error, a learning rate far off).
    /// </summary>
    public static OverfitCheck OverfitOneBatch(Module model, Loss loss, Optimizer optimizer, Batch batch, int steps = 200, double target = 0.01)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"Steps must be at least 1, but {steps} came.");
        var losses = new List<double>(steps);
        for (int s = 0; s < steps; s++)
        {
            var output = model.Forward(batch.Features, training: true);
            losses.Add(loss.Forward(output, batch.Labels));
            optimizer.ZeroGrad();
            model.Backward(loss.Backward());
            optimizer.Step();
        }
        var final = model.Forward(batch.Features, training: false);
        int correct = 0;
        for (int r = 0; r < final.Rows; r++)
            if (loss.PredictClass(final.Row(r)) == batch.Labels[r]) correct++;
        return new OverfitCheck(losses, target, (double)correct / batch.Size);
    }

    /// <summary>
    /// A copy of <paramref name="data"/> with every feature set to 0 and the labels kept: train on it to get the
    /// input-independent baseline. A model trained on real inputs that does no better is not using them.
    /// </summary>
    public static Dataset WithZeroInputs(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Dataset(new Tensors.Matrix(data.Count, data.FeatureCount), (int[])data.Labels.Clone(), data.ClassCount, data.ClassNames);
    }

    /// <summary>The model's parameters that the optimizer will never change: frozen, or not given to it at all.</summary>
    public static IReadOnlyList<Parameter> UntrainedParameters(Module model, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var optimized = optimizer.Parameters.ToHashSet();
        return model.Parameters().Where(p => p.Frozen || !optimized.Contains(p)).ToList();
    }
}

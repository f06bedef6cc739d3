using Course.Data;
using Course.Models;
using Course.Regularization;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// A 784-64-10 net trained with one penalty (or none): its accuracies, the share of first-layer weights within
/// <see cref="PenaltySparsity.NearZero"/> of 0, their L2 norm, and the weights themselves for a histogram.
/// </summary>
public sealed record PenaltyRun(string Penalty, double TrainAccuracy, double ValidationAccuracy, double NearZeroShare, double WeightNorm, float[] FirstLayerWeights);

/// <summary>
/// L1, L2 and elastic net side by side on the same digits, from the same initial weights and batches. L1's pull on a
/// weight is the same whatever its size, so weights that the data does not defend (all those of pixels black in every
/// training digit among them) end at 0; L2's pull shrinks with the weight, so they become small but stay nonzero.
/// Plain SGD (learning rate 0.1), so what a penalty does is not rescaled per weight the way Adam rescales it.
/// </summary>
public static class PenaltySparsity
{
    /// <summary>|w| below this counts as zero: 1% of nn.Linear's initial bound 1/√784 ≈ 0.036.</summary>
    public const double NearZero = 3.6e-4;

    public static PenaltyRun Train(Penalty? penalty, Dataset train, Dataset validation, int epochs, long seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        manual_seed(seed);
        using var model = Mlp.Build([train.FeatureCount, 64, train.ClassCount]);
        using var loss = nn.CrossEntropyLoss();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var trainer = new Trainer(model, loss, optimizer) { Penalty = penalty };
        trainer.Fit(train, epochs, 50, shuffleSeed: seed);
        using var scope = NewDisposeScope();
        var w = model.parameters().First().detach();   // linear1.weight, 64 x 784
        return new PenaltyRun(penalty?.ToString() ?? "none", trainer.Evaluate(train).Accuracy, trainer.Evaluate(validation).Accuracy,
            (w.abs() < NearZero).to(float32).mean().item<float>(), w.norm().item<float>(), w.flatten().data<float>().ToArray());
    }
}

using Course.Data;
using Course.Models;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>An augmentation policy's result: accuracy on the clean training digits and on validation digits.</summary>
public sealed record AugmentationRun(string Policy, double TrainAccuracy, double ValidationAccuracy);

/// <summary>
/// What augmentation buys on a small training set, and what too much of it costs. A 784-128-10 net (Adam 1e-3, batches
/// of 50) sees every training batch freshly augmented at every step; the accuracies are then measured on the
/// un-augmented training digits and on validation digits.
/// </summary>
public static class AugmentationGain
{
    /// <summary>
    /// Shifts of up to 2·<paramref name="strength"/> pixels (random crop) and turns of up to 10·<paramref name="strength"/>
    /// degrees. Strength 1 is about what real handwriting varies by; at strength 6 (60°, 12 of 28 pixels) much of a
    /// digit can leave the frame.
    /// </summary>
    public static Func<Tensor, Generator, Tensor> Policy(double strength) =>
        strength >= 0 ? (x, g) => Augmentations.RandomCrop(Augmentations.Rotate(x, 10 * strength, g), (int)Math.Round(2 * strength), g)
            : throw new ArgumentOutOfRangeException(nameof(strength), $"The strength must be >= 0, but {strength} came.");

    public static AugmentationRun Train(string policy, Func<Tensor, Generator, Tensor>? augment, Dataset train, Dataset validation, int epochs, long seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        manual_seed(seed);
        using var model = Mlp.Build([train.FeatureCount, 128, train.ClassCount]);
        using var loss = nn.CrossEntropyLoss();
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        using var draws = new Generator((ulong)seed + 1);
        new Trainer(model, loss, optimizer) { Augment = augment is null ? null : x => augment(x, draws) }.Fit(train, epochs, 50, shuffleSeed: seed);
        return new AugmentationRun(policy, Trainer.Evaluate(model, loss, train).Accuracy, Trainer.Evaluate(model, loss, validation).Accuracy);
    }
}

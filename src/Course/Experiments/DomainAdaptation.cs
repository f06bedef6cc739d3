using Course.Data;
using Course.Models;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>A source-trained model's accuracy on the source test set and on a shifted copy, standardised with source or with target statistics.</summary>
public sealed record AdaptationResult(string Shift, double Source, double WithSourceStatistics, double WithTargetStatistics);

/// <summary>
/// The simplest domain adaptation: align the first two moments of each input feature. The model is trained on inputs
/// standardised with source statistics; the target's inputs are standardised with statistics measured on the target
/// itself, which needs no target labels. A shift that scales and offsets each pixel is then undone exactly; a shift that
/// flips the sign of the contrast is not, since standardising keeps the sign. (CORAL aligns the covariances as well.)
/// </summary>
public static class DomainAdaptation
{
    /// <summary>Pixels x in [0, 1] become 0.3 x + 0.5: a faint digit on a grey background.</summary>
    public const string LowContrast = "low contrast";

    /// <summary>Pixels x become 1 - x: a dark digit on a white background.</summary>
    public const string Inverted = "inverted";

    public static IReadOnlyList<string> Shifts { get; } = [LowContrast, Inverted];

    /// <summary>A copy of <paramref name="data"/> with the pixels shifted as named.</summary>
    public static Dataset Shifted(Dataset data, string shift)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (scale, offset) = shift switch
        {
            LowContrast => (0.3, 0.5),
            Inverted => (-1.0, 1.0),
            _ => throw new ArgumentException($"Expected a shift from {string.Join(", ", Shifts)}, but \"{shift}\" came.", nameof(shift)),
        };
        return InputScaling.Rescaled(data, scale, offset);
    }

    /// <summary>
    /// Trains a 784-64-10 ReLU net (after <c>torch.manual_seed(seed)</c>, Adam 1e-3, batches of 64) on standardised
    /// <paramref name="train"/>, then scores it on <paramref name="test"/> and on each shifted copy of it.
    /// </summary>
    public static AdaptationResult[] Run(Dataset train, Dataset test, int epochs, long seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        using var source = Standardizer.Fit(train);
        using var standardised = source.Transform(train);
        manual_seed(seed);
        using var model = Mlp.Build([train.FeatureCount, 64, train.ClassCount]);
        using var loss = nn.CrossEntropyLoss();
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        new Trainer(model, loss, optimizer).Fit(standardised, epochs, 64, shuffleSeed: seed);
        double sourceAccuracy = Accuracy(model, source, test);
        return [.. Shifts.Select(shift =>
        {
            using var target = Shifted(test, shift);
            using var targetStatistics = Standardizer.Fit(target);
            return new AdaptationResult(shift, sourceAccuracy, Accuracy(model, source, target), Accuracy(model, targetStatistics, target));
        })];
    }

    private static double Accuracy(nn.Module<Tensor, Tensor> model, Standardizer standardizer, Dataset data)
    {
        using var x = standardizer.Transform(data);
        using var loss = nn.CrossEntropyLoss();
        return Trainer.Evaluate(model, loss, x).Accuracy;
    }
}

using Course.Data;
using Course.Models;
using Course.Training;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>How the pixels were scaled, and what the same net and optimiser made of them.</summary>
public sealed record ScalingResult(string Scaling, double Low, double High, double InitialLoss, double TrainLoss, double ValidationAccuracy);

/// <summary>
/// The notes' "normalise the scale of the inputs", measured: the sensible default (784-64-10 ReLU, Adam 3e-4) trained on the
/// same digits with the pixels in [0, 1], in [-0.5, 0.5], left in [0, 255], and standardised per pixel with statistics fitted
/// on the training set only.
/// </summary>
public static class InputScaling
{
    public const string UnitRange = "[0, 1]";
    public const string Centred = "[-0.5, 0.5]";
    public const string Raw = "[0, 255]";
    public const string Standardised = "standardised";

    public static IReadOnlyList<string> All { get; } = [UnitRange, Centred, Raw, Standardised];

    /// <summary>Training and validation pixels (given in [0, 1]) rescaled one way; standardisation fits its mean and std on <paramref name="train"/>.</summary>
    public static (Dataset Train, Dataset Validation) Apply(string scaling, Dataset train, Dataset validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (scaling == Standardised)
        {
            using var standardizer = Standardizer.Fit(train);
            return (standardizer.Transform(train), standardizer.Transform(validation));
        }
        (double scale, double shift) = scaling switch
        {
            UnitRange => (1.0, 0.0),
            Centred => (1.0, -0.5),
            Raw => (255.0, 0.0),
            _ => throw new ArgumentException($"Expected one of {string.Join(", ", All)}, but \"{scaling}\" came.", nameof(scaling)),
        };
        return (Rescaled(train, scale, shift), Rescaled(validation, scale, shift));
    }

    /// <summary>Trains a fresh 784-64-10 ReLU net (after <c>torch.manual_seed(seed)</c>) with Adam 3e-4 for <paramref name="epochs"/> epochs in batches of 64.</summary>
    public static ScalingResult Train(string scaling, Dataset train, Dataset validation, int epochs, long seed)
    {
        var (scaledTrain, scaledValidation) = Apply(scaling, train, validation);
        using var _ = scaledTrain;
        using var __ = scaledValidation;
        manual_seed(seed);
        using var model = Mlp.Build([train.FeatureCount, 64, train.ClassCount]);
        using var loss = nn.CrossEntropyLoss();
        using var optimizer = optim.Adam(model.parameters(), 3e-4);
        var trainer = new Trainer(model, loss, optimizer);
        double initial = trainer.Evaluate(scaledTrain).Loss;
        var history = trainer.Fit(scaledTrain, epochs, 64, shuffleSeed: seed);
        using var scope = NewDisposeScope();
        return new ScalingResult(scaling, scaledTrain.Features.min().ToDouble(), scaledTrain.Features.max().ToDouble(), initial,
            history.TrainLoss[^1], trainer.Evaluate(scaledValidation).Accuracy);
    }

    public static DataFrame Table(IEnumerable<ScalingResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.ToList();
        return new DataFrame(
            new StringDataFrameColumn("pixels", rows.Select(r => r.Scaling)),
            new DoubleDataFrameColumn("min", rows.Select(r => Math.Round(r.Low, 2))),
            new DoubleDataFrameColumn("max", rows.Select(r => Math.Round(r.High, 2))),
            new DoubleDataFrameColumn("loss before training", rows.Select(r => Math.Round(r.InitialLoss, 3))),
            new DoubleDataFrameColumn("training loss", rows.Select(r => Math.Round(r.TrainLoss, 3))),
            new DoubleDataFrameColumn("validation accuracy", rows.Select(r => Math.Round(r.ValidationAccuracy, 3))));
    }

    /// <summary>A copy of <paramref name="data"/> with every feature x replaced by scale·x + shift.</summary>
    internal static Dataset Rescaled(Dataset data, double scale, double shift = 0)
    {
        using var scope = NewDisposeScope();
        return new Dataset(data.Features * scale + shift, data.Labels.clone(), data.ClassCount, data.ClassNames);
    }
}

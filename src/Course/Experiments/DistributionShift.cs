using Course.Data;
using Course.Training;
using Microsoft.Data.Analysis;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// One run's errors on the four sets, and the error budget they give. With the human error as the floor,
/// test = human + avoidable bias + variance + shift + validation overfitting holds exactly, because each term is the
/// difference of two neighbouring errors: the sum telescopes. What is not exact is reading the terms as separate causes:
/// each is a difference of two noisy estimates, and changing one thing (an augmentation) moves several of them.
/// </summary>
public sealed record ShiftErrors(string Augmentation, long Seed, int Epoch, double Human, double Train, double TrainVal, double TestVal, double Test)
{
    public double AvoidableBias => Train - Human;
    public double Variance => TrainVal - Train;
    public double Shift => TestVal - TrainVal;
    public double ValidationOverfitting => Test - TestVal;
}

/// <summary>Training data from one distribution, and two validation sets: one from the training distribution, one from the test's; then a test set.</summary>
public sealed record ShiftSets(Dataset Train, Dataset TrainVal, Dataset TestVal, Dataset Test) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        TrainVal.Dispose();
        TestVal.Dispose();
        Test.Dispose();
    }
}

/// <summary>
/// The blue-cars case on coloured shapes: train on blue shapes that all face right, test on shapes of six colours facing
/// either way; then the two augmentations that address the two shifts (a horizontal flip, a colour shift), each and
/// together. A small CNN, Adam 5e-3, batches of 128; the test-val set picks the epoch (its weights are restored), as it would pick a model.
/// </summary>
public static class DistributionShift
{
    public const string None = "none";
    public const string Flip = "flip";
    public const string Colour = "colour shift";
    public const string Both = "flip + colour shift";

    public static IReadOnlyList<string> All { get; } = [None, Flip, Colour, Both];

    /// <summary>Shapes are drawn clearly enough that a person names every one: the human error, our floor, is taken as 0.</summary>
    public const double HumanError = 0;

    /// <summary>
    /// 16x16 shapes: training (perClass of each shape) and train-val (a quarter as many) blue and facing right;
    /// test-val (a quarter as many) and test (perClass) in every colour, facing either way. Each set has its own seed.
    /// </summary>
    public static ShiftSets Sets(long seed, int perClass = 400)
    {
        string[] blue = ["blue"];
        int small = Math.Max(1, perClass / 4);
        return new ShiftSets(
            ColouredShapes.Generate(perClass, blue, 4 * seed, facing: Facing.Right),
            ColouredShapes.Generate(small, blue, 4 * seed + 1, facing: Facing.Right),
            ColouredShapes.Generate(small, ColouredShapes.AllColours, 4 * seed + 2, facing: Facing.Either),
            ColouredShapes.Generate(perClass, ColouredShapes.AllColours, 4 * seed + 3, facing: Facing.Either));
    }

    /// <summary>Conv 8@3x3 → pool → conv 16@3x3 → pool → linear to four shapes, for 3x16x16 images.</summary>
    public static Sequential Net() => nn.Sequential(
        ("conv1", nn.Conv2d(3, 8, 3, padding: 1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(8, 16, 3, padding: 1)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()), ("linear", nn.Linear(16 * 4 * 4, ColouredShapes.Shapes.Count)));

    /// <summary>
    /// Trains a fresh <see cref="Net"/> (after <c>torch.manual_seed(seed)</c>) for <paramref name="epochs"/> epochs, each batch
    /// augmented as named, and reports the errors of the weights of the epoch with the lowest test-val error.
    /// </summary>
    public static ShiftErrors Run(ShiftSets sets, string augmentation, int epochs, long seed, double maxColourShift = MaxColourShift)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var augment = Augmenter(augmentation, maxColourShift);
        if (epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(epochs), $"Expected at least one epoch, but {epochs} came.");
        manual_seed(seed);
        using var model = Net();
        using var loss = nn.CrossEntropyLoss();
        using var optimizer = optim.Adam(model.parameters(), 5e-3);
        using var draws = new Generator((ulong)seed + 1);
        Tensor[]? best = null;
        double bestTestVal = double.PositiveInfinity;
        int bestEpoch = 0;
        var keepBest = TrainingCallback.OnEpoch(context =>
        {
            double testVal = Error(model, sets.TestVal);
            if (testVal < bestTestVal)
            {
                foreach (var t in best ?? []) t.Dispose();
                using var keep = NewDisposeScope();
                best = [.. model.parameters().Select(p => p.detach().clone().DetachFromDisposeScope())];
                (bestTestVal, bestEpoch) = (testVal, context.Epoch);
            }
        });
        new Trainer(model, loss, optimizer) { Augment = x => augment(x, draws) }.Fit(sets.Train, epochs, 128, shuffleSeed: seed, callbacks: keepBest);
        using (NewDisposeScope())
        using (no_grad())
            foreach (var (p, saved) in model.parameters().Zip(best!))
                using (saved)
                    p.copy_(saved);
        return new ShiftErrors(augmentation, seed, bestEpoch, HumanError,
            Error(model, sets.Train), Error(model, sets.TrainVal), bestTestVal, Error(model, sets.Test));
    }

    /// <summary>How far the colour shift moves each channel of an image: by an offset drawn uniformly from ± this much.</summary>
    public const double MaxColourShift = 0.5;

    /// <summary>The function that augments a batch of [N, 3, H, W] images for an augmentation's name.</summary>
    public static Func<Tensor, Generator, Tensor> Augmenter(string augmentation, double maxColourShift = MaxColourShift) => augmentation switch
    {
        None => (x, _) => x,
        Flip => (x, g) => Augmentations.HorizontalFlip(x, 0.5, g),
        Colour => (x, g) => Augmentations.ColourShift(x, maxColourShift, g),
        Both => (x, g) => Augmentations.ColourShift(Augmentations.HorizontalFlip(x, 0.5, g), maxColourShift, g),
        _ => throw new ArgumentException($"Expected an augmentation from {string.Join(", ", All)}, but \"{augmentation}\" came.", nameof(augmentation)),
    };

    /// <summary>The fraction of <paramref name="data"/> the model gets wrong, in evaluation mode.</summary>
    public static double Error(nn.Module<Tensor, Tensor> model, Dataset data) => 1 - TrainEvalModes.Accuracy(model, data);

    /// <summary>One row per run: the five errors and the four budget terms.</summary>
    public static DataFrame Table(IEnumerable<ShiftErrors> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = runs.ToList();
        DoubleDataFrameColumn Column(string name, Func<ShiftErrors, double> value) => new(name, rows.Select(r => Math.Round(value(r), 3)));
        return new DataFrame(
            new StringDataFrameColumn("augmentation", rows.Select(r => r.Augmentation)),
            Column("human", r => r.Human), Column("train", r => r.Train), Column("train-val", r => r.TrainVal),
            Column("test-val", r => r.TestVal), Column("test", r => r.Test),
            Column("avoidable bias", r => r.AvoidableBias), Column("variance", r => r.Variance),
            Column("shift", r => r.Shift), Column("val overfitting", r => r.ValidationOverfitting));
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

/// <summary>
/// Small made-up datasets whose answer we know: 2-D point clouds to draw decision boundaries on. Each has exactly
/// <c>perClass</c> examples of every class, in random order; every draw comes from a generator seeded with
/// <c>seed</c>, so the same seed gives the same set whatever else the notebook has drawn.
/// </summary>
public static partial class Synthetic
{
    /// <summary>Round Gaussian clouds of standard deviation <paramref name="std"/>, centred on a circle of radius <paramref name="radius"/>.</summary>
    public static Dataset Blobs(int perClass, int classes, double std, long seed, double radius = 3) =>
        Points(perClass, classes, seed, nameof(std), std, (labels, g) =>
        {
            var angle = labels.to(float32) * (2 * Math.PI / classes);
            var centres = stack([angle.cos(), angle.sin()], 1) * radius;
            return centres + randn(centres.shape, generator: g) * std;
        });

    /// <summary>Two interleaved half circles (not linearly separable), with normal noise of standard deviation <paramref name="noise"/>.</summary>
    public static Dataset Moons(int perClass, double noise, long seed) =>
        Points(perClass, 2, seed, nameof(noise), noise, (labels, g) =>
        {
            // Class 0: the upper arc centred at (0, 0); class 1: the lower arc centred at (1, 0.5).
            var t = rand(labels.shape[0], generator: g) * Math.PI;
            var upper = labels.eq(0);
            var x = where(upper, t.cos(), 1 - t.cos());
            var y = where(upper, t.sin(), 0.5 - t.sin());
            return stack([x, y], 1) + randn(labels.shape[0], 2, generator: g) * noise;
        });

    /// <summary>
    /// <paramref name="classes"/> arms winding out from the origin, each <paramref name="turns"/> turns long,
    /// with normal noise of standard deviation <paramref name="noise"/> (radius at most 1, so 0.05 is mild).
    /// </summary>
    public static Dataset Spirals(int perClass, int classes, double noise, long seed, double turns = 1) =>
        Points(perClass, classes, seed, nameof(noise), noise, (labels, g) =>
        {
            var t = rand(labels.shape[0], generator: g);
            var angle = (labels.to(float32) / classes + turns * t) * (2 * Math.PI);
            return stack([t * angle.cos(), t * angle.sin()], 1) + randn(labels.shape[0], 2, generator: g) * noise;
        });

    /// <summary>perClass labels of every class in random order, and draw(labels, generator) as their features.</summary>
    private static Dataset Points(int perClass, int classes, long seed, string spreadName, double spread, Func<Tensor, Generator, Tensor> draw)
    {
        if (perClass < 1)
            throw new ArgumentOutOfRangeException(nameof(perClass), $"Each class needs at least one example, but perClass = {perClass}.");
        if (classes < 1)
            throw new ArgumentOutOfRangeException(nameof(classes), $"A dataset needs at least one class, but classes = {classes}.");
        if (!(spread >= 0 && double.IsFinite(spread)))
            throw new ArgumentOutOfRangeException(spreadName, $"{spreadName} must be a finite number >= 0, but {spread} came.");
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var labels = arange(perClass * classes, dtype: int64).div(perClass, RoundingMode.floor).index_select(0, randperm(perClass * classes, generator: generator));
        return new Dataset(draw(labels, generator).to(float32), labels, classes);
    }
}

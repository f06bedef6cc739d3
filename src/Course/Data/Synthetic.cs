using Course.Tensors;

namespace Course.Data;

/// <summary>
/// Small made-up datasets whose answer we know: 2D point clouds to draw decision boundaries on, and
/// coloured shapes (SyntheticShapes.cs) for distribution shift. Each has exactly <c>perClass</c> examples of
/// every class, in random order, and the same seed gives the same set.
/// </summary>
public static partial class Synthetic
{
    /// <summary>Round Gaussian clouds of standard deviation <paramref name="std"/>, centred on a circle of radius <paramref name="radius"/>.</summary>
    public static Dataset Blobs(int perClass, int classes, float std, Rng rng, float radius = 3f)
    {
        RequireNonNegative(std, nameof(std));
        return Points(perClass, classes, rng, (label, point) =>
        {
            float angle = 2 * MathF.PI * label / classes;
            point[0] = radius * MathF.Cos(angle) + rng.Normal(0, std);
            point[1] = radius * MathF.Sin(angle) + rng.Normal(0, std);
        });
    }

    /// <summary>Two interleaved half circles (not linearly separable), with normal noise of standard deviation <paramref name="noise"/>.</summary>
    public static Dataset Moons(int perClass, float noise, Rng rng)
    {
        RequireNonNegative(noise, nameof(noise));
        return Points(perClass, 2, rng, (label, point) =>
        {
            float t = rng.Uniform(0, MathF.PI);
            // Class 0: upper arc centred at (0, 0); class 1: lower arc centred at (1, 0.5).
            point[0] = (label == 0 ? MathF.Cos(t) : 1 - MathF.Cos(t)) + rng.Normal(0, noise);
            point[1] = (label == 0 ? MathF.Sin(t) : 0.5f - MathF.Sin(t)) + rng.Normal(0, noise);
        });
    }

    /// <summary>
    /// <paramref name="classes"/> arms winding out from the origin, each <paramref name="turns"/> turns long,
    /// with normal noise of standard deviation <paramref name="noise"/> (radius at most 1, so 0.05 is mild).
    /// </summary>
    public static Dataset Spirals(int perClass, int classes, float noise, Rng rng, float turns = 1f)
    {
        RequireNonNegative(noise, nameof(noise));
        return Points(perClass, classes, rng, (label, point) =>
        {
            float t = rng.NextFloat();
            float angle = 2 * MathF.PI * (label / (float)classes + turns * t);
            point[0] = t * MathF.Cos(angle) + rng.Normal(0, noise);
            point[1] = t * MathF.Sin(angle) + rng.Normal(0, noise);
        });
    }

    private delegate void RowDrawer(int label, Span<float> row);

    // perClass labels of every class in random order; draw(label, row) fills each row.
    private static Dataset Generate(int perClass, int classes, int features, Rng rng, RowDrawer draw, string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (perClass < 1) throw new ArgumentOutOfRangeException(nameof(perClass), $"Each class needs at least one example, but perClass = {perClass}.");
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), $"A dataset needs at least one class, but classes = {classes}.");
        var labels = new int[perClass * classes];
        for (int i = 0; i < labels.Length; i++) labels[i] = i / perClass;
        rng.Shuffle<int>(labels);
        var x = new Matrix(labels.Length, features);
        for (int i = 0; i < labels.Length; i++) draw(labels[i], x.Row(i));
        return new Dataset(x, labels, classes, classNames);
    }

    private static Dataset Points(int perClass, int classes, Rng rng, RowDrawer draw) => Generate(perClass, classes, 2, rng, draw);

    private static void RequireNonNegative(float value, string name)
    {
        if (!(value >= 0 && float.IsFinite(value)))
            throw new ArgumentOutOfRangeException(name, $"{name} must be a finite number >= 0, but {value} came.");
    }
}

using Course.Tensors;

namespace Course.Data;

/// <summary>
/// The hues (in degrees on the colour wheel: 0 red, 120 green, 240 blue) from which shape colours are drawn.
/// A range may wrap past 360: (330, 390) is the reds either side of 0.
/// </summary>
public readonly record struct HueRange(float FromDegrees, float ToDegrees)
{
    /// <summary>Blues only: the training set of the distribution-shift lesson.</summary>
    public static HueRange Blue => new(225, 255);

    /// <summary>The whole colour wheel.</summary>
    public static HueRange All => new(0, 360);

    public float Sample(Rng rng) => ((rng.Uniform(FromDegrees, ToDegrees) % 360) + 360) % 360;
}

public static partial class Synthetic
{
    /// <summary>The labels of <see cref="ColouredShapes"/>, in order.</summary>
    public static IReadOnlyList<string> ShapeNames { get; } = ["square", "disc", "triangle", "cross"];

    /// <summary>The layout of a coloured-shape image: 3 channels (red, green, blue planes) of size x size pixels.</summary>
    public static ImageShape ShapeImage(int size = 12) => new(3, size, size);

    /// <summary>
    /// Filled shapes (square, disc, triangle, cross) on black, each of random size and position and of one
    /// colour whose hue comes from <paramref name="hues"/> (saturation 0.9 to 1, brightness 0.6 to 1). The label is the
    /// shape, never the colour: train on <see cref="HueRange.Blue"/>, test on <see cref="HueRange.All"/>, and the
    /// model meets colours it never saw. Each row is one 3 x size x size image (<see cref="ShapeImage"/>).
    /// </summary>
    public static Dataset ColouredShapes(int perClass, HueRange hues, Rng rng, int size = 12)
    {
        if (size < 6) throw new ArgumentOutOfRangeException(nameof(size), $"Shapes need images of at least 6x6 pixels, but size = {size}.");
        var shape = ShapeImage(size);
        return Generate(perClass, ShapeNames.Count, shape.Size, rng, (label, image) =>
        {
            float half = size * rng.Uniform(0.25f, 0.4f);
            float cx = size / 2f + rng.Uniform(-1.5f, 1.5f), cy = size / 2f + rng.Uniform(-1.5f, 1.5f);
            var (r, g, b) = HsvToRgb(hues.Sample(rng), rng.Uniform(0.9f, 1f), rng.Uniform(0.6f, 1f));
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    float cover = Coverage(label, (x - cx) / half, (y - cy) / half, 1 / half);
                    image[shape.Index(0, y, x)] = r * cover;
                    image[shape.Index(1, y, x)] = g * cover;
                    image[shape.Index(2, y, x)] = b * cover;
                }
        }, [.. ShapeNames]);
    }

    // The fraction of a pixel inside the shape, from 4 samples; (u, v) is the pixel's top-left corner in
    // shape units (the shape spans -1..1) and step is one pixel in those units.
    private static float Coverage(int shape, float u, float v, float step)
    {
        int inside = 0;
        foreach (var (du, dv) in SubPixels)
            if (Inside(shape, u + du * step, v + dv * step)) inside++;
        return inside / 4f;
    }

    private static readonly (float, float)[] SubPixels = [(0.25f, 0.25f), (0.75f, 0.25f), (0.25f, 0.75f), (0.75f, 0.75f)];

    private static bool Inside(int shape, float u, float v) => shape switch
    {
        0 => MathF.Abs(u) <= 0.85f && MathF.Abs(v) <= 0.85f,                                    // square
        1 => u * u + v * v <= 1,                                                                // disc
        2 => v <= 1 && MathF.Abs(u) <= (v + 1) / 2,                                             // triangle, apex up
        _ => (MathF.Abs(u) <= 0.35f || MathF.Abs(v) <= 0.35f) && MathF.Abs(u) <= 1 && MathF.Abs(v) <= 1, // cross
    };

    private static (float R, float G, float B) HsvToRgb(float hue, float saturation, float value)
    {
        float chroma = value * saturation;
        float sector = hue / 60f;
        float second = chroma * (1 - MathF.Abs(sector % 2 - 1));
        var (r, g, b) = (int)sector switch
        {
            0 => (chroma, second, 0f),
            1 => (second, chroma, 0f),
            2 => (0f, chroma, second),
            3 => (0f, second, chroma),
            4 => (second, 0f, chroma),
            _ => (chroma, 0f, second),
        };
        float m = value - chroma;
        return (r + m, g + m, b + m);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

/// <summary>Which way the one-sided shapes (triangle, ell) face: always right, or right or left with equal chance.</summary>
public enum Facing { Right, Either }

/// <summary>
/// Small colour images of four shapes (square, disc, triangle, ell) on a dark background: a stand-in for "blue cars in
/// training, cars of every colour in the test set". Every image is 3 x size x size (float32 RGB in [0, 1]), one shape of
/// one colour, with its position, size and brightness jittered and a little pixel noise. The triangle and the ell are
/// one-sided (like a car seen from the side), so a set whose shapes all face right can be told apart from one where they
/// face either way, and a horizontal flip means something. The same seed gives the same images.
/// </summary>
public static class ColouredShapes
{
    public static IReadOnlyList<string> Shapes { get; } = ["square", "disc", "triangle", "ell"];

    /// <summary>The colours a set can be drawn in, as RGB in [0, 1].</summary>
    public static IReadOnlyDictionary<string, (float R, float G, float B)> Colours { get; } =
        new Dictionary<string, (float, float, float)>
        {
            ["blue"] = (0.15f, 0.35f, 0.95f),
            ["red"] = (0.95f, 0.15f, 0.1f),
            ["yellow"] = (0.95f, 0.85f, 0.1f),
            ["green"] = (0.15f, 0.8f, 0.2f),
            ["grey"] = (0.6f, 0.6f, 0.6f),
            ["purple"] = (0.6f, 0.2f, 0.8f),
        };

    /// <summary>Every colour in <see cref="Colours"/>.</summary>
    public static IReadOnlyList<string> AllColours => [.. Colours.Keys];

    /// <summary>The smallest image side allowed: a shape's half side is at least a fifth of it, so shapes stay at least 5 pixels across.</summary>
    public const int MinSize = 10;

    /// <summary>
    /// <paramref name="perClass"/> images of each shape in random order, each in a colour drawn uniformly from
    /// <paramref name="colours"/>, facing as <paramref name="facing"/> says. Features are [N, 3, size, size].
    /// </summary>
    public static Dataset Generate(int perClass, IReadOnlyList<string> colours, long seed, int size = 16, Facing facing = Facing.Either, double noise = 0.05)
    {
        ArgumentNullException.ThrowIfNull(colours);
        if (perClass < 1)
            throw new ArgumentOutOfRangeException(nameof(perClass), $"Each shape needs at least one image, but perClass = {perClass}.");
        if (colours.Count == 0)
            throw new ArgumentException($"Expected at least one colour of {string.Join(", ", Colours.Keys)}, but none came.", nameof(colours));
        if (colours.FirstOrDefault(c => !Colours.ContainsKey(c)) is { } unknown)
            throw new ArgumentException($"Expected colours from {string.Join(", ", Colours.Keys)}, but \"{unknown}\" came.", nameof(colours));
        if (size < MinSize)
            throw new ArgumentOutOfRangeException(nameof(size), $"Images must be at least {MinSize} pixels wide for a shape to stay recognisable, but size = {size} came.");
        if (!(noise >= 0 && noise <= 0.5))
            throw new ArgumentOutOfRangeException(nameof(noise), $"Expected a pixel noise std in [0, 0.5], but {noise} came.");

        using var scope = NewDisposeScope();
        using var g = new Generator((ulong)seed);
        int n = perClass * Shapes.Count;
        var labels = arange(n, dtype: int64).div(perClass, RoundingMode.floor).index_select(0, randperm(n, generator: g));

        // Half side r between 0.2 and 0.35 of the image; the centre keeps the whole shape inside.
        var r = (rand(n, 1, 1, generator: g) * 0.15 + 0.2) * size;
        var cx = r + rand(n, 1, 1, generator: g) * (size - 1 - 2 * r);
        var cy = r + rand(n, 1, 1, generator: g) * (size - 1 - 2 * r);
        var side = facing == Facing.Right ? ones(n, 1, 1) : rand(n, 1, 1, generator: g).lt(0.5).to(float32) * 2 - 1;
        var grid = arange(size, dtype: float32);
        var u = (grid.view(1, 1, size) - cx) * side;   // across, mirrored for left-facing shapes
        var v = grid.view(1, size, 1) - cy;            // down
        var inBox = u.abs().le(r) & v.abs().le(r);
        var masks = stack([
            inBox,                                                                  // square
            (u * u + v * v).le(r * r),                                              // disc
            inBox & v.ge(u),                                                        // right triangle, slope down to the right
            inBox & ((u + r * (2.0 / 3)).abs().le(r / 3) | v.ge(r / 3)),             // ell: an upright bar and a foot to the right
        ], 1).to(float32);                                                          // [N, 4, size, size]
        var mask = masks.gather(1, labels.view(n, 1, 1, 1).expand(n, 1, size, size));   // [N, 1, size, size]

        var palette = tensor(colours.SelectMany(c => new[] { Colours[c].R, Colours[c].G, Colours[c].B }).ToArray(), [colours.Count, 3]);
        var colour = palette.index_select(0, randint(colours.Count, [n], generator: g, dtype: int64));
        var brightness = rand(n, 1, generator: g) * 0.3 + 0.7;
        var images = mask * (colour * brightness).view(n, 3, 1, 1) + randn(n, 3, size, size, generator: g) * noise;
        return new Dataset(images.clamp(0, 1), labels, Shapes.Count, Shapes);
    }
}

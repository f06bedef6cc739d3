using TorchSharp;
using static TorchSharp.torch;

namespace Course.Charts;

/// <summary>Grey images as a grid of heatmaps, one subplot each, drawn upright (row 0 at the top).</summary>
public static class ImageGrid
{
    /// <summary>
    /// <paramref name="images"/> as [N, H, W], [N, 1, H, W] or square rows [N, side²] (MNIST's [N, 784]), laid out in
    /// rows of <paramref name="columns"/>, each titled by <paramref name="titles"/> (one per image, or none).
    /// <code>ImageGrid.Of(digits.Features.narrow(0, 0, 8), columns: 4)</code>
    /// </summary>
    public static Figure Of(Tensor images, int columns, IReadOnlyList<string>? titles = null, int pixels = 110)
    {
        ArgumentNullException.ThrowIfNull(images);
        var s = images.shape;
        long side = s.Length == 2 ? (long)Math.Round(Math.Sqrt(s[1])) : 0;
        bool ok = (s.Length == 3) || (s.Length == 4 && s[1] == 1) || (s.Length == 2 && side * side == s[1]);
        if (!ok || s[0] == 0 || columns < 1)
            throw new ArgumentException($"An image grid expects grey images [N, H, W], [N, 1, H, W] or square rows [N, side*side], N >= 1, " +
                $"and at least one column, but shape [{string.Join(", ", s)}] and {columns} columns came.", nameof(images));
        if (titles is not null && titles.Count != s[0])
            throw new ArgumentException($"Expected one title per image ({s[0]}), but {titles.Count} came.", nameof(titles));
        using var scope = NewDisposeScope();
        var grid = s.Length == 2 ? images.reshape(s[0], side, side) : images.reshape(s[0], s[^2], s[^1]);
        var (n, h, w) = ((int)grid.shape[0], (int)grid.shape[1], (int)grid.shape[2]);
        int rows = (n + columns - 1) / columns;
        var figure = Figure.Grid(rows, columns, [.. titles ?? []]);
        var values = grid.to(float32).data<float>().ToArray();
        for (int i = 0; i < n; i++)
        {
            var z = new double[h, w];
            for (int r = 0; r < h; r++)
                for (int c = 0; c < w; c++)
                    z[h - 1 - r, c] = values[(i * h + r) * w + c];
            figure.Heatmap(Values.Range(0, w), Values.Range(0, h), z, colorScale: "Greys", showScale: false, row: i / columns + 1, col: i % columns + 1);
        }
        return figure.Size(columns * pixels, rows * pixels + 40).Legend(false);
    }
}

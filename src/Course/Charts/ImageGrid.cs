using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Charts;

/// <summary>
/// Small images in a grid of plotly heatmaps. A colour image of one dominant colour (a coloured shape on a dark
/// background) is drawn as its brightness on a black-to-that-colour scale, so it looks as it is without an image trace.
/// </summary>
public static class ImageGrid
{
    /// <summary>The first <paramref name="count"/> images of <paramref name="data"/> ([N, 3, H, W] or [N, 1, H, W]), titled by class name.</summary>
    public static Figure Of(Dataset data, int count, int columns = 8, IReadOnlyList<string>? titles = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Features.dim() != 4 || (data.Features.shape[1] != 3 && data.Features.shape[1] != 1))
            throw new ArgumentException($"Expected images of shape [N, 3 or 1, H, W], but [{Dataset.Shape(data.Features)}] came.", nameof(data));
        if (count < 1 || count > data.Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"Expected between 1 and {data.Count} images, but {count} came.");
        if (columns < 1)
            throw new ArgumentOutOfRangeException(nameof(columns), $"Expected at least one column, but {columns} came.");
        if (titles is not null && titles.Count < count)
            throw new ArgumentException($"Expected {count} titles, but {titles.Count} came.", nameof(titles));

        int rows = (count + columns - 1) / columns;
        var labels = data.Labels.data<long>().ToArray();
        var names = Enumerable.Range(0, count).Select(i => titles?[i] ?? data.ClassNames?[(int)labels[i]] ?? labels[i].ToString()).ToArray();
        var figure = Figure.Grid(rows, columns, names).AsPictures();
        using var scope = NewDisposeScope();
        var images = data.Features.narrow(0, 0, count).to(float64);
        long h = images.shape[2], w = images.shape[3];
        var xs = Enumerable.Range(0, (int)w).Select(i => (double)i).ToArray();
        var ys = Enumerable.Range(0, (int)h).Select(i => (double)(h - 1 - i)).ToArray();   // row 0 at the top
        for (int i = 0; i < count; i++)
        {
            var image = images[i];                       // [C, H, W]
            var brightness = image.amax([0]);            // [H, W]
            // The image's colour: the mean RGB of its brighter half of pixels, scaled so its brightest channel is 1.
            var bright = brightness.ge(brightness.max() * 0.5);
            var rgb = image.reshape(image.shape[0], -1).index_select(1, bright.flatten().nonzero().squeeze(1)).mean([1]);
            rgb = (rgb / rgb.max().clamp_min(1e-6)).expand(3);
            var c = rgb.data<double>().Select(v => (int)Math.Round(255 * v)).ToArray();
            var z = new double[h][];
            var values = brightness.data<double>().ToArray();
            for (int row = 0; row < h; row++)
                z[row] = values[(int)(row * w)..(int)((row + 1) * w)];
            figure.Add(new Trace
            {
                Type = "heatmap", X = xs, Y = ys, Z = z, ZMin = 0, ZMax = 1, ShowScale = false,
                ColorScale = new object[] { new object[] { 0, "rgb(0,0,0)" }, new object[] { 1, $"rgb({c[0]},{c[1]},{c[2]})" } },
            }, i / columns + 1, i % columns + 1);
        }
        return figure.Size(90 * columns + 20, 100 * rows + 70);   // cells of about 80 px, a title and the margins
    }
}

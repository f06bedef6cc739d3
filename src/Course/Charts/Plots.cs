using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Charts;

/// <summary>The charts the course draws again and again, one call each. Each returns a Figure you can still restyle.</summary>
public static class Plots
{
    /// <summary>plotly's default colours, so a class or a series keeps its colour from chart to chart.</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>
    /// Per-layer activation std on a log y axis, one line per series (e.g. per init scheme), layers
    /// numbered from 1. A NaN or infinite std (the activations overflowed) ends that line there.
    /// <code>Plots.LayerStd(("randn", stdRandn), ("randn / sqrt(n)", stdScaled)).VLine(31, "overflow")</code>
    /// </summary>
    public static Figure LayerStd(params (string Name, Values Std)[] series) =>
        LayerCurves("Activation std per layer", "std of activations (log scale)", series);

    /// <summary>The same chart for any per-layer quantity that spans orders of magnitude (e.g. gradient norms).</summary>
    public static Figure LayerCurves(string title, string yTitle, params (string Name, Values Value)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length == 0) throw new ArgumentException("Give at least one (name, values) series to plot.", nameof(series));
        var figure = new Figure().Title(title).XAxis("layer").YAxis(yTitle).LogY();
        for (var s = 0; s < series.Length; s++)
        {
            var (name, values) = series[s];
            figure.Line(Values.Range(1, values.Count), values, name: name, color: Palette[s % Palette.Length], markers: values.Count <= 30);
        }
        return figure;
    }

    /// <summary>
    /// One histogram per layer, in a grid (or overlaid in one plot), as the fraction of values per bin.
    /// Values are binned here, so a chart of large layers stays small; a layer's non-finite values
    /// cannot be binned and are counted in its title instead.
    /// <code>Plots.ActivationHistograms(activations, columns: 3)</code>
    /// </summary>
    public static Figure ActivationHistograms(IReadOnlyList<(string Label, Values Values)> layers, int columns = 4, int bins = 40, bool overlay = false)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("Give at least one layer's activations.", nameof(layers));
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "At least one column.");
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "At least one bin.");

        var binned = layers.Select(l => (l.Label, H: Bin(l.Values, bins))).ToArray();
        static string Title((string Label, BinnedValues H) l) =>
            l.H.NonFinite == 0 ? l.Label : $"{l.Label} ({l.H.NonFinite} non-finite)";

        var cols = Math.Min(columns, layers.Count);
        var figure = overlay
            ? new Figure().Overlay().Title("Activations by layer")
            : Figure.Grid((layers.Count + cols - 1) / cols, cols, binned.Select(Title).ToArray()).Legend(false);
        for (var i = 0; i < binned.Length; i++)
        {
            var (label, h) = binned[i];
            var (row, col) = overlay ? (1, 1) : (i / cols + 1, i % cols + 1);
            figure.Add(new Trace
            {
                Type = "bar", Name = overlay ? Title((label, h)) : label, X = h.Centers, Y = h.Fractions, Width = h.Widths,
                Opacity = overlay ? 0.5 : null, Marker = new MarkerStyle { Color = Palette[i % Palette.Length] },
            }, row, col);
        }
        // Only the lowest plot of each column names its x axis, so titles never collide between rows.
        for (var col = 1; col <= figure.Cols; col++)
            figure.XAxis("activation", row: overlay ? 1 : (binned.Length - col) / cols + 1, col: col);
        return figure.YAxis("fraction", col: 1);
    }

    /// <summary>Histograms of each activation tensor, labelled "layer 1", "layer 2", ...</summary>
    public static Figure ActivationHistograms(IReadOnlyList<Tensor> activations, int columns = 4, int bins = 40, bool overlay = false)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return ActivationHistograms(activations.Select((t, i) => ($"layer {i + 1}", Values.From(t))).ToArray(), columns, bins, overlay);
    }

    /// <summary>
    /// Loss per epoch (train and, if given, validation); with accuracies, a second panel shows them.
    /// Epochs are numbered from 1. <code>Plots.LossCurves(trainLoss, valLoss, trainAcc, valAcc)</code>
    /// </summary>
    public static Figure LossCurves(Values trainLoss, Values? validationLoss = null,
        Values? trainAccuracy = null, Values? validationAccuracy = null, bool logLoss = false)
    {
        ArgumentNullException.ThrowIfNull(trainLoss);
        var withAccuracy = trainAccuracy is not null || validationAccuracy is not null;
        var figure = withAccuracy ? Figure.Grid(1, 2, "loss", "accuracy") : new Figure().Title("Loss per epoch");
        void Curve(Values? values, string name, int col, int colour, Dash dash)
        {
            if (values is null) return;
            figure.Line(Values.Range(1, values.Count), values, name: name, color: Palette[colour], dash: dash,
                markers: values.Count <= 30, col: col);
        }

        Curve(trainLoss, "train loss", 1, 0, Dash.Solid);
        Curve(validationLoss, "validation loss", 1, 1, Dash.Solid);
        Curve(trainAccuracy, "train accuracy", 2, 0, Dash.Dot);
        Curve(validationAccuracy, "validation accuracy", 2, 1, Dash.Dot);
        figure.XAxis("epoch").YAxis("loss", col: 1);
        if (withAccuracy) figure.YAxis("accuracy", col: 2);
        return logLoss ? figure.LogY(col: 1) : figure;
    }

    /// <summary>
    /// Which class a model predicts over the plane, as coloured regions, with the data points on top.
    /// classify gets a whole grid as a (points x 2) float32 tensor and returns one class per row (int64), so a
    /// network runs one forward pass. <code>Plots.DecisionBoundary(grid => Trainer.Predict(model, grid), data)</code>
    /// </summary>
    public static Figure DecisionBoundary(Func<Tensor, Tensor> classify, Dataset data, int resolution = 100)
    {
        ArgumentNullException.ThrowIfNull(classify);
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != 2)
            throw new ArgumentException($"A decision boundary is drawn in 2-D: the dataset has {data.FeatureCount} features, expected 2.", nameof(data));
        if (resolution < 2) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "At least a 2x2 grid.");

        var (xs, ys) = (Column(data.Features, 0), Column(data.Features, 1));
        var (gx, gy) = (GridAxis(xs, resolution), GridAxis(ys, resolution));
        var points = new float[resolution * resolution * 2];
        for (var i = 0; i < resolution; i++)
            for (var j = 0; j < resolution; j++)
                (points[2 * (i * resolution + j)], points[2 * (i * resolution + j) + 1]) = ((float)gx[j], (float)gy[i]);

        long[] predicted;
        using (var scope = NewDisposeScope())   // also frees what classify makes on its way (a lambda's intermediates)
        {
            var grid = tensor(points, [resolution * resolution, 2]);
            var classes_ = classify(grid);
            if (classes_ is null || classes_.dim() != 1 || classes_.shape[0] != grid.shape[0])
                throw new InvalidOperationException(
                    $"classify returned [{(classes_ is null ? "null" : string.Join(", ", classes_.shape))}] for a grid of {grid.shape[0]} points; expected one class per point.");
            predicted = classes_.to(int64).data<long>().ToArray();
        }
        var classes = (int)Math.Max(data.ClassCount, predicted.Max() + 1);
        var labels = data.Labels.data<long>().ToArray();
        var z = Enumerable.Range(0, resolution)
            .Select(i => Enumerable.Range(0, resolution).Select(j => (double)predicted[i * resolution + j]).ToArray())
            .ToArray();

        var figure = new Figure().Title("Decision boundary").XAxis("x₁").YAxis("x₂")
            .Add(new Trace
            {
                Type = "heatmap", X = gx, Y = gy, Z = z, ColorScale = DiscreteScale(classes),
                ZMin = -0.5, ZMax = classes - 0.5, ShowScale = false, Opacity = 0.35,
            });
        for (var c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, data.Count).Where(i => labels[i] == c).ToArray();
            if (members.Length == 0) continue;
            var name = data.ClassNames is { } names && c < names.Count ? names[c] : $"class {c}";
            figure.Scatter(members.Select(i => xs[i]).ToArray(), members.Select(i => ys[i]).ToArray(),
                name: name, color: Palette[c % Palette.Length], size: 6);
        }
        return figure;
    }

    /// <summary>The same chart for a classifier of single points: <c>Plots.DecisionBoundary((x, y) => x * y > 0 ? 1 : 0, data)</c>.</summary>
    public static Figure DecisionBoundary(Func<double, double, int> classify, Dataset data, int resolution = 100)
    {
        ArgumentNullException.ThrowIfNull(classify);
        return DecisionBoundary(grid =>
        {
            var xy = grid.data<float>().ToArray();
            return tensor(Enumerable.Range(0, xy.Length / 2).Select(r => (long)classify(xy[2 * r], xy[2 * r + 1])).ToArray());
        }, data, resolution);
    }

    // ---- helpers ----

    internal sealed record BinnedValues(double[] Centers, double[] Fractions, double[] Widths, int NonFinite);

    /// <summary>Equal-width bins over the finite values' range; fractions are of all finite values.</summary>
    internal static BinnedValues Bin(Values values, int bins)
    {
        var finite = values.ToDoubles().Where(double.IsFinite).ToArray();
        var nonFinite = values.Count - finite.Length;
        if (finite.Length == 0) return new([], [], [], nonFinite);
        var (lo, hi) = (finite.Min(), finite.Max());
        if (lo == hi) (lo, hi) = (lo - 0.5, hi + 0.5);
        var width = (hi - lo) / bins;
        var counts = new int[bins];
        foreach (var v in finite) counts[Math.Min((int)((v - lo) / width), bins - 1)]++;
        return new(
            Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray(),
            counts.Select(c => (double)c / finite.Length).ToArray(),
            Enumerable.Repeat(width, bins).ToArray(),
            nonFinite);
    }

    private static double[] Column(Tensor features, int col)
    {
        using var view = features.select(1, col);
        using var column = view.to(float64);
        return column.data<double>().ToArray();
    }

    /// <summary>resolution evenly spaced points covering the data with a 10% margin on each side.</summary>
    private static double[] GridAxis(double[] data, int resolution)
    {
        var (lo, hi) = (data.Min(), data.Max());
        var margin = hi > lo ? 0.1 * (hi - lo) : 1;
        (lo, hi) = (lo - margin, hi + margin);
        return Enumerable.Range(0, resolution).Select(i => lo + (hi - lo) * i / (resolution - 1)).ToArray();
    }

    /// <summary>A colour scale with a flat band per class, so class c (drawn as z = c) gets Palette[c].</summary>
    private static object[][] DiscreteScale(int classes) =>
        Enumerable.Range(0, classes).SelectMany(c => new[]
        {
            new object[] { (double)c / classes, Palette[c % Palette.Length] },
            new object[] { (double)(c + 1) / classes, Palette[c % Palette.Length] },
        }).ToArray();
}

using System.Text.Json;
using Course.Display;

namespace Course.Charts;

/// <summary>
/// A plotly chart built in C#: add traces, set the layout, end a notebook cell with it and it
/// draws itself. Every method returns the figure, so a chart reads as one sentence:
/// <code>
/// new Figure().Line(layers, std, name: "randn").LogY().Title("Activation std per layer").XAxis("layer").YAxis("std")
/// </code>
/// Subplots: <c>Figure.Grid(2, 3, "layer 1", "layer 2", ...)</c>, then <c>row:</c>/<c>col:</c> on each trace.
/// <see cref="ToJson"/> gives plotly.js' {data, layout}; <see cref="ToHtml"/> a div and the script that draws it.
/// A notebook gets both, as Jupyter's plotly outputs do: VS Code draws the <c>application/vnd.plotly.v1+json</c>
/// one offline with the Jupyter renderers' own plotly.js, the exported pages draw the HTML with theirs.
/// </summary>
[TypeFormatterSource(typeof(FigureFormatterSource), PreferredMimeTypes = [FigureFormatterSource.PlotlyMimeType, "text/html", "text/plain"])]
public sealed partial class Figure : IHtmlDisplay
{
    private readonly List<Trace> traces = [];
    private readonly Axis[] xAxes, yAxes;
    private readonly string[] subplotTitles;
    private readonly List<Shape> shapes = [];
    private string? title;
    private int? width, height;
    private bool? showLegend;
    private Legend? legend;
    private string? barMode;
    private bool pictures;

    public int Rows { get; }
    public int Cols { get; }
    public IReadOnlyList<Trace> Traces => traces;

    /// <summary>A figure with a single plot.</summary>
    public Figure() : this(1, 1, []) { }

    private Figure(int rows, int cols, string[] titles)
    {
        if (rows < 1 || cols < 1) throw new ArgumentException($"A grid needs at least 1 row and 1 column, got {rows}x{cols}.");
        if (titles.Length > rows * cols) throw new ArgumentException($"{titles.Length} subplot titles for a {rows}x{cols} grid of {rows * cols} subplots.");
        (Rows, Cols, subplotTitles) = (rows, cols, (string[])titles.Clone());
        xAxes = new Axis[rows * cols];
        yAxes = new Axis[rows * cols];
        for (var k = 0; k < rows * cols; k++) (xAxes[k], yAxes[k]) = (new Axis(), new Axis());
    }

    /// <summary>A rows x cols grid of subplots, titled left to right, top to bottom: <c>Figure.Grid(2, 2, "a", "b", "c", "d")</c>.</summary>
    public static Figure Grid(int rows, int cols, params string[] titles) => new(rows, cols, titles ?? []);

    // ---- traces ----

    /// <summary>A line through (x, y); gaps where y is NaN or infinite. <c>fig.Line(layers, std, name: "randn", dash: Dash.Dot)</c></summary>
    public Figure Line(Values x, Values y, string? name = null, string? color = null, double? width = null,
        Dash? dash = null, bool markers = false, double? opacity = null, bool? showLegend = null,
        string[]? hover = null, int row = 1, int col = 1) =>
        Add(new Trace
        {
            Type = "scatter", Mode = markers ? "lines+markers" : "lines", Name = name, X = x, Y = y,
            Opacity = opacity, ShowLegend = showLegend, HoverText = Checked(hover, y, "hover"),
            Line = color is null && width is null && dash is null ? null
                : new LineStyle { Color = color, Width = width, Dash = dash is { } d ? PlotlyNames.Of(d) : null },
        }, row, col);

    /// <summary>Points at (x, y). <c>fig.Scatter(xs, ys, name: "class 0", color: "#1f77b4", size: 5)</c></summary>
    public Figure Scatter(Values x, Values y, string? name = null, string? color = null, double? size = null,
        double? opacity = null, bool? showLegend = null, string[]? hover = null, int row = 1, int col = 1) =>
        Add(new Trace
        {
            Type = "scatter", Mode = "markers", Name = name, X = x, Y = y,
            Opacity = opacity, ShowLegend = showLegend, HoverText = Checked(hover, y, "hover"),
            Marker = color is null && size is null ? null : new MarkerStyle { Color = color, Size = size },
        }, row, col);

    /// <summary>Bars of height y at categories or positions x. <c>fig.Bar(["train", "val"], [0.98, 0.71])</c></summary>
    public Figure Bar(Values x, Values y, string? name = null, string? color = null, double? opacity = null,
        bool? showLegend = null, string[]? hover = null, int row = 1, int col = 1) =>
        Add(new Trace
        {
            Type = "bar", Name = name, X = x, Y = y,
            Opacity = opacity, ShowLegend = showLegend, HoverText = Checked(hover, y, "hover"),
            Marker = color is null ? null : new MarkerStyle { Color = color },
        }, row, col);

    /// <summary>A histogram of the values, binned by plotly. <c>fig.Histogram(acts, bins: 50, norm: HistNorm.Probability)</c></summary>
    public Figure Histogram(Values values, string? name = null, int? bins = null, HistNorm norm = HistNorm.Count,
        string? color = null, double? opacity = null, bool? showLegend = null, int row = 1, int col = 1)
    {
        if (bins is < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least 1 bin.");
        return Add(new Trace
        {
            Type = "histogram", Name = name, X = values, NBinsX = bins,
            HistNorm = norm == HistNorm.Count ? null : PlotlyNames.Of(norm),
            Opacity = opacity, ShowLegend = showLegend,
            Marker = color is null ? null : new MarkerStyle { Color = color },
        }, row, col);
    }

    /// <summary>
    /// Coloured cells: z[i, j] is the value at (x[j], y[i]), so z has y.Count rows and x.Count columns.
    /// <c>fig.Heatmap(xs, ys, z, colorScale: "RdBu")</c>
    /// </summary>
    public Figure Heatmap(Values x, Values y, double[,] z, string? name = null, string colorScale = "Viridis",
        bool showScale = true, double? opacity = null, int row = 1, int col = 1)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.GetLength(0) != y.Count || z.GetLength(1) != x.Count)
            throw new ArgumentException(
                $"Heatmap z is {z.GetLength(0)}x{z.GetLength(1)} but needs y.Count x x.Count = {y.Count}x{x.Count} (rows follow y, columns follow x).",
                nameof(z));
        var rows = new double[z.GetLength(0)][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[z.GetLength(1)];
            for (var j = 0; j < rows[i].Length; j++) rows[i][j] = z[i, j];
        }
        return Add(new Trace
        {
            Type = "heatmap", Name = name, X = x, Y = y, Z = rows,
            ColorScale = colorScale, ShowScale = showScale, Opacity = opacity,
        }, row, col);
    }

    /// <summary>Adds a trace you built yourself to the subplot at (row, col).</summary>
    public Figure Add(Trace trace, int row = 1, int col = 1)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.X is { } x && trace.Y is { } y && trace.Z is null && x.Count != y.Count)
            throw new ArgumentException($"Trace {trace}: x has {x.Count} values but y has {y.Count}; they must match.", nameof(trace));
        var k = Subplot(row, col);
        var id = AxisId(k);
        (trace.XAxis, trace.YAxis) = (id == "" ? null : "x" + id, id == "" ? null : "y" + id);
        if (trace.Type == "bar" && trace.X is { IsNumeric: false })
            xAxes[k].AutoMargin = true;   // long category names grow the bottom margin instead of being cut off
        traces.Add(trace);
        return this;
    }

    // ---- layout ----

    public Figure Title(string text)
    {
        title = text;
        return this;
    }

    /// <summary>Size in pixels; without it the chart fills the output's width.</summary>
    public Figure Size(int width, int height)
    {
        if (width < 10 || height < 10) throw new ArgumentOutOfRangeException(nameof(width), $"A figure of {width}x{height} pixels is too small to draw.");
        (this.width, this.height) = (width, height);
        return this;
    }

    /// <summary>The x axis title. Without row/col it applies to every subplot; col alone means that whole column.</summary>
    public Figure XAxis(string title, int? row = null, int? col = null) =>
        ForEach(xAxes, row, col, a => a.Title = new PlotlyTitle(title));

    public Figure YAxis(string title, int? row = null, int? col = null) =>
        ForEach(yAxes, row, col, a => a.Title = new PlotlyTitle(title));

    /// <summary>A logarithmic x axis (zero and negative values are not drawn on it).</summary>
    public Figure LogX(int? row = null, int? col = null) => ForEach(xAxes, row, col, MakeLog);

    /// <summary>A logarithmic y axis: the right scale for stds that grow or shrink by a factor per layer.</summary>
    public Figure LogY(int? row = null, int? col = null) => ForEach(yAxes, row, col, MakeLog);

    /// <summary>The visible x range in data units (also on a log axis).</summary>
    public Figure XRange(double min, double max, int? row = null, int? col = null) =>
        ForEach(xAxes, row, col, a => a.Range = CheckedRange(min, max, a.Log));

    public Figure YRange(double min, double max, int? row = null, int? col = null) =>
        ForEach(yAxes, row, col, a => a.Range = CheckedRange(min, max, a.Log));

    /// <summary>Show or hide the legend; below: a horizontal legend under the plot.</summary>
    public Figure Legend(bool show = true, bool below = false)
    {
        showLegend = show;
        legend = below ? new Legend { Orientation = "h", X = 0, Y = -0.2, XAnchor = "left", YAnchor = "top" } : null;
        return this;
    }

    /// <summary>
    /// Subplots as pictures (a grid of images): small gaps between cells, no ticks or grid lines, pixels kept square, and
    /// tight margins, so that small cells still show their image. Give it a <see cref="Size"/> of about 90 px per cell.
    /// </summary>
    public Figure AsPictures()
    {
        pictures = true;
        for (var k = 0; k < xAxes.Length; k++)
            foreach (var axis in new[] { xAxes[k], yAxes[k] })
                (axis.ShowTickLabels, axis.Ticks, axis.ShowGrid, axis.ZeroLine) = (false, "", false, false);
        for (var k = 0; k < yAxes.Length; k++)
            yAxes[k].ScaleAnchor = "x" + AxisId(k);
        return this;
    }

    /// <summary>Bars and histograms drawn over each other (use opacity) instead of side by side.</summary>
    public Figure Overlay()
    {
        barMode = "overlay";
        return this;
    }

    /// <summary>A horizontal reference line at y, across the subplot(s). <c>fig.HLine(1.0, "std = 1")</c></summary>
    public Figure HLine(double y, string? label = null, string color = "gray", Dash dash = Dash.Dash, int? row = null, int? col = null)
    {
        RequireFinite(y, nameof(y));
        foreach (var k in Subplots(row, col))
            shapes.Add(new Shape
            {
                XRef = $"x{AxisId(k)} domain", YRef = $"y{AxisId(k)}", X0 = 0, X1 = 1, Y0 = y, Y1 = y,
                Line = new LineStyle { Color = color, Width = 1.5, Dash = PlotlyNames.Of(dash) },
                Label = label is null ? null : new ShapeLabel(label),
            });
        return this;
    }

    /// <summary>A vertical reference line at x. <c>fig.VLine(31, "overflow at layer 31")</c></summary>
    public Figure VLine(double x, string? label = null, string color = "gray", Dash dash = Dash.Dash, int? row = null, int? col = null)
    {
        RequireFinite(x, nameof(x));
        foreach (var k in Subplots(row, col))
            shapes.Add(new Shape
            {
                XRef = $"x{AxisId(k)}", YRef = $"y{AxisId(k)} domain", X0 = x, X1 = x, Y0 = 0, Y1 = 1,
                Line = new LineStyle { Color = color, Width = 1.5, Dash = PlotlyNames.Of(dash) },
                Label = label is null ? null : new ShapeLabel(label),
            });
        return this;
    }

    // ---- output ----

    /// <summary>plotly.js' figure: {"data": [traces], "layout": {...}}. NaN and ±Infinity become null.</summary>
    public string ToJson() =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["data"] = traces, ["layout"] = Layout() }, PlotlyJson.Options);

    private Dictionary<string, object> Layout()
    {
        var layout = new Dictionary<string, object>();
        if (title is not null) layout["title"] = new PlotlyTitle(title);
        if (width is { } w) layout["width"] = w;
        if (FigureHeight is { } h) layout["height"] = h;
        if (showLegend is { } show) layout["showlegend"] = show;
        if (legend is not null) layout["legend"] = legend;
        if (barMode is not null) layout["barmode"] = barMode;
        if (pictures) layout["margin"] = new Margin(10, 10, title is null ? 30 : 60, 10);
        if (Rows * Cols > 1) PlaceSubplots();
        for (var k = 0; k < xAxes.Length; k++)
        {
            layout[$"xaxis{AxisId(k)}"] = xAxes[k];
            layout[$"yaxis{AxisId(k)}"] = yAxes[k];
        }
        if (shapes.Count > 0) layout["shapes"] = shapes;
        var annotations = SubplotTitleAnnotations();
        if (annotations.Count > 0) layout["annotations"] = annotations;
        return layout;
    }

    // Subplot (row, col) gets axes x{k}/y{k} with explicit domains: row 1 at the top. Rows are 300 px
    // high unless a size is set, and kept 90 px apart: room for tick labels, an x axis title and the
    // next subplot's title.
    // Pictures have no tick labels or axis titles: their cells sit closer, with room for a subplot title only.
    private double ColumnGap => pictures ? 0.02 : 0.08;
    private double RowGapPixels => pictures ? 24 : 90;

    private int? FigureHeight => height ?? (Rows > 1 ? 300 * Rows : null);

    private double RowGap => Rows == 1 ? 0 : Math.Min(RowGapPixels / FigureHeight!.Value, 0.5 / (Rows - 1));

    private void PlaceSubplots()
    {
        for (var k = 0; k < xAxes.Length; k++)
        {
            var (x, y) = CellDomain(k);
            (xAxes[k].Domain, xAxes[k].Anchor) = (x, "y" + AxisId(k));
            (yAxes[k].Domain, yAxes[k].Anchor) = (y, "x" + AxisId(k));
            // A grid cell without traces (the last row not filled) shows nothing rather than empty axes.
            var empty = traces.All(t => (t.XAxis ?? "x") != "x" + AxisId(k));
            xAxes[k].Visible = yAxes[k].Visible = empty ? false : null;
        }
    }

    private (double[] X, double[] Y) CellDomain(int k)
    {
        var (row, col) = (k / Cols, k % Cols);
        var cellWidth = (1 - ColumnGap * (Cols - 1)) / Cols;
        var cellHeight = (1 - RowGap * (Rows - 1)) / Rows;
        var left = col * (cellWidth + ColumnGap);
        var top = 1 - row * (cellHeight + RowGap);
        return ([Round(left), Round(left + cellWidth)], [Round(top - cellHeight), Round(top)]);
    }

    private List<Annotation> SubplotTitleAnnotations()
    {
        var annotations = new List<Annotation>();
        for (var k = 0; k < subplotTitles.Length; k++)
        {
            if (string.IsNullOrEmpty(subplotTitles[k])) continue;
            var (x, y) = CellDomain(k);
            annotations.Add(new Annotation(subplotTitles[k], Round((x[0] + x[1]) / 2), y[1]));
        }
        return annotations;
    }

    // ---- helpers ----

    /// <summary>The axis suffix of subplot k: "" for the first, then "2", "3", ... as plotly names them.</summary>
    private static string AxisId(int k) => k == 0 ? "" : (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static double Round(double v) => Math.Round(v, 6);

    private int Subplot(int row, int col)
    {
        if (row < 1 || row > Rows || col < 1 || col > Cols)
            throw new ArgumentOutOfRangeException(nameof(row), $"Subplot (row {row}, col {col}) is outside this {Rows}x{Cols} figure; rows and columns count from 1.");
        return (row - 1) * Cols + (col - 1);
    }

    private IEnumerable<int> Subplots(int? row, int? col)
    {
        if (row is { } r && (r < 1 || r > Rows)) throw new ArgumentOutOfRangeException(nameof(row), $"Row {r} is outside this {Rows}x{Cols} figure; rows count from 1.");
        if (col is { } c && (c < 1 || c > Cols)) throw new ArgumentOutOfRangeException(nameof(col), $"Column {c} is outside this {Rows}x{Cols} figure; columns count from 1.");
        for (var i = 1; i <= Rows; i++)
            for (var j = 1; j <= Cols; j++)
                if ((row ?? i) == i && (col ?? j) == j) yield return Subplot(i, j);
    }

    private Figure ForEach(Axis[] axes, int? row, int? col, Action<Axis> change)
    {
        foreach (var k in Subplots(row, col)) change(axes[k]);
        return this;
    }

    private static (double, double) CheckedRange(double min, double max, bool log)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentException($"An axis range needs finite min < max, got [{Html.Number(min)}, {Html.Number(max)}].");
        if (log && min <= 0)
            throw new ArgumentException($"A log axis range must be positive, got [{Html.Number(min)}, {Html.Number(max)}].");
        return (min, max);
    }

    private static void MakeLog(Axis axis)
    {
        if (axis.Range is { } r) CheckedRange(r.Min, r.Max, log: true);
        axis.Log = true;
    }

    private static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"A reference line needs a finite position, got {Html.Number(value)}.", name);
    }

    private static string[]? Checked(string[]? hover, Values y, string what) =>
        hover is null || hover.Length == y.Count ? hover
        : throw new ArgumentException($"{hover.Length} {what} texts for {y.Count} points; give one per point.", what);

    /// <summary>"Figure "title": line "randn", line "xavier"; log y".</summary>
    public override string ToString()
    {
        var name = title is null ? "Figure" : $"Figure \"{title}\"";
        var grid = Rows * Cols > 1 ? $" ({Rows}x{Cols} subplots)" : "";
        var log = yAxes.Any(a => a.Log) ? "; log y" : "";
        return $"{name}{grid}: {(traces.Count == 0 ? "no traces" : string.Join(", ", traces))}{log}";
    }
}

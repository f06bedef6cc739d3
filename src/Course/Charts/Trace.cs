using System.Text.Json.Serialization;

namespace Course.Charts;

/// <summary>
/// One plotly trace: the data of one series and how to draw it. Property names follow the
/// plotly.js reference (https://plotly.com/javascript/reference/); unset properties keep plotly's
/// defaults. Figure's Line/Scatter/Bar/Histogram/Heatmap methods fill these in for you.
/// </summary>
public sealed class Trace
{
    /// <summary>"scatter" (lines and markers), "bar", "histogram" or "heatmap".</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }

    /// <summary>For scatter traces: "lines", "markers" or "lines+markers".</summary>
    [JsonPropertyName("mode")] public string? Mode { get; set; }

    [JsonPropertyName("name"), JsonConverter(typeof(PlotlyTextConverter))] public string? Name { get; set; }

    [JsonPropertyName("x")] public Values? X { get; set; }
    [JsonPropertyName("y")] public Values? Y { get; set; }

    /// <summary>Heatmap cells: Z[i][j] is drawn at (X[j], Y[i]).</summary>
    [JsonPropertyName("z")] public double[][]? Z { get; set; }

    /// <summary>Subplot axes: "x"/"y" for the first subplot, "x2"/"y2" for the second, ...</summary>
    [JsonPropertyName("xaxis")] public string? XAxis { get; set; }
    [JsonPropertyName("yaxis")] public string? YAxis { get; set; }

    [JsonPropertyName("showlegend")] public bool? ShowLegend { get; set; }
    [JsonPropertyName("legendgroup")] public string? LegendGroup { get; set; }
    [JsonPropertyName("opacity")] public double? Opacity { get; set; }
    [JsonPropertyName("line")] public LineStyle? Line { get; set; }
    [JsonPropertyName("marker")] public MarkerStyle? Marker { get; set; }

    /// <summary>Text shown when hovering each point.</summary>
    [JsonPropertyName("hovertext"), JsonConverter(typeof(PlotlyTextArrayConverter))] public string[]? HoverText { get; set; }

    /// <summary>Histogram: the maximum number of bins plotly may use.</summary>
    [JsonPropertyName("nbinsx")] public int? NBinsX { get; set; }

    /// <summary>Histogram: "" (counts), "percent", "probability", "density" or "probability density".</summary>
    [JsonPropertyName("histnorm")] public string? HistNorm { get; set; }

    /// <summary>Bar: bar widths in x units (one per bar), for bars that stand for bins.</summary>
    [JsonPropertyName("width")] public Values? Width { get; set; }

    /// <summary>Heatmap: a plotly scale name ("Viridis", "RdBu") or [position, colour] pairs.</summary>
    [JsonPropertyName("colorscale")] public object? ColorScale { get; set; }
    [JsonPropertyName("zmin")] public double? ZMin { get; set; }
    [JsonPropertyName("zmax")] public double? ZMax { get; set; }
    [JsonPropertyName("showscale")] public bool? ShowScale { get; set; }

    public override string ToString() => Name is null ? Type : $"{Type} \"{Name}\"";
}

/// <summary>A trace's line: colour, width in pixels, dash pattern.</summary>
public sealed class LineStyle
{
    [JsonPropertyName("color")] public string? Color { get; set; }
    [JsonPropertyName("width")] public double? Width { get; set; }

    /// <summary>"solid", "dot", "dash", "longdash", "dashdot" or "longdashdot".</summary>
    [JsonPropertyName("dash")] public string? Dash { get; set; }
}

/// <summary>A trace's markers (points, bars): colour and size in pixels.</summary>
public sealed class MarkerStyle
{
    [JsonPropertyName("color")] public string? Color { get; set; }
    [JsonPropertyName("size")] public double? Size { get; set; }
}

/// <summary>Line dash patterns, as plotly names them.</summary>
public enum Dash { Solid, Dot, Dash, LongDash, DashDot, LongDashDot }

/// <summary>What a histogram's bar heights mean.</summary>
public enum HistNorm
{
    /// <summary>How many values fall in the bin.</summary>
    Count,
    /// <summary>Percentage of all values (bars sum to 100).</summary>
    Percent,
    /// <summary>Fraction of all values (bars sum to 1).</summary>
    Probability,
    /// <summary>Count divided by bin width.</summary>
    Density,
    /// <summary>Fraction divided by bin width (area sums to 1): comparable with a density curve.</summary>
    ProbabilityDensity,
}

internal static class PlotlyNames
{
    public static string Of(Dash dash) => dash.ToString().ToLowerInvariant();

    public static string Of(HistNorm norm) => norm switch
    {
        HistNorm.Count => "",
        HistNorm.ProbabilityDensity => "probability density",
        _ => norm.ToString().ToLowerInvariant(),
    };
}

using System.Text.Json.Serialization;

namespace Course.Charts;

// The parts of plotly's layout that Figure uses, named as in the plotly.js reference.

/// <summary>plotly 3+ takes titles as objects: {"text": "..."}.</summary>
internal sealed class PlotlyTitle(string text)
{
    [JsonPropertyName("text"), JsonConverter(typeof(PlotlyTextConverter))] public string Text { get; } = text;
}

/// <summary>One x or y axis of one subplot.</summary>
internal sealed class Axis
{
    [JsonPropertyName("title")] public PlotlyTitle? Title { get; set; }

    [JsonIgnore] public bool Log { get; set; }

    /// <summary>The range in data units, as the learner gives it.</summary>
    [JsonIgnore] public (double Min, double Max)? Range { get; set; }

    [JsonPropertyName("type")] public string? Type => Log ? "log" : null;

    /// <summary>Powers of ten (10³) read better than 1e+3 on the wide ranges of log plots.</summary>
    [JsonPropertyName("exponentformat")] public string? ExponentFormat => Log ? "power" : null;

    /// <summary>plotly wants the range of a log axis as log10 of the data values.</summary>
    [JsonPropertyName("range")]
    public double[]? PlotlyRange => Range is not { } r ? null
        : Log ? [Math.Log10(r.Min), Math.Log10(r.Max)]
        : [r.Min, r.Max];

    /// <summary>Where the subplot sits, as fractions [start, end] of the figure's width or height.</summary>
    [JsonPropertyName("domain")] public double[]? Domain { get; set; }

    /// <summary>The axis this one crosses ("y2" for "x2"), so each subplot has its own pair.</summary>
    [JsonPropertyName("anchor")] public string? Anchor { get; set; }

    [JsonPropertyName("visible")] public bool? Visible { get; set; }

    [JsonPropertyName("automargin")] public bool? AutoMargin { get; set; }

    // Picture cells (Figure.AsPictures): no ticks, grid or zero line, and y scaled to x so pixels stay square.
    [JsonPropertyName("showticklabels")] public bool? ShowTickLabels { get; set; }
    [JsonPropertyName("ticks")] public string? Ticks { get; set; }
    [JsonPropertyName("showgrid")] public bool? ShowGrid { get; set; }
    [JsonPropertyName("zeroline")] public bool? ZeroLine { get; set; }
    [JsonPropertyName("scaleanchor")] public string? ScaleAnchor { get; set; }
}

/// <summary>The space around the plotting area, in pixels.</summary>
internal sealed record Margin(
    [property: JsonPropertyName("l")] int Left, [property: JsonPropertyName("r")] int Right,
    [property: JsonPropertyName("t")] int Top, [property: JsonPropertyName("b")] int Bottom);

/// <summary>A straight reference line across a subplot, with an optional label.</summary>
internal sealed class Shape
{
    [JsonPropertyName("type")] public string Type => "line";

    /// <summary>"x2" means data units of axis x2; "x2 domain" means 0..1 across that subplot.</summary>
    [JsonPropertyName("xref")] public required string XRef { get; init; }
    [JsonPropertyName("yref")] public required string YRef { get; init; }

    // Shapes take data values even on log axes (unlike axis ranges): plotly converts them itself.
    [JsonPropertyName("x0")] public double X0 { get; init; }
    [JsonPropertyName("x1")] public double X1 { get; init; }
    [JsonPropertyName("y0")] public double Y0 { get; init; }
    [JsonPropertyName("y1")] public double Y1 { get; init; }

    [JsonPropertyName("line")] public LineStyle? Line { get; init; }
    [JsonPropertyName("label")] public ShapeLabel? Label { get; init; }
}

internal sealed class ShapeLabel(string text)
{
    [JsonPropertyName("text"), JsonConverter(typeof(PlotlyTextConverter))] public string Text { get; } = text;

    /// <summary>"start", "middle" or "end" of the line.</summary>
    [JsonPropertyName("textposition")] public string TextPosition { get; init; } = "end";
}

/// <summary>Text placed in figure coordinates: used for subplot titles.</summary>
internal sealed class Annotation(string text, double x, double y)
{
    [JsonPropertyName("text"), JsonConverter(typeof(PlotlyTextConverter))] public string Text { get; } = text;
    [JsonPropertyName("x")] public double X { get; } = x;
    [JsonPropertyName("y")] public double Y { get; } = y;
    [JsonPropertyName("xref")] public string XRef => "paper";
    [JsonPropertyName("yref")] public string YRef => "paper";
    [JsonPropertyName("xanchor")] public string XAnchor => "center";
    [JsonPropertyName("yanchor")] public string YAnchor => "bottom";
    [JsonPropertyName("showarrow")] public bool ShowArrow => false;
}

internal sealed class Legend
{
    [JsonPropertyName("orientation")] public string? Orientation { get; init; }
    [JsonPropertyName("x")] public double? X { get; init; }
    [JsonPropertyName("y")] public double? Y { get; init; }
    [JsonPropertyName("xanchor")] public string? XAnchor { get; init; }
    [JsonPropertyName("yanchor")] public string? YAnchor { get; init; }
}

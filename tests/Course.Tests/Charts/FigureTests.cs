using System.Text.Json;
using Course.Charts;
using Course.Tests.Display;

namespace Course.Tests.Charts;

public class FigureTests
{
    private static JsonElement Json(Figure figure) => JsonDocument.Parse(figure.ToJson()).RootElement;

    [Fact]
    public void Json_has_one_trace_per_call_with_plotly_types_and_modes()
    {
        var figure = new Figure()
            .Line(new[] { 1, 2, 3 }, new[] { 1.0, 2.0, 4.0 }, name: "line")
            .Scatter(new[] { 1, 2, 3 }, new[] { 3.0, 2.0, 1.0 }, name: "points", size: 4)
            .Bar(new[] { "a", "b" }, new[] { 1.0, 2.0 })
            .Histogram(new[] { 0.1, 0.2, 0.2 }, bins: 10, norm: HistNorm.Probability)
            .Heatmap(new[] { 0, 1, 2 }, new[] { 0, 1 }, new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });

        var data = Json(figure).GetProperty("data");
        Assert.Equal(5, data.GetArrayLength());
        Assert.Equal(["scatter", "scatter", "bar", "histogram", "heatmap"],
            data.EnumerateArray().Select(t => t.GetProperty("type").GetString()));
        Assert.Equal("lines", data[0].GetProperty("mode").GetString());
        Assert.Equal("markers", data[1].GetProperty("mode").GetString());
        Assert.Equal(4, data[1].GetProperty("marker").GetProperty("size").GetDouble());
        Assert.Equal(10, data[3].GetProperty("nbinsx").GetInt32());
        Assert.Equal("probability", data[3].GetProperty("histnorm").GetString());
        Assert.Equal(6, data[4].GetProperty("z")[1][2].GetDouble());
        Assert.Equal("b", data[2].GetProperty("x")[1].GetString());
        // Unset style stays out, so plotly's defaults apply.
        Assert.False(data[0].TryGetProperty("marker", out _));
    }

    [Fact]
    public void Line_style_dash_width_colour_and_legend_are_written_as_plotly_names_them()
    {
        var trace = Json(new Figure().Line(new[] { 1, 2 }, new[] { 1, 2 }, color: "red", width: 3, dash: Dash.LongDash,
            showLegend: false, opacity: 0.5, hover: ["first", "second"])).GetProperty("data")[0];
        var line = trace.GetProperty("line");
        Assert.Equal("red", line.GetProperty("color").GetString());
        Assert.Equal(3, line.GetProperty("width").GetDouble());
        Assert.Equal("longdash", line.GetProperty("dash").GetString());
        Assert.False(trace.GetProperty("showlegend").GetBoolean());
        Assert.Equal(0.5, trace.GetProperty("opacity").GetDouble());
        Assert.Equal("second", trace.GetProperty("hovertext")[1].GetString());
    }

    [Fact]
    public void Log_axis_has_type_log_and_its_range_in_log10_units()
    {
        var layout = Json(new Figure().Line(new[] { 1, 2 }, new[] { 1.0, 1e6 }).LogY().YRange(1e-2, 1e8)).GetProperty("layout");
        var y = layout.GetProperty("yaxis");
        Assert.Equal("log", y.GetProperty("type").GetString());
        Assert.Equal(-2, y.GetProperty("range")[0].GetDouble(), 12);
        Assert.Equal(8, y.GetProperty("range")[1].GetDouble(), 12);
        Assert.False(layout.GetProperty("xaxis").TryGetProperty("type", out _));
    }

    [Fact]
    public void Log_axis_rejects_a_range_that_is_not_positive()
    {
        var e = Assert.Throws<ArgumentException>(() => new Figure().YRange(0, 10).LogY());
        Assert.Contains("positive", e.Message);
    }

    [Fact]
    public void Non_finite_values_become_null_so_the_json_stays_valid()
    {
        var json = new Figure()
            .Line(new[] { 1, 2, 3, 4 }, new[] { 1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            .Line(new[] { 1, 2 }, new[] { float.NaN, 0.5f })
            .ToJson();

        var data = JsonDocument.Parse(json).RootElement.GetProperty("data");
        Assert.Equal([JsonValueKind.Number, JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null],
            data[0].GetProperty("y").EnumerateArray().Select(v => v.ValueKind));
        Assert.Equal(JsonValueKind.Null, data[1].GetProperty("y")[0].ValueKind);
        Assert.DoesNotContain("NaN", json);
        Assert.DoesNotContain("Infinity", json);
    }

    [Fact]
    public void Numbers_are_written_with_a_decimal_point_whatever_the_current_culture()
    {
        using var _ = new CommaCulture();
        var figure = new Figure().Line(new[] { 1.5, 2.25 }, new[] { 0.1f, 3.5f }).YRange(0.5, 4.5).HLine(1.25);
        var json = figure.ToJson();

        Assert.Contains("[1.5,2.25]", json);
        Assert.Contains("[0.1,3.5]", json);   // floats keep their short form
        Assert.Contains("[0.5,4.5]", json);
        Assert.Contains("\"y0\":1.25", json);
        Assert.DoesNotContain("1,5", json);
    }

    [Fact]
    public void Grid_assigns_each_subplot_its_own_axes_with_separate_domains_and_titles()
    {
        var figure = Figure.Grid(2, 2, "a", "b", "c", "d")
            .Line(new[] { 1, 2 }, new[] { 1, 2 }, row: 1, col: 1)
            .Line(new[] { 1, 2 }, new[] { 1, 2 }, row: 1, col: 2)
            .Histogram(new[] { 1.0, 2.0 }, row: 2, col: 2)
            .LogY(row: 2, col: 2)
            .XAxis("layer", row: 2);
        var json = Json(figure);
        var data = json.GetProperty("data");
        var layout = json.GetProperty("layout");

        Assert.False(data[0].TryGetProperty("xaxis", out _));          // subplot 1 uses the default x/y
        Assert.Equal("x2", data[1].GetProperty("xaxis").GetString());
        Assert.Equal("y2", data[1].GetProperty("yaxis").GetString());
        Assert.Equal("x4", data[2].GetProperty("xaxis").GetString());
        Assert.Equal("y4", data[2].GetProperty("yaxis").GetString());

        Assert.Equal("log", layout.GetProperty("yaxis4").GetProperty("type").GetString());
        Assert.False(layout.GetProperty("yaxis2").TryGetProperty("type", out _));
        Assert.Equal("y3", layout.GetProperty("xaxis3").GetProperty("anchor").GetString());
        Assert.Equal("layer", layout.GetProperty("xaxis3").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("layer", layout.GetProperty("xaxis4").GetProperty("title").GetProperty("text").GetString());
        Assert.False(layout.GetProperty("xaxis").TryGetProperty("title", out _));

        // Row 1 sits above row 2, column 1 left of column 2, with no overlap.
        double[] Domain(string axis) => layout.GetProperty(axis).GetProperty("domain").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(Domain("yaxis")[0] > Domain("yaxis3")[1]);
        Assert.True(Domain("xaxis")[1] < Domain("xaxis2")[0]);
        Assert.Equal(1.0, Domain("xaxis2")[1], 9);

        var titles = layout.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString());
        Assert.Equal(["a", "b", "c", "d"], titles);
        Assert.Equal(600, layout.GetProperty("height").GetInt32());
    }

    [Fact]
    public void Grid_cells_without_traces_hide_their_axes_and_rows_keep_a_fixed_pixel_gap()
    {
        var layout = Json(Figure.Grid(2, 2)
            .Line(new[] { 1 }, new[] { 1 }, row: 1, col: 1)
            .Line(new[] { 1 }, new[] { 1 }, row: 1, col: 2)
            .Line(new[] { 1 }, new[] { 1 }, row: 2, col: 1)).GetProperty("layout");
        Assert.False(layout.GetProperty("xaxis4").GetProperty("visible").GetBoolean());
        Assert.False(layout.GetProperty("yaxis4").GetProperty("visible").GetBoolean());
        Assert.False(layout.GetProperty("xaxis3").TryGetProperty("visible", out _));

        // 600 px high: the 90 px gap between rows is 0.15 of the height.
        var top = layout.GetProperty("yaxis3").GetProperty("domain")[1].GetDouble();
        var bottom = layout.GetProperty("yaxis").GetProperty("domain")[0].GetDouble();
        Assert.Equal(0.15, bottom - top, 9);
    }

    [Fact]
    public void Traces_outside_the_grid_are_rejected_with_the_grid_size()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Figure.Grid(2, 3).Line(new[] { 1 }, new[] { 1 }, row: 3, col: 1));
        Assert.Contains("2x3", e.Message);
    }

    [Fact]
    public void Mismatched_lengths_name_both_counts()
    {
        var e = Assert.Throws<ArgumentException>(() => new Figure().Line(new[] { 1, 2, 3 }, new[] { 1.0, 2.0 }));
        Assert.Contains("3", e.Message);
        Assert.Contains("2", e.Message);
        Assert.Throws<ArgumentException>(() => new Figure().Heatmap(new[] { 1, 2 }, new[] { 1 }, new double[2, 2]));
    }

    [Fact]
    public void Reference_lines_span_their_subplot_and_carry_a_label()
    {
        var layout = Json(Figure.Grid(1, 2).VLine(31, "overflow at layer 31", col: 2).HLine(1)).GetProperty("layout");
        var shapes = layout.GetProperty("shapes");
        Assert.Equal(3, shapes.GetArrayLength());   // the vertical line in column 2, the horizontal one in both

        var v = shapes[0];
        Assert.Equal("x2", v.GetProperty("xref").GetString());
        Assert.Equal("y2 domain", v.GetProperty("yref").GetString());
        Assert.Equal(31, v.GetProperty("x0").GetDouble());
        Assert.Equal(31, v.GetProperty("x1").GetDouble());
        Assert.Equal("overflow at layer 31", v.GetProperty("label").GetProperty("text").GetString());
        Assert.Equal("x domain", shapes[1].GetProperty("xref").GetString());
        Assert.Equal("y", shapes[1].GetProperty("yref").GetString());
        Assert.Throws<ArgumentException>(() => new Figure().HLine(double.NaN));
    }

    [Fact]
    public void Title_size_legend_and_axis_titles_are_in_the_layout()
    {
        var layout = Json(new Figure().Title("std per layer").Size(640, 400).Legend(below: true).XAxis("layer").YAxis("std")).GetProperty("layout");
        Assert.Equal("std per layer", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(640, layout.GetProperty("width").GetInt32());
        Assert.Equal(400, layout.GetProperty("height").GetInt32());
        Assert.Equal("h", layout.GetProperty("legend").GetProperty("orientation").GetString());
        Assert.Equal("std", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Html_escapes_a_hostile_title_everywhere()
    {
        const string hostile = "<script>alert(1)</script>";
        var figure = new Figure().Title(hostile).Line(new[] { 1 }, new[] { 1 }, name: hostile);

        var html = figure.ToHtml();
        Assert.DoesNotContain(hostile, html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Equal(1, CountOf(html, "</script>"));   // only our own script closes

        // plotly gets it as literal text: it decodes &lt; back to '<' when drawing.
        var title = Json(figure).GetProperty("layout").GetProperty("title").GetProperty("text").GetString();
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;", title);

        var page = figure.ToStandaloneHtml("plotly.min.js");
        Assert.Contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>", page);
        Assert.DoesNotContain("<script>alert", page);
    }

    [Fact]
    public void Same_figure_gives_the_same_html_and_a_different_figure_a_different_id()
    {
        Figure Make(double last) => new Figure().Line(new[] { 1, 2, 3 }, new[] { 1.0, 2.0, last }).Title("t");

        Assert.Equal(Make(3).ToHtml(), Make(3).ToHtml());
        Assert.NotEqual(Make(3).Id, Make(4).Id);
        Assert.Matches("^plot-[0-9a-f]{16}$", Make(3).Id);
    }

    [Fact]
    public void Html_draws_with_newPlot_into_its_div_using_the_pinned_plotly_version()
    {
        var figure = new Figure().Line(new[] { 1, 2 }, new[] { 3, 4 });
        var html = figure.ToHtml();

        Assert.StartsWith($"<div id=\"{figure.Id}\"", html);
        Assert.Contains("Plotly.newPlot(target, figure.data, figure.layout", html);
        Assert.Contains("if (window.Plotly)", html);
        Assert.Contains("paths: { plotly: 'https://cdn.plot.ly/plotly-4.1.2.min' }", html);
        Assert.Contains("require.min.js", html);
        Assert.Contains(figure.ToJson(), html);
        Assert.Equal("4.1.2", Figure.PlotlyVersion);
    }

    [Fact]
    public void Plotly_version_matches_package_json()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "package.json"))) dir = dir.Parent;
        Assert.NotNull(dir);
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "package.json")));
        Assert.Equal(Figure.PlotlyVersion, package.RootElement.GetProperty("dependencies").GetProperty("plotly.js-dist-min").GetString());
    }

    [Fact]
    public void Standalone_page_loads_plotly_from_the_given_source_in_the_head()
    {
        var page = new Figure().Line(new[] { 1 }, new[] { 1 }).ToStandaloneHtml("plotly.min.js");
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.True(page.IndexOf("<script src=\"plotly.min.js\"", StringComparison.Ordinal) < page.IndexOf("<body>", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new Figure().ToStandaloneHtml(" "));
    }

    [Fact]
    public void Figure_copies_its_data()
    {
        var ys = new[] { 1.0, 2.0 };
        var figure = new Figure().Line(new[] { 1, 2 }, ys);
        var before = figure.ToJson();
        ys[0] = 99;
        Assert.Equal(before, figure.ToJson());
    }

    [Fact]
    public void Plain_text_names_the_title_and_traces()
    {
        var text = new Figure().Title("std").Line(new[] { 1 }, new[] { 1 }, name: "randn").LogY().ToString();
        Assert.Equal("Figure \"std\": scatter \"randn\"; log y", text);
    }

    [Fact]
    public void Bars_at_named_categories_let_their_labels_grow_the_margin_and_numeric_bars_do_not()
    {
        var layout = Json(Figure.Grid(1, 2).Bar(new[] { "a long category name", "another" }, new[] { 1.0, 2.0 }, col: 1)
            .Bar(new[] { 1.0, 2.0 }, new[] { 1.0, 2.0 }, col: 2)).GetProperty("layout");
        Assert.True(layout.GetProperty("xaxis").GetProperty("automargin").GetBoolean());
        Assert.False(layout.GetProperty("xaxis2").TryGetProperty("automargin", out _));
    }

    [Fact]
    public void A_picture_grid_leaves_every_cell_room_to_draw_its_image()
    {
        using var shapes = Course.Data.ColouredShapes.Generate(4, ["blue"], seed: 1);
        var layout = Json(ImageGrid.Of(shapes, 16, columns: 8).Title("sixteen shapes")).GetProperty("layout");
        var margin = layout.GetProperty("margin");
        double plotWidth = layout.GetProperty("width").GetDouble() - margin.GetProperty("l").GetDouble() - margin.GetProperty("r").GetDouble();
        double plotHeight = layout.GetProperty("height").GetDouble() - margin.GetProperty("t").GetDouble() - margin.GetProperty("b").GetDouble();
        foreach (var k in new[] { "", "16" })
        {
            var (x, y) = (layout.GetProperty("xaxis" + k), layout.GetProperty("yaxis" + k));
            double cellWidth = plotWidth * (x.GetProperty("domain")[1].GetDouble() - x.GetProperty("domain")[0].GetDouble());
            double cellHeight = plotHeight * (y.GetProperty("domain")[1].GetDouble() - y.GetProperty("domain")[0].GetDouble());
            Assert.InRange(cellWidth, 70, 100);    // about 80 px per picture, in either row
            Assert.InRange(cellHeight, 70, 100);
            Assert.False(x.GetProperty("showticklabels").GetBoolean());
            Assert.Equal("x" + k, y.GetProperty("scaleanchor").GetString());   // square pixels
        }
        Assert.Equal(60, margin.GetProperty("t").GetInt32());   // room for the title
    }

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "").Length) / part.Length;
}

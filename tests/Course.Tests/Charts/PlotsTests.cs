using System.Text.Json;
using Course.Charts;
using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Charts;

public class PlotsTests
{
    private static JsonElement Json(Figure figure) => JsonDocument.Parse(figure.ToJson()).RootElement;

    [Fact]
    public void LayerStd_draws_one_line_per_series_on_a_log_axis_with_gaps_for_overflow()
    {
        double[] exploding = [16, 256, 4096, double.PositiveInfinity, double.NaN];
        float[] stable = [1f, 1f, 0.98f, 1.01f, 1f];
        var json = Json(Plots.LayerStd(("randn", exploding), ("randn / sqrt(n)", stable)));

        var data = json.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("randn / sqrt(n)", data[1].GetProperty("name").GetString());
        Assert.Equal([1, 2, 3, 4, 5], data[0].GetProperty("x").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(JsonValueKind.Null, data[0].GetProperty("y")[3].ValueKind);
        Assert.Equal(JsonValueKind.Null, data[0].GetProperty("y")[4].ValueKind);
        Assert.NotEqual(data[0].GetProperty("line").GetProperty("color").GetString(), data[1].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal("log", json.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void ActivationHistograms_bins_each_layer_into_its_own_subplot_and_counts_non_finite_values()
    {
        torch.manual_seed(1);
        using var nan = full(2, 2, float.NaN);
        var layers = new[] { randn(64, 16), randn(64, 16) * 4, randn(64, 16), nan };
        layers[2][0, 0] = float.PositiveInfinity;

        var json = Json(Plots.ActivationHistograms(layers, columns: 2, bins: 20));
        var data = json.GetProperty("data");
        var layout = json.GetProperty("layout");

        Assert.Equal(4, data.GetArrayLength());
        Assert.Equal("x2", data[1].GetProperty("xaxis").GetString());
        Assert.Equal("x4", data[3].GetProperty("xaxis").GetString());
        Assert.Equal(20, data[0].GetProperty("y").GetArrayLength());
        var fractions = data[0].GetProperty("y").EnumerateArray().Sum(v => v.GetDouble());
        Assert.Equal(1.0, fractions, 9);
        var titles = layout.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString()!).ToArray();
        Assert.Equal(["layer 1", "layer 2", "layer 3 (1 non-finite)", "layer 4 (4 non-finite)"], titles);
    }

    [Fact]
    public void Binning_puts_every_finite_value_in_a_bin_including_the_maximum()
    {
        var h = Plots.Bin(new[] { 0.0, 1.0, 2.0, 3.0, double.NaN }, bins: 3);
        Assert.Equal([0.25, 0.25, 0.5], h.Fractions);
        Assert.Equal(1, h.NonFinite);
        Assert.Equal(0.5, h.Centers[0], 12);
    }

    [Fact]
    public void ActivationHistograms_overlaid_share_one_plot()
    {
        torch.manual_seed(2);
        var json = Json(Plots.ActivationHistograms([randn(8, 8), randn(8, 8) * 2], overlay: true));
        Assert.Equal("overlay", json.GetProperty("layout").GetProperty("barmode").GetString());
        Assert.All(json.GetProperty("data").EnumerateArray(), t => Assert.False(t.TryGetProperty("xaxis", out _)));
    }

    [Fact]
    public void LossCurves_with_accuracy_uses_two_panels()
    {
        double[] trainLoss = [2.3, 1.2, 0.6], valLoss = [2.3, 1.4, 1.1];
        List<double> trainAcc = [0.3, 0.7, 0.9], valAcc = [0.3, 0.6, 0.7];
        var data = Json(Plots.LossCurves(trainLoss, valLoss, trainAcc, valAcc)).GetProperty("data");

        Assert.Equal(4, data.GetArrayLength());
        Assert.Equal(["train loss", "validation loss", "train accuracy", "validation accuracy"],
            data.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.False(data[1].TryGetProperty("xaxis", out _));
        Assert.Equal("x2", data[2].GetProperty("xaxis").GetString());
        Assert.Equal(3, data[0].GetProperty("x")[2].GetInt32());
    }

    [Fact]
    public void LossCurves_without_accuracy_is_a_single_plot()
    {
        var json = Json(Plots.LossCurves(new[] { 1.0, 0.5 }, logLoss: true));
        Assert.Equal(1, json.GetProperty("data").GetArrayLength());
        Assert.Equal("log", json.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void DecisionBoundary_colours_the_grid_by_predicted_class_and_plots_each_class()
    {
        using var data = new Dataset(tensor(new[] { -1f, -1f, -2f, -0.5f, 1f, 1f, 2f, 0.5f }, [4, 2]), tensor(new long[] { 0, 0, 1, 1 }), 2, ["left", "right"]);
        var json = Json(Plots.DecisionBoundary((x, y) => x < 0 ? 0 : 1, data, resolution: 11));

        var traces = json.GetProperty("data");
        Assert.Equal(["heatmap", "scatter", "scatter"], traces.EnumerateArray().Select(t => t.GetProperty("type").GetString()));
        var z = traces[0].GetProperty("z");
        Assert.Equal(11, z.GetArrayLength());
        Assert.Equal(0, z[5][0].GetDouble());     // left edge: x < 0
        Assert.Equal(1, z[5][10].GetDouble());    // right edge: x > 0
        var gridX = traces[0].GetProperty("x");
        Assert.True(gridX[0].GetDouble() < -2 && gridX[10].GetDouble() > 2);   // covers the data with a margin
        Assert.Equal("right", traces[2].GetProperty("name").GetString());
        Assert.Equal(2, traces[2].GetProperty("x").GetArrayLength());
    }

    [Fact]
    public void DecisionBoundary_leaves_no_tensor_behind()
    {
        using var data = new Dataset(tensor(new[] { -1f, -1f, 1f, 1f }, [2, 2]), tensor(new long[] { 0, 1 }), 2);
        Plots.DecisionBoundary(grid => grid.select(1, 0).gt(0).to(int64), data, resolution: 5);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Plots.DecisionBoundary(grid => grid.select(1, 0).gt(0).to(int64), data, resolution: 5);
        Plots.DecisionBoundary((x, y) => x < 0 ? 0 : 1, data, resolution: 5);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void DecisionBoundary_needs_two_features()
    {
        using var data = new Dataset(zeros(2, 3), tensor(new long[] { 0, 1 }), 2);
        var e = Assert.Throws<ArgumentException>(() => Plots.DecisionBoundary((x, y) => 0, data));
        Assert.Contains("3 features", e.Message);
    }
}

using Course.Data;
using Course.Experiments;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Experiments;

public class ScaleRateSweepTests
{
    private static readonly double[] Scales = [0.1, 0.5, 1, 2, 4];
    private static readonly double[] Rates = [0.01, 0.1, 1];
    private static readonly SweepSettings Settings = new(Depth: 8, Width: 64, Steps: 128, BatchSize: 32, TrainedAccuracy: 0.9);

    [Fact]
    public void DeepMlp_has_depth_Linear_layers_with_He_weights_times_the_scale()
    {
        var plain = ScaleRateSweep.DeepMlp(2, 64, 8, 4, initScale: 2, batchNorm: false, new Rng(1));
        var linears = plain.Layers.OfType<Linear>().ToArray();
        Assert.Equal(8, linears.Length);
        Assert.Empty(plain.Layers.OfType<BatchNorm>());
        var hidden = linears[3].Weight.Value;
        double std = Math.Sqrt(hidden.Data.Average(w => (double)w * w));
        Assert.Equal(2 * Math.Sqrt(2.0 / 64), std, 0.02);

        var normed = ScaleRateSweep.DeepMlp(2, 64, 8, 4, initScale: 2, batchNorm: true, new Rng(1));
        Assert.Equal(7, normed.Layers.OfType<BatchNorm>().Count());
        Assert.All(normed.Layers.OfType<Linear>().SkipLast(1), l => Assert.Null(l.Bias));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleRateSweep.DeepMlp(2, 64, 1, 4, 1, false, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleRateSweep.DeepMlp(2, 64, 8, 4, 0, false, new Rng(1)));
    }

    [Fact]
    public void Grid_lays_runs_out_by_scale_and_rate_and_RescuedCells_counts_where_only_BatchNorm_trained()
    {
        var settings = new SweepSettings(TrainedAccuracy: 0.9);
        SweepRun R(double s, double lr, bool bn, double acc) => new(s, lr, bn, acc, 0.1, double.IsNaN(acc));
        SweepRun[] plain = [R(1, 0.1, false, 0.95), R(1, 1, false, double.NaN), R(2, 0.1, false, 0.3), R(2, 1, false, 0.5)];
        SweepRun[] normed = [R(1, 0.1, true, 0.99), R(1, 1, true, 0.97), R(2, 0.1, true, 0.96), R(2, 1, true, 0.8)];
        var grid = ScaleRateSweep.Grid(plain, [1, 2], [0.1, 1], r => r.Accuracy);
        Assert.Equal(0.95, grid[0, 0]);
        Assert.True(double.IsNaN(grid[0, 1]));
        Assert.Equal(0.3, grid[1, 0]);
        Assert.Equal(2, ScaleRateSweep.RescuedCells(plain, normed, settings));
        Assert.Equal(new SweepComparison(7, 1, 3, 2, 0.8), ScaleRateSweep.Compare(7, plain, normed, settings));
    }

    [Fact]
    public void A_run_is_the_same_for_the_same_seed_whether_alone_or_in_the_parallel_sweep()
    {
        var data = Synthetic.Blobs(32, 4, 0.5f, new Rng(1));
        var settings = Settings with { Steps = 16 };
        var grid = ScaleRateSweep.Run(data, [0.5, 1], [0.1], batchNorm: true, seed: 3, settings);
        var alone = ScaleRateSweep.Run(data, 1, 0.1, batchNorm: true, seed: 3, settings);
        Assert.Equal(alone, grid[1]);
        Assert.Equal([0.5, 1.0], grid.Select(r => r.InitScale));
    }

    [Fact]
    public void Blobs_are_four_classes_of_128_points_fixed_by_the_seed()
    {
        var blobs = ScaleRateSweep.Blobs(5);
        Assert.Equal([128, 128, 128, 128], blobs.ClassCounts());
        Assert.Equal(2, blobs.FeatureCount);
        Assert.Equal(blobs.Features.Data, ScaleRateSweep.Blobs(5).Features.Data);
        Assert.NotEqual(blobs.Features.Data, ScaleRateSweep.Blobs(6).Features.Data);
    }

    [Fact]
    public void A_diverging_run_is_marked_and_has_no_accuracy()
    {
        var data = Synthetic.Blobs(32, 4, 0.5f, new Rng(1));
        var run = ScaleRateSweep.Run(data, 4, 1, batchNorm: false, seed: 1, Settings with { Steps = 16 });
        Assert.True(run.Diverged);
        Assert.True(double.IsNaN(run.Accuracy));
        Assert.False(run.Trained(Settings));
    }

    // The lesson's claim, over the 20 seeds its bound was chosen from: 600 training runs, about 20 s of CPU.
    [Fact]
    public void Over_20_seeds_BatchNorm_trains_in_every_cell_and_rescues_at_least_10_where_the_plain_net_fails()
    {
        var results = Seeds.Run(20, seed => ScaleRateSweep.Compare(seed, Scales, Rates, Settings));
        Assert.All(results, r => Assert.True(r.Rescued >= 10 && r.BatchNormTrained == 15,
            $"seed {r.Seed}: {r.Rescued} cells rescued, BatchNorm trained in {r.BatchNormTrained} of 15"));
    }
}

using Course.Experiments;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

[Collection(BatchNormLessonCollection.Name)]
public class ScaleRateSweepTests(BatchNormLessonData data)
{
    private static readonly double[] Scales = [0.1, 0.5, 1, 2, 4];
    private static readonly double[] Rates = [0.01, 0.1, 1];
    private static readonly SweepSettings Lesson = new(Depth: 6, Width: 64, Epochs: 2, BatchSize: 32, TrainedAccuracy: 0.9);

    [Fact]
    public void DeepMlp_has_Depth_Linear_layers_drawn_at_the_scale_times_He()
    {
        _ = data;
        torch.manual_seed(1);
        var plain = ScaleRateSweep.DeepMlp(2, 4, initScale: 2, batchNorm: false, Lesson);
        var linears = plain.modules().OfType<Linear>().ToArray();
        Assert.Equal(6, linears.Length);
        Assert.Empty(plain.modules().OfType<BatchNorm1d>());
        double std = linears[3].weight!.std().item<float>();
        Assert.Equal(2 * Math.Sqrt(2.0 / 64), std, 0.02);
        Assert.Equal(2 * Math.Sqrt(2.0 / 64), new ScaledHe(2).Std(64, 64), 12);
        Assert.Equal("0.5× He", new ScaledHe(0.5).ToString());

        var normed = ScaleRateSweep.DeepMlp(2, 4, initScale: 2, batchNorm: true, Lesson);
        Assert.Equal(5, normed.modules().OfType<BatchNorm1d>().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleRateSweep.DeepMlp(2, 4, 1, false, Lesson with { Depth = 1 }));
        Assert.Contains("0 came", Assert.Throws<ArgumentOutOfRangeException>(() => ScaleRateSweep.DeepMlp(2, 4, 0, false, Lesson)).Message);
    }

    [Fact]
    public void Grid_lays_runs_out_by_scale_and_rate_and_Rescued_counts_where_only_batch_norm_trained()
    {
        static SweepRun R(double s, double lr, bool bn, double acc) => new(s, lr, bn, acc, 0.1, double.IsNaN(acc));
        SweepRun[] plain = [R(1, 0.1, false, 0.95), R(1, 1, false, double.NaN), R(2, 0.1, false, 0.3), R(2, 1, false, 0.5)];
        SweepRun[] normed = [R(1, 0.1, true, 0.99), R(1, 1, true, 0.97), R(2, 0.1, true, 0.96), R(2, 1, true, 0.8)];
        var grid = ScaleRateSweep.Grid(plain, [1, 2], [0.1, 1], r => r.Accuracy);
        Assert.Equal(0.95, grid[0, 0]);
        Assert.True(double.IsNaN(grid[0, 1]));
        Assert.Equal(0.3, grid[1, 0]);
        Assert.Equal(2, ScaleRateSweep.Rescued(plain, normed, Lesson));
        var frame = ScaleRateSweep.ToDataFrame(plain.Concat(normed), Lesson);
        Assert.Equal(8, frame.Rows.Count);
        Assert.Equal([true, false, false, false, true, true, true, false], frame["trained"].Cast<bool>());
        var missing = Assert.Throws<ArgumentException>(() => ScaleRateSweep.Grid(plain, [3], [0.1], r => r.Accuracy));
        Assert.Contains("init scale 3", missing.Message);
    }

    [Fact]
    public void A_run_depends_on_its_seed_only_and_a_diverging_one_is_marked()
    {
        var blobs = ScaleRateSweep.Blobs(1);
        var cells = ScaleRateSweep.Run(blobs, [0.5, 1], [0.1], batchNorm: true, seed: 3, Lesson);
        long live = BatchNormLessonData.LiveTensors;
        var alone = ScaleRateSweep.Run(blobs, 1, 0.1, batchNorm: true, seed: 3, Lesson);
        Assert.Equal(live, BatchNormLessonData.LiveTensors);
        Assert.Equal(alone, cells[1]);
        Assert.NotEqual(alone, ScaleRateSweep.Run(blobs, 1, 0.1, batchNorm: true, seed: 4, Lesson));

        var diverged = ScaleRateSweep.Run(blobs, 4, 1, batchNorm: false, seed: 1, Lesson);
        Assert.True(diverged.Diverged);
        Assert.True(double.IsNaN(diverged.Accuracy));
        Assert.False(diverged.Trained(Lesson));
        Assert.Contains("Epochs = 0", Assert.Throws<ArgumentOutOfRangeException>(() =>
            ScaleRateSweep.Run(blobs, 1, 0.1, batchNorm: false, seed: 1, Lesson with { Epochs = 0 })).Message);
    }

    [Fact]
    public void Blobs_are_four_classes_of_128_points_fixed_by_the_seed()
    {
        var blobs = ScaleRateSweep.Blobs(5);
        Assert.Equal([128L, 128, 128, 128], blobs.ClassCounts());
        Assert.Equal(2, blobs.FeatureCount);
        Assert.Equal(blobs.Features.data<float>().ToArray(), ScaleRateSweep.Blobs(5).Features.data<float>().ToArray());
    }

    // The lesson's claims, over eight seeds (240 short runs).
    [Fact]
    public void Over_eight_seeds_batch_norm_trains_in_14_of_15_cells_rescues_at_least_9_and_is_slowest_at_large_weights_and_a_small_rate()
    {
        var results = Enumerable.Range(1, 8).Select(seed =>
        {
            var blobs = ScaleRateSweep.Blobs(seed);
            var plain = ScaleRateSweep.Run(blobs, Scales, Rates, batchNorm: false, seed, Lesson);
            var normed = ScaleRateSweep.Run(blobs, Scales, Rates, batchNorm: true, seed, Lesson);
            var weakest = normed.MinBy(r => r.Accuracy)!;
            return (Seed: seed, Plain: plain.Count(r => r.Trained(Lesson)), Norm: normed.Count(r => r.Trained(Lesson)),
                Rescued: ScaleRateSweep.Rescued(plain, normed, Lesson),
                SlowCorner: weakest.InitScale == 4 && weakest.LearningRate == 0.01,
                Corners: new[] { (0.1, 0.1), (4.0, 0.1), (1.0, 1.0) }.All(c =>
                    !plain.Single(r => r.InitScale == c.Item1 && r.LearningRate == c.Item2).Trained(Lesson) &&
                    normed.Single(r => r.InitScale == c.Item1 && r.LearningRate == c.Item2).Trained(Lesson)));
        }).ToArray();
        string all = string.Join("; ", results.Select(r =>
            $"seed {r.Seed}: plain {r.Plain}, batch norm {r.Norm}, rescued {r.Rescued}, corners {r.Corners}, slowest at 4×/0.01 {r.SlowCorner}"));
        Assert.True(results.All(r => r.Norm >= 14 && r.Rescued >= 9 && r.Corners && r.SlowCorner), all);
    }
}

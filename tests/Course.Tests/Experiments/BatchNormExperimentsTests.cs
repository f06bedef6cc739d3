using Course.Experiments;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Experiments;

public class BatchNormExperimentsTests
{
    [Fact]
    public void PerFeature_gives_each_column_its_mean_and_population_std()
    {
        var x = Matrix.FromRows([[1f, 10f], [3f, 10f], [5f, 10f], [7f, 10f]]);
        var stats = BatchNormExperiments.PerFeature(x);
        Assert.Equal(2, stats.Length);
        Assert.Equal(4, stats[0].Mean, 12);
        Assert.Equal(Math.Sqrt(5), stats[0].Std, 12); // deviations -3, -1, 1, 3: mean square 5
        Assert.Equal(10, stats[1].Mean, 12);
        Assert.Equal(0, stats[1].Std, 12);
    }

    [Fact]
    public void PerFeature_matches_what_BatchNorm_computes_and_its_output_is_standardised()
    {
        var x = new Rng(1).Normal(64, 6, mean: 2, std: 3);
        var bn = new BatchNorm(6);
        var y = bn.Forward(x, training: true);
        var before = BatchNormExperiments.PerFeature(x);
        var after = BatchNormExperiments.PerFeature(y);
        for (int j = 0; j < 6; j++)
        {
            Assert.Equal(before[j].Mean, bn.BatchMean[0, j], 4);
            Assert.Equal(before[j].Std, Math.Sqrt(bn.BatchVariance[0, j]), 4);
            Assert.True(Math.Abs(after[j].Mean) < 1e-5, $"feature {j}: mean {after[j].Mean}");
            Assert.True(Math.Abs(after[j].Std - 1) < 1e-4, $"feature {j}: std {after[j].Std}");
        }
    }

    [Fact]
    public void PerFeature_refuses_an_empty_batch()
    {
        var e = Assert.Throws<ArgumentException>(() => BatchNormExperiments.PerFeature(new Matrix(0, 3)));
        Assert.Contains("(0x3)", e.Message);
    }

    [Fact]
    public void BatchNormLayers_finds_every_BatchNorm_inside_nested_modules_in_order()
    {
        var rng = new Rng(2);
        var first = new BatchNorm(4);
        var second = new BatchNorm(4);
        var third = new BatchNorm(4);
        var model = new FixedMode(new Sequential(
            new Linear(4, 4, rng), first, new Relu(),
            new Residual(new Sequential(new Linear(4, 4, rng), second)),
            new Sequential(third)), training: false);
        Assert.Equal([first, second, third], BatchNormExperiments.BatchNormLayers(model));
        Assert.Empty(BatchNormExperiments.BatchNormLayers(new Linear(3, 3, rng)));
    }

    [Fact]
    public void ResetRunningStatistics_puts_mean_0_and_variance_1_back()
    {
        var bn = new BatchNorm(3);
        var model = new Sequential(new Linear(3, 3, new Rng(3)), bn);
        model.Forward(new Rng(4).Normal(16, 3, mean: 5, std: 2), training: true);
        Assert.True(bn.RunningMean.MaxAbs() > 0.1);
        BatchNormExperiments.ResetRunningStatistics(model);
        Assert.All(bn.RunningMean.Data, v => Assert.Equal(0f, v));
        Assert.All(bn.RunningVariance.Data, v => Assert.Equal(1f, v));
    }
}

using Course.Experiments;
using Course.Init;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

[Collection(BatchNormLessonCollection.Name)]
public class CovariateShiftTests(BatchNormLessonData data)
{
    private static readonly long[] Widths = [784, 64, 64, 64, 64, 64, 64, 10];
    private readonly Course.Data.Dataset train = data.Digits.Subset(data.Order[3000..6000]);
    private readonly Course.Data.Dataset probe = data.Digits.Subset(data.Order[9000..9256]);

    // The lesson's run: six hidden layers of 64 ReLUs, He init, SGD 0.1, one epoch of 3,000 digits, a fixed probe of 256.
    private static nn.Module<Tensor, Tensor> Net(bool batchNorm, long seed)
    {
        torch.manual_seed(seed);
        return Mlp.Build(Widths, Activation.Relu, batchNorm).InitWith(new HeNormal());
    }

    private ShiftTrace Track(nn.Module<Tensor, Tensor> net, long seed, int every = 1000)
    {
        using var sgd = optim.SGD(net.parameters(), 0.1);
        return CovariateShift.Track(net, sgd, train, probe.Features, every: every, shuffleSeed: seed);
    }

    private static double Last(IReadOnlyList<double> values) => values[^1];

    [Fact]
    public void UnitMoments_measure_drift_in_starting_stds_and_as_a_log_ratio_of_stds()
    {
        var start = new UnitMoments([0f, 1f], [2f, 0.5f]);
        var now = new UnitMoments([1f, 0f], [2f, 1f]);
        Assert.Equal((0.5 + 2.0) / 2, now.MeanDrift(start), 12);               // |1-0|/2 and |0-1|/0.5
        Assert.Equal((0 + Math.Log(2)) / 2, now.StdDrift(start), 6);
        Assert.Equal(0, start.MeanDrift(start));
    }

    [Fact]
    public void Moments_are_those_of_the_Linear_outputs_and_activation_inputs_and_change_nothing()
    {
        torch.manual_seed(2);
        var net = Mlp.Build([784, 16, 16, 10], Activation.Relu, batchNorm: true);
        net.eval();
        using var sample = data.Test.Take(100);
        var buffers = net.buffers().Select(b => b.clone()).ToArray();
        long live = BatchNormLessonData.LiveTensors;
        var (product, pre) = CovariateShift.Moments(net, sample.Features);
        Assert.Equal(live, BatchNormLessonData.LiveTensors);
        Assert.False(net.training);
        Assert.All(net.buffers().Zip(buffers), p => Assert.True(p.First.Equals(p.Second)));

        Assert.Equal(2, product.Length);
        Assert.Equal(2, pre.Length);
        using (no_grad())
        {
            using var h = ((nn.Module<Tensor, Tensor>)net.children().First()).call(sample.Features);
            Assert.Equal(h.mean([0]).data<float>().ToArray(), product[0].Mean);
            Assert.Equal(h.std(0, unbiased: false).data<float>().ToArray(), product[0].Std);
        }
        // The activation input of a batch-norm net is the batch norm's output: per unit, mean β = 0 and std γ = 1.
        Assert.All(pre.SelectMany(m => m.Mean), v => Assert.InRange(v, -1e-5, 1e-5));
        Assert.All(pre.SelectMany(m => m.Std), v => Assert.InRange(v, 0.99, 1.0));
    }

    [Fact]
    public void Batch_norm_cuts_the_drift_of_every_layer_more_than_15_fold_and_the_plain_drift_grows_with_depth()
    {
        foreach (long seed in new long[] { 1, 2, 3, 4, 5 })
        {
            var (plainNet, normNet) = (Net(false, seed), Net(true, seed));
            long live = BatchNormLessonData.LiveTensors;
            var (plain, normed) = (Track(plainNet, seed), Track(normNet, seed));
            Assert.Equal(live, BatchNormLessonData.LiveTensors);
            for (int layer = 1; layer <= 6; layer++)
            {
                double meanRatio = Last(plain.MeanDrift(layer)) / Last(normed.MeanDrift(layer));
                double stdRatio = Last(plain.StdDrift(layer)) / Last(normed.StdDrift(layer));
                Assert.True(meanRatio > 15 && stdRatio > 15, $"seed {seed}, layer {layer}: ratios {meanRatio}, {stdRatio}");
            }
            double plainGrowth = Last(plain.MeanDrift(6)) / Last(plain.MeanDrift(1));
            double normGrowth = Last(normed.MeanDrift(6)) / Last(normed.MeanDrift(1));
            Assert.True(plainGrowth > 2.5, $"seed {seed}: plain layer 6 ÷ layer 1 = {plainGrowth}");
            Assert.InRange(normGrowth, 0.5, 2.5);
            // The weights still move: the first Linear of the batch-norm net drifts like the plain net's first layer.
            Assert.InRange(Last(normed.ProductMeanDrift(1)) / Last(plain.ProductMeanDrift(1)), 0.5, 2);
        }
    }

    [Fact]
    public void Track_measures_at_the_start_every_k_steps_and_after_the_last_step()
    {
        var trace = Track(Net(false, seed: 1), seed: 1, every: 10);
        Assert.Equal([0, 10, 20, 30, 40, 47], trace.Steps);   // 3,000 digits in batches of 64: 47 steps
        Assert.All(Enumerable.Range(1, 6), l => Assert.Equal(0, trace.MeanDrift(l)[0]));
        Assert.Equal(6, trace.ToDataFrame().Rows.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => trace.MeanDrift(7));
    }

    [Fact]
    public void A_model_without_activations_or_a_bad_interval_is_refused()
    {
        var linear = nn.Sequential(nn.Linear(784, 10));
        Assert.Contains("no activation", Assert.Throws<ArgumentException>(() => CovariateShift.Moments(linear, probe.Features)).Message);
        var net = Mlp.Build([784, 8, 10]);
        Assert.Contains("0 came", Assert.Throws<ArgumentOutOfRangeException>(() =>
            CovariateShift.Track(net, optim.SGD(net.parameters(), 0.1), probe, probe.Features, every: 0)).Message);
    }
}

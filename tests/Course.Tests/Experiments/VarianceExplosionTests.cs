using Course.Experiments;
using Course.Init;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

public class VarianceExplosionTests
{
    [Fact]
    public void Plain_randn_with_fresh_weights_overflows_at_layer_32_inf_first_then_nan_within_a_layer()
    {
        var runs = Seeds.Run(10, _ => VarianceExplosion.Stack(1.0));
        foreach (var run in runs)
        {
            Assert.Equal(32, run.FirstInfLayer);
            Assert.InRange(run.FirstNaNLayer!.Value - run.FirstInfLayer!.Value, 0, 1);
            Assert.True(run.Layers[31].IsFinite);
            var overflow = run.Layers[32];
            Assert.True(overflow.PositiveInfinities > 0 && overflow.NegativeInfinities > 0, overflow.ToString());
            Assert.True(double.IsNaN(overflow.Std));
            Assert.Equal(256, run.Layers[34].NaNs);
            Assert.True(double.IsNaN(run.Layers[100].MaxAbs));
        }
    }

    [Fact]
    public void Torchs_seeds_0_to_9_give_the_first_NaN_at_layer_32()
    {
        var layers = Enumerable.Range(0, 10).Select(seed => { torch.manual_seed(seed); return VarianceExplosion.Stack(1.0).FirstNaNLayer; });
        Assert.All(layers, layer => Assert.Equal(32, layer));
    }

    [Fact]
    public void Weights_scaled_by_one_over_sqrt_n_stay_near_1_for_100_layers_and_a_scale_off_by_a_sixteenth_does_not()
    {
        var runs = Seeds.Run(10, _ => VarianceExplosion.Stack([1.0 / 16, 1.0 / 15, 1.0 / 17]));
        Assert.All(runs, r => Assert.True(r[0].Survived));
        Assert.All(runs, r => Assert.All(r[0].Stds, s => Assert.InRange(s, 0.15, 4)));
        Assert.All(runs, r => Assert.True(r[1].Layers[100].Std > 40, $"1/15: {r[1].Layers[100].Std}"));
        Assert.All(runs, r => Assert.True(r[2].Layers[100].Std < 0.05, $"1/17: {r[2].Layers[100].Std}"));
    }

    [Fact]
    public void Several_scales_come_from_the_same_draws_so_a_power_of_two_divides_every_layer_exactly()
    {
        torch.manual_seed(3);
        var runs = VarianceExplosion.Stack([1.0, 1.0 / 16]);
        torch.manual_seed(3);
        var alone = VarianceExplosion.Stack(1.0 / 16);
        Assert.Equal(alone.Stds, runs[1].Stds);
        for (int k = 1; k < 32; k++)
            Assert.Equal(runs[0].Layers[k].Std / Math.Pow(16, k), runs[1].Layers[k].Std, 1e-9 * runs[1].Layers[k].Std);
    }

    [Fact]
    public void One_reused_W_lets_the_scaled_signal_wander_much_further_than_fresh_weights()
    {
        var fresh = Seeds.Run(12, _ => VarianceExplosion.Stack(1.0 / 16).Layers[100].Std);
        var reused = Seeds.Run(12, _ => VarianceExplosion.Stack(1.0 / 16, freshWeights: false).Layers[100].Std);
        Assert.True(reused.Max() / reused.Min() > 10 * (fresh.Max() / fresh.Min()), $"reused {reused.Min()}..{reused.Max()}, fresh {fresh.Min()}..{fresh.Max()}");
    }

    [Fact]
    public void The_first_layer_multiplies_the_std_by_about_sqrt_n()
    {
        var stds = Seeds.Run(20, _ => VarianceExplosion.Stack(1.0, depth: 1).Layers[1].Std);
        Assert.InRange(stds.Average(), 15, 17);
    }

    [Fact]
    public void Stack_refuses_bad_arguments_by_name()
    {
        Assert.Contains("finite number above 0", Assert.Throws<ArgumentOutOfRangeException>(() => VarianceExplosion.Stack(0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => VarianceExplosion.Stack(double.NaN));
        Assert.Contains("width 1", Assert.Throws<ArgumentException>(() => VarianceExplosion.Stack(1, width: 1)).Message);
    }

    [Fact]
    public void One_layer_of_256_unit_variance_terms_has_variance_256_and_a_third_less_a_bit_beyond_one_std()
    {
        torch.manual_seed(1);
        var trials = VarianceExplosion.OneLayer(200);
        Assert.InRange(trials.MeanOfY, -0.2, 0.2);
        Assert.InRange(trials.MeanOfYSquared, 256 * 0.96, 256 * 1.04);
        Assert.InRange(trials.FractionOutside, 0.311, 0.323);
        torch.manual_seed(2);
        Assert.InRange(VarianceExplosion.OneLayer(400, width: 16).MeanOfYSquared, 16 * 0.95, 16 * 1.05);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0.31731050786291415)]
    [InlineData(2, 0.04550026389635842)]
    [InlineData(3, 0.0026997960632601)]
    public void TwoSidedTail_matches_the_normal_distribution(double k, double expected) =>
        Assert.Equal(expected, VarianceExplosion.TwoSidedTail(k), 1e-13);

    [Fact]
    public void TwoSidedTail_refuses_a_negative_k() =>
        Assert.Contains("k >= 0, but -1 came", Assert.Throws<ArgumentOutOfRangeException>(() => VarianceExplosion.TwoSidedTail(-1)).Message);

    [Fact]
    public void Constant_init_keeps_every_hidden_unit_identical_while_the_weights_change()
    {
        torch.manual_seed(1);
        var run = VarianceExplosion.TrainTinyNet(new Constant(0.5));
        Assert.Equal(0, run.UnitSpread);
        Assert.True(run.Moved > 0.05, $"moved only {run.Moved}");
        Assert.Equal(101, run.HiddenWeights.Count);
        Assert.Equal(100, run.Losses.Count);
    }

    [Fact]
    public void Zero_init_with_relu_never_moves_the_weights_and_with_sigmoid_moves_them_all_alike()
    {
        torch.manual_seed(2);
        var relu = VarianceExplosion.TrainTinyNet(new Zeros());
        Assert.Equal(0, relu.Moved);
        torch.manual_seed(1);
        var sigmoid = VarianceExplosion.TrainTinyNet(new Zeros(), activation: Activation.Sigmoid);
        Assert.True(sigmoid.Moved > 0.01, $"moved {sigmoid.Moved}");
        Assert.Equal(0, sigmoid.UnitSpread);
    }

    [Fact]
    public void Random_init_breaks_the_symmetry_and_learns_and_nothing_leaks()
    {
        torch.manual_seed(1);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var run = VarianceExplosion.TrainTinyNet(new HeNormal());
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.True(run.UnitSpread > 0.5, $"spread only {run.UnitSpread}");
        Assert.True(run.Losses[^1] < 0.7 * run.Losses[0], $"loss {run.Losses[0]} -> {run.Losses[^1]}");
        Assert.Equal(run.HiddenWeights.Count, run.WeightHistory(0, 3).Length);
    }

    [Fact]
    public void TinyData_labels_the_xor_pattern()
    {
        torch.manual_seed(4);
        var (inputs, labels) = VarianceExplosion.TinyData(64);
        var x = inputs.data<float>().ToArray();
        var y = labels.data<long>().ToArray();
        for (int i = 0; i < 64; i++)
            Assert.Equal(x[2 * i] * x[2 * i + 1] > 0 ? 1 : 0, y[i]);
    }
}

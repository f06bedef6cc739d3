using Course.Experiments;
using Course.Init;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Experiments;

public class VarianceExplosionTests
{
    [Fact]
    public void Multiply_matches_a_double_precision_product()
    {
        float[] w = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        float[] x = [0.5f, -1, 2];
        var y = new float[3];
        VarianceExplosion.Multiply(w, x, y);
        Assert.Equal([4.5f, 9f, 13.5f], y);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(256)]
    public void Multiply_sums_each_row_left_to_right_to_the_last_bit(int n)
    {
        // Huge inputs, so rounding and overflow would show any change in the order of the additions.
        var rng = new Rng(5);
        var w = rng.Normal(n, n).Data;
        var x = new float[n];
        rng.FillNormal(x, 0, 3e36f);
        var y = new float[n];
        VarianceExplosion.Multiply(w, x, y);
        for (int i = 0; i < n; i++)
        {
            float sum = 0;
            for (int j = 0; j < n; j++) sum += w[i * n + j] * x[j];
            Assert.Equal(BitConverter.SingleToInt32Bits(sum), BitConverter.SingleToInt32Bits(y[i]));
        }
    }

    [Fact]
    public void Multiply_names_the_shapes_it_expected()
    {
        var e = Assert.Throws<ArgumentException>(() => VarianceExplosion.Multiply(new float[8], new float[3], new float[3]));
        Assert.Contains("(3x3)", e.Message);
        Assert.Contains("8 values", e.Message);
    }

    [Fact]
    public void Plain_randn_overflows_at_layer_32_first_to_inf_then_to_nan()
    {
        // float32's largest value is about 2^128 = 16^32, and each layer multiplies the signal by about sqrt(256) = 16.
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var run = VarianceExplosion.RepeatedProduct(seed, 1.0);
            Assert.Equal(32, run.FirstInfLayer);
            Assert.InRange(run.FirstNaNLayer!.Value - run.FirstInfLayer!.Value, 0, 1);
            Assert.False(run.Survived);
            var overflow = run.Layers[32];
            Assert.True(overflow.PositiveInfinities > 0 && overflow.NegativeInfinities > 0, overflow.ToString());
            Assert.True(double.IsNaN(overflow.Std));
            Assert.True(run.Layers[31].IsFinite);
            // One layer after the first NaN every entry is NaN, and so is every later layer.
            Assert.Equal(256, run.Layers[run.FirstNaNLayer.Value + 1].NaNs);
            Assert.Equal(256, run.Layers[100].NaNs);
            Assert.True(double.IsNaN(run.Layers[100].MaxAbs));
        }
    }

    [Fact]
    public void Seed_1_shows_inf_first_and_nan_one_layer_later()
    {
        var run = VarianceExplosion.RepeatedProduct(1, 1.0);
        Assert.Equal(32, run.FirstInfLayer);
        Assert.Equal(33, run.FirstNaNLayer);
        Assert.Equal(0, run.Layers[32].NaNs);
    }

    [Fact]
    public void Weights_scaled_by_one_over_sqrt_n_stay_finite_for_100_layers()
    {
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var run = VarianceExplosion.RepeatedProduct(seed, 1.0 / 16);
            Assert.True(run.Survived);
            Assert.Equal(100, run.Stds.Length);
            Assert.All(run.Stds, s => Assert.InRange(s, 1e-2, 1e5));
        }
    }

    [Fact]
    public void Scaling_by_a_power_of_two_divides_every_layer_exactly()
    {
        // Same seed, same W up to the factor 1/16, which float32 applies without rounding: layer k is divided by 16^k.
        var plain = VarianceExplosion.RepeatedProduct(3, 1.0);
        var scaled = VarianceExplosion.RepeatedProduct(3, 1.0 / 16);
        for (int k = 0; k <= 31; k++)
            Assert.Equal(plain.Layers[k].Std / Math.Pow(16, k), scaled.Layers[k].Std, 1e-9 * scaled.Layers[k].Std);
    }

    [Fact]
    public void The_first_layer_multiplies_the_std_by_about_sqrt_n()
    {
        var stds = Enumerable.Range(1, 10).Select(s => VarianceExplosion.RepeatedProduct((ulong)s, 1.0).Layers[1].Std).ToArray();
        Assert.InRange(stds.Average(), 15, 17);
    }

    [Fact]
    public void RepeatedProduct_rejects_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VarianceExplosion.RepeatedProduct(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => VarianceExplosion.RepeatedProduct(1, double.NaN));
        var e = Assert.Throws<ArgumentException>(() => VarianceExplosion.RepeatedProduct(1, 1, width: 1));
        Assert.Contains("width 1", e.Message);
    }

    [Fact]
    public void One_layer_of_256_unit_variance_terms_has_variance_256()
    {
        var trials = VarianceExplosion.OneLayer(7, 40);
        Assert.InRange(trials.MeanOfY, -0.5, 0.5);
        Assert.InRange(trials.MeanOfYSquared, 256 * 0.9, 256 * 1.1);
        Assert.InRange(trials.Std, 15.2, 16.8);
        Assert.InRange(trials.FractionOutside, 0.29, 0.345);
    }

    [Fact]
    public void One_layer_variance_is_the_width()
    {
        var trials = VarianceExplosion.OneLayer(8, 400, width: 16);
        Assert.InRange(trials.MeanOfYSquared, 16 * 0.93, 16 * 1.07);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 0.31731050786291415)]
    [InlineData(2.0, 0.045500263896358417)]
    [InlineData(3.0, 0.0026997960632601866)]
    public void TwoSidedTail_matches_the_normal_distribution(double k, double expected) =>
        Assert.Equal(expected, VarianceExplosion.TwoSidedTail(k), 1e-13);

    [Fact]
    public void TwoSidedTail_rejects_negative_k() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VarianceExplosion.TwoSidedTail(-1));

    [Fact]
    public void Constant_init_keeps_every_hidden_unit_identical_while_the_weights_change()
    {
        var run = VarianceExplosion.TrainTinyNet(new Constant(0.5), 1);
        Assert.Equal(0, run.UnitSpread);
        Assert.True(run.Moved > 0.05, $"moved only {run.Moved}");
        Assert.Equal(101, run.HiddenWeights.Count);
        Assert.Equal(100, run.Losses.Count);
    }

    [Fact]
    public void Zero_init_with_relu_never_moves_the_weights()
    {
        var run = VarianceExplosion.TrainTinyNet(new Zeros(), 2);
        Assert.Equal(0, run.Moved);
        Assert.Equal(0, run.UnitSpread);
    }

    [Fact]
    public void Zero_init_with_sigmoid_moves_the_weights_but_keeps_units_identical()
    {
        // sigmoid(0) = 1/2, so the output layer gets a gradient, the same for every unit, unless the two classes are
        // exactly balanced (then the outputs' gradients cancel). Seed 1 draws 19 points of one class and 13 of the other.
        var (_, labels) = VarianceExplosion.TinyData(new Rng(1));
        Assert.NotEqual(16, labels.Sum());
        var run = VarianceExplosion.TrainTinyNet(new Zeros(), 1, activation: () => new Sigmoid());
        Assert.True(run.Moved > 0, $"moved {run.Moved}");
        Assert.Equal(0, run.UnitSpread);
    }

    [Fact]
    public void Random_init_breaks_the_symmetry()
    {
        var run = VarianceExplosion.TrainTinyNet(new HeNormal(), 1);
        Assert.True(run.UnitSpread > 0.5, $"spread only {run.UnitSpread}");
        Assert.True(run.Losses[^1] < run.Losses[0]);
        Assert.Equal(run.HiddenWeights.Count, run.WeightHistory(0, 3).Length);
    }

    [Fact]
    public void TinyData_labels_the_xor_pattern()
    {
        var (inputs, labels) = VarianceExplosion.TinyData(new Rng(4), 50);
        Assert.Equal("(50x2)", inputs.Shape);
        for (int i = 0; i < 50; i++) Assert.Equal(inputs[i, 0] * inputs[i, 1] > 0 ? 1 : 0, labels[i]);
        Assert.Contains(0, labels);
        Assert.Contains(1, labels);
    }

    [Fact]
    public void LayerState_counts_infinities_and_nans()
    {
        var state = LayerState.Of(3, [1, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -2]);
        Assert.Equal((1, 1, 1), (state.PositiveInfinities, state.NegativeInfinities, state.NaNs));
        Assert.False(state.IsFinite);
        Assert.True(double.IsNaN(state.Std));
        Assert.Equal(double.PositiveInfinity, state.MaxAbs);
        var finite = LayerState.Of(0, [1, -1, 1, -1]);
        Assert.Equal(1, finite.Std, 1e-12);
        Assert.Equal(1, finite.MaxAbs);
    }
}

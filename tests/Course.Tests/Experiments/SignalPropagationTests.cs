using Course.Experiments;
using Course.Init;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Experiments;

public class SignalPropagationTests
{
    private static SignalProfile Run(Nonlinearity activation, IInitScheme scheme, ulong seed, bool backward = true,
        int width = 256, int depth = 100, int batch = 16) =>
        SignalPropagation.Run(activation, scheme, width, depth, batch, new Rng(seed), backward);

    /// <summary>The average factor by which one layer multiplies the std: (std after the last layer / input std)^(1/depth).</summary>
    private static double PerLayerFactor(double[] std) => Math.Pow(std[^1] / std[0], 1.0 / (std.Length - 1));

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void A_linear_stack_scaled_by_one_over_sqrt_n_keeps_the_std_per_layer(ulong seed)
    {
        var p = Run(Nonlinearity.Identity, new LeCunNormal(), seed);
        Assert.InRange(PerLayerFactor(p.ActivationStd), 0.98, 1.02);
        Assert.InRange(PerLayerFactor(p.GradientStd.Reverse().ToArray()), 0.98, 1.02);
        Assert.Null(p.FirstNonFiniteLayer);
    }

    [Fact]
    public void A_linear_stack_of_plain_randn_grows_by_sqrt_n_per_layer_until_it_overflows()
    {
        var p = Run(Nonlinearity.Identity, new Normal(1), seed: 4, depth: 10);
        Assert.InRange(PerLayerFactor(p.ActivationStd), 15.5, 16.5); // sqrt(256) = 16
        // float32 ends near 3.4e38 = 16^32: the signal cannot outlive layer 33.
        var deep = Run(Nonlinearity.Identity, new Normal(1), seed: 4, backward: false);
        Assert.InRange(deep.FirstNonFiniteLayer ?? 0, 30, 34);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Relu_with_he_keeps_signal_and_gradient_of_order_one_over_100_layers(ulong seed)
    {
        var p = Run(Nonlinearity.Relu, new HeNormal(), seed);
        Assert.InRange(p.FinalStd, 0.01, 10);
        Assert.InRange(p.InputGradientStd, 0.01, 10);
    }

    [Fact]
    public void Relu_with_xavier_loses_half_the_second_moment_per_layer()
    {
        var p = Run(Nonlinearity.Relu, new XavierUniform(), seed: 5, backward: false);
        // sqrt(1/2) per layer: 2^(-99/2), about 1e-15, from layer 1 to layer 100.
        Assert.InRange(Math.Pow(p.FinalStd / p.ActivationStd[1], 1.0 / 99), 0.66, 0.76);
        Assert.True(p.FinalStd < 1e-12, $"final std {p.FinalStd}");
    }

    [Fact]
    public void Relu_with_plain_randn_overflows_in_the_thirties()
    {
        // Each layer multiplies the std by about sqrt(256 / 2) = 11.3, and 11.3^36.6 = 3.4e38.
        var p = Run(Nonlinearity.Relu, new Normal(1), seed: 6, backward: false);
        Assert.InRange(p.FirstNonFiniteLayer ?? 0, 33, 40);
        Assert.True(double.IsNaN(p.FinalStd));
    }

    [Fact]
    public void After_an_overflow_no_gradient_is_reported()
    {
        // A leaky ReLU would pass slope * dy through NaN units and draw a gradient that means nothing.
        var p = Run(Nonlinearity.LeakyRelu(), new Normal(1), seed: 6);
        Assert.NotNull(p.FirstNonFiniteLayer);
        Assert.All(p.GradientStd, g => Assert.True(double.IsNaN(g)));
    }

    [Fact]
    public void Tanh_with_plain_randn_saturates_and_its_gradient_explodes()
    {
        var p = Run(Nonlinearity.Tanh, new Normal(1), seed: 7);
        Assert.True(p.FinalSaturatedFraction > 0.8, $"saturated {p.FinalSaturatedFraction}");
        Assert.True(p.GradientStd[90] > 1e3, $"gradient at layer 90 {p.GradientStd[90]}");
    }

    [Fact]
    public void Tanh_with_xavier_decays_slowly_near_one_over_sqrt_2l()
    {
        var p = Run(Nonlinearity.Tanh, new XavierUniform(), seed: 8);
        // Var after l layers is about 1/(2l) for tanh at n Var[w] = 1: std 0.071 at layer 100.
        Assert.InRange(p.FinalStd, 0.035, 0.15);
        Assert.InRange(p.InputGradientStd, 0.02, 0.5);
        Assert.Equal(0, p.FinalSaturatedFraction);
    }

    [Fact]
    public void Sigmoid_gradients_vanish_whatever_the_xavier_scale_keeps_forward()
    {
        var p = Run(Nonlinearity.Sigmoid, new XavierUniform(), seed: 9);
        Assert.InRange(p.FinalMean, 0.45, 0.55);
        Assert.InRange(p.FinalStd, 0.05, 0.25);
        Assert.True(p.InputGradientStd < 1e-30, $"input gradient {p.InputGradientStd}");
    }

    [Fact]
    public void Zero_weights_pass_no_signal_and_no_gradient()
    {
        var p = Run(Nonlinearity.Tanh, new Zeros(), seed: 10, depth: 5);
        Assert.All(p.ActivationStd.Skip(1), s => Assert.Equal(0, s));
        Assert.Equal(0, p.InputGradientStd);
        Assert.Equal(1, p.GradientStd[^1], 0.05);
    }

    public static TheoryData<Nonlinearity> Activations => [Nonlinearity.Identity, Nonlinearity.LeakyRelu(0.2f), Nonlinearity.Sigmoid];

    [Theory]
    [MemberData(nameof(Activations))]
    public void Forward_only_runs_draw_the_same_numbers_as_full_runs(Nonlinearity activation)
    {
        var scheme = new HeNormal(activation.Gain);
        var full = Run(activation, scheme, seed: 11, width: 32, depth: 12, batch: 3);
        var forward = Run(activation, scheme, seed: 11, backward: false, width: 32, depth: 12, batch: 3);
        Assert.Equal(full.ActivationStd, forward.ActivationStd);
        Assert.Equal(full.ActivationMean, forward.ActivationMean);
        Assert.All(forward.GradientStd, g => Assert.True(double.IsNaN(g)));
    }

    [Fact]
    public void A_shallower_stack_with_the_same_seed_is_the_start_of_a_deeper_one()
    {
        var shallow = Run(Nonlinearity.Tanh, new XavierNormal(), seed: 12, backward: false, width: 32, depth: 5, batch: 2);
        var deep = Run(Nonlinearity.Tanh, new XavierNormal(), seed: 12, backward: false, width: 32, depth: 9, batch: 2);
        Assert.Equal(shallow.ActivationStd, deep.ActivationStd.Take(6));
    }

    [Fact]
    public void Gradient_std_is_read_at_every_layer_output()
    {
        // One linear layer: the gradient reaching the input is dy W^T, whose variance is n_out Var[w] Var[dy].
        var p = Run(Nonlinearity.Identity, new Normal(0.5), seed: 13, width: 64, depth: 1, batch: 64);
        Assert.Equal(2, p.GradientStd.Length);
        Assert.Equal(1, p.GradientStd[1], 0.05);
        Assert.Equal(Math.Sqrt(64 * 0.25), p.GradientStd[0], 0.3);
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Run_measures_what_a_sequential_of_linear_layers_computes(Nonlinearity activation)
    {
        const int width = 24, depth = 6, batch = 5;
        var p = SignalPropagation.Run(activation, new XavierNormal(), width, depth, batch, new Rng(15));

        // The same draws in the same order: the input, each layer's weights (from a seed of its own), the top gradient.
        var rng = new Rng(15);
        var x = rng.Normal(batch, width);
        var layers = new List<Module>();
        for (int l = 0; l < depth; l++)
        {
            layers.Add(new Linear(width, width, new Rng(rng.NextULong()), new XavierNormal(), bias: false));
            if (activation.CreateLayer() is { } a) layers.Add(a);
        }
        var net = new Sequential([.. layers]);
        var y = net.Forward(x, training: false);
        var dx = net.Backward(rng.Normal(batch, width));

        Assert.Equal(Matrix.Moments(y.Data).Std, p.FinalStd, 1e-9);
        Assert.Equal(Matrix.Moments(dx.Data).Std, p.InputGradientStd, 1e-9);
        Assert.Equal(Matrix.Moments(y.Data).Mean, p.FinalMean, 1e-9);
    }

    [Theory]
    [InlineData(0, 10, 4)]
    [InlineData(8, 0, 4)]
    [InlineData(8, 10, 0)]
    public void Run_rejects_empty_sizes_naming_them(int width, int depth, int batch)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SignalPropagation.Run(Nonlinearity.Relu, new HeNormal(), width, depth, batch, new Rng(1)));
        Assert.Contains($"width {width}, depth {depth}, batch {batch}", e.Message);
    }

    [Theory]
    [InlineData(256, 256)]
    [InlineData(784, 256)]
    public void One_layer_variance_matches_n_in_var_x_var_w(int fanIn, int fanOut)
    {
        foreach (IInitScheme scheme in new IInitScheme[] { new XavierUniform(), new HeNormal(), new Normal(1) })
            for (ulong seed = 1; seed <= 5; seed++)
            {
                var rng = new Rng(seed);
                // Any zero-mean input will do: uniform here, not Gaussian.
                var r = SignalPropagation.OneLayer(rng.Uniform(64, fanIn, -2, 2), scheme, fanOut, rng);
                Assert.InRange(r.ForwardRatio, 0.95, 1.05);
                Assert.InRange(r.BackwardRatio, 0.95, 1.05);
                Assert.Equal(4.0 / 3.0, r.InputVariance, 0.05);
            }
    }

    [Fact]
    public void Xavier_splits_the_difference_between_forward_and_backward_gains()
    {
        var rng = new Rng(14);
        var r = SignalPropagation.OneLayer(rng.Normal(64, 784), new XavierNormal(), 256, rng);
        Assert.Equal(2.0 * 784 / (784 + 256), r.ForwardGain, 0.05);  // 1.51
        Assert.Equal(2.0 * 256 / (784 + 256), r.BackwardGain, 0.03); // 0.49
    }
}

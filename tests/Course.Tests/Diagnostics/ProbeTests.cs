using Course.Diagnostics;
using Course.Init;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Diagnostics;

public class ProbeTests
{
    private static Sequential DeepTanh(IInitScheme init, int depth = 10, int width = 256)
    {
        var rng = new Rng(1);
        var layers = new List<Module>();
        for (int i = 0; i < depth; i++)
        {
            layers.Add(new Linear(width, width, rng, init, bias: false));
            layers.Add(new Tanh());
        }
        return new Sequential(layers.ToArray());
    }

    [Fact]
    public void Plain_randn_saturates_deep_tanh_layers_and_xavier_does_not()
    {
        var x = new Rng(2).Normal(64, 256);
        var plain = DeepTanh(new Normal(1));
        plain.Forward(x, training: false);
        var saturated = Probes.Activations(plain).Where(s => s.Layer == "Tanh").Select(s => s.SaturatedFraction).ToArray();
        Assert.All(saturated, f => Assert.True(f > 0.8, $"saturated fraction {f}")); // pre-activations have std near 16

        var xavier = DeepTanh(new XavierNormal());
        xavier.Forward(x, training: false);
        var stats = Probes.Activations(xavier);
        Assert.All(stats.Where(s => s.Layer == "Tanh"), s => Assert.True(s.SaturatedFraction < 0.05, $"{s}"));
        // Mean and std agree with the matrix's own.
        var last = xavier[^1].Output!;
        Assert.Equal(last.Mean(), stats[^1].Mean, 4);
        Assert.Equal(last.Std(), stats[^1].Std, 4);
    }

    [Fact]
    public void A_relu_behind_a_large_negative_bias_is_dead()
    {
        var rng = new Rng(3);
        var linear = new Linear(4, 8, rng);
        for (int j = 0; j < 4; j++) linear.Bias!.Value[0, j] = -100; // half the units can never fire
        var model = new Sequential(linear, new Relu());
        model.Forward(rng.Normal(32, 4), training: true);
        var relu = Probes.Activations(model)[1];
        Assert.Equal(0.5, relu.DeadUnitFraction);
        Assert.True(relu.ZeroFraction >= 0.5);
        Assert.Equal(0, Probes.Activations(model)[0].DeadUnitFraction);

        // Dead units get no gradient: their weights cannot recover.
        model.Backward(rng.Normal(32, 8));
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 4; k++) Assert.Equal(0f, linear.Weight.Grad[k, j]);
    }

    [Fact]
    public void Gradient_norms_shrink_towards_the_input_in_a_deep_sigmoid_stack()
    {
        var rng = new Rng(4);
        var layers = new List<Module>();
        for (int i = 0; i < 8; i++)
        {
            layers.Add(new Linear(64, 64, rng, new XavierNormal()));
            layers.Add(new Sigmoid());
        }
        var model = new Sequential(layers.ToArray());
        model.Forward(rng.Normal(32, 64), training: true);
        model.Backward(rng.Normal(32, 64));
        var grads = Probes.InputGradients(model);
        Assert.Equal(16, grads.Count);
        Assert.True(grads[0].Norm < grads[^1].Norm / 100, $"{grads[0].Norm} vs {grads[^1].Norm}");
        var weights = Probes.Parameters(model).Where(p => p.Name == "weight").ToArray();
        Assert.Equal(8, weights.Length);
        Assert.True(weights[0].GradNorm < weights[^1].GradNorm / 10);
        Assert.Equal(model[0].Parameters().First().Grad.Data.Sum(v => (double)v * v), Math.Pow(weights[0].GradNorm, 2), 6);
    }

    [Fact]
    public void Probing_before_forward_is_a_clear_error() =>
        Assert.Contains("run Forward", Assert.Throws<InvalidOperationException>(() => Probes.Activations(new Sequential(new Relu()))).Message);

    [Fact]
    public void The_first_non_finite_output_is_found_with_its_layer()
    {
        var rng = new Rng(5);
        var model = DeepTanh(new Normal(1), depth: 3, width: 8);
        ((Linear)model[2]).Weight.Value[3, 1] = float.PositiveInfinity;
        model.Forward(rng.Normal(4, 8), training: false);
        var first = NonFinite.FirstInParameters(model)!;
        Assert.Equal(2, first.LayerIndex);
        Assert.Equal("weight value", first.Where);
        Assert.Equal((3, 1), (first.Row, first.Col));
        var output = NonFinite.FirstInOutputs(model)!;
        Assert.Equal(2, output.LayerIndex);
        Assert.Equal("output", output.Where);
        Assert.Equal("first non-finite value in layer 2 (Linear(8->8, no bias)) weight value at (3, 1): Infinity", NonFinite.Describe(model));
    }
}

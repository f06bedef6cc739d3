using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Models;

public class MlpTests
{
    [Fact]
    public void Build_names_the_layers_and_places_batch_norm_before_and_dropout_after_each_activation()
    {
        var model = Mlp.Build([784, 256, 128, 10], Activation.Tanh, batchNorm: true, dropout: 0.2);

        Assert.Equal(["linear1", "batchnorm1", "tanh1", "dropout1", "linear2", "batchnorm2", "tanh2", "dropout2", "linear3"],
            model.named_children().Select(c => c.name));
        Assert.Equal(784L * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10 + 2 * (256 + 128), model.parameters().Sum(p => p.numel()));
        using var output = model.call(zeros(4, 784));
        Assert.Equal([4L, 10], output.shape);
    }

    [Fact]
    public void Build_refuses_too_few_widths_and_a_bad_dropout()
    {
        Assert.Contains("at least an input and an output width", Assert.Throws<ArgumentException>(() => Mlp.Build([784])).Message);
        Assert.Contains("lies in [0, 1), but 1 came", Assert.Throws<ArgumentOutOfRangeException>(() => Mlp.Build([2, 2], dropout: 1)).Message);
    }

    [Fact]
    public void A_residual_deep_stack_adds_each_layers_input_back()
    {
        torch.manual_seed(1);
        var plain = Mlp.DeepStack(16, 3, Activation.Relu);
        var residual = Mlp.DeepStack(16, 3, Activation.Relu, residual: true);
        residual.load_state_dict(plain.state_dict().ToDictionary(p => p.Key.Replace("layer1.", "layer1.block.").Replace("layer2.", "layer2.block.").Replace("layer3.", "layer3.block."), p => p.Value));
        using var x = randn(5, 16);

        using var expected = x.clone();
        var h = expected;
        foreach (var (_, layer) in plain.named_children())
            h = h + ((nn.Module<Tensor, Tensor>)layer).call(h);
        using var got = residual.call(x);
        Assert.True(got.allclose(h, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(3, residual.modules().OfType<Residual>().Count());
        Assert.DoesNotContain(plain.parameters(), p => p.dim() == 1);   // no biases unless asked
    }

    [Fact]
    public void A_residual_block_must_keep_its_inputs_shape()
    {
        var residual = new Residual(nn.Linear(4, 3));
        var error = Assert.Throws<ArgumentException>(() => residual.call(zeros(2, 4)));
        Assert.Contains("keep its input's shape [2, 4], but it returned [2, 3]", error.Message);
    }

    [Fact]
    public void Activations_know_their_torch_gain_and_which_outputs_saturate()
    {
        Assert.Equal(5.0 / 3, Activation.Tanh.Gain, 12);
        Assert.Equal(Math.Sqrt(2), Activation.Relu.Gain, 12);
        using var t = tensor(new[] { -0.99f, -0.5f, 0f, 0.969f, 0.971f });
        Assert.Equal([true, false, false, false, true], Activation.Tanh.Saturated(t)!.data<bool>().ToArray());
        using var s = tensor(new[] { 0.01f, 0.5f, 0.98f });
        Assert.Equal([true, false, true], Activation.Sigmoid.Saturated(s)!.data<bool>().ToArray());
        Assert.Null(Activation.Relu.Saturated(s));
        Assert.Same(Activation.Tanh, Activation.Of(nn.Tanh()));
        Assert.Equal(0.2, Activation.Of(nn.LeakyReLU(0.2))!.NegativeSlope);
    }
}

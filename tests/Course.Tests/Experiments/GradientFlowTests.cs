using Course.Experiments;
using Course.Init;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

[Collection(BatchNormLessonCollection.Name)]
public class GradientFlowTests(BatchNormLessonData data)
{
    private static readonly long[] Deep = [784, .. Enumerable.Repeat(64L, 19), 10];
    private readonly Course.Data.Dataset batch = data.Digits.Subset(data.Order[6000..6256]);

    private double[] Flow(Activation activation, bool batchNorm, long seed)
    {
        torch.manual_seed(seed);
        var net = Mlp.Build(Deep, activation, batchNorm).InitWith(activation == Activation.Relu ? new HeNormal() : new XavierNormal());
        return GradientFlow.PerLayer(net, batch.Features, batch.Labels);
    }

    private static double Spread(double[] rms) => rms[..^1].Max() / rms[..^1].Min();

    [Fact]
    public void PerLayer_is_the_RMS_of_each_Linear_weight_gradient_and_leaves_the_model_as_it_was()
    {
        torch.manual_seed(3);
        var net = Mlp.Build([784, 8, 6, 10], Activation.Tanh, batchNorm: true);
        net.eval();
        using var sample = data.Test.Take(32);
        var buffers = net.buffers().Select(b => b.clone()).ToArray();
        long live = BatchNormLessonData.LiveTensors;
        var rms = GradientFlow.PerLayer(net, sample.Features, sample.Labels);
        Assert.Equal(live, BatchNormLessonData.LiveTensors);
        Assert.False(net.training);
        Assert.All(net.parameters(), p => Assert.True(p.grad is null || p.grad.abs().max().item<float>() == 0));
        Assert.All(net.buffers().Zip(buffers), p => Assert.True(p.First.Equals(p.Second)));

        // The same by hand, in training mode as PerLayer measures.
        net.train();
        nn.functional.cross_entropy(net.call(sample.Features), sample.Labels).backward();
        var expected = net.modules().OfType<TorchSharp.Modules.Linear>()
            .Select(l => Math.Sqrt(l.weight!.grad!.square().sum().item<float>() / l.weight.numel())).ToArray();
        Assert.Equal(3, rms.Length);
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], rms[i], expected[i] * 1e-4);
    }

    [Fact]
    public void Over_ten_seeds_batch_norm_flattens_the_sigmoid_gradient_and_makes_the_ReLU_gradient_grow_toward_the_input()
    {
        for (long seed = 1; seed <= 10; seed++)
        {
            var (sigmoid, sigmoidBn) = (Flow(Activation.Sigmoid, false, seed), Flow(Activation.Sigmoid, true, seed));
            var (relu, reluBn) = (Flow(Activation.Relu, false, seed), Flow(Activation.Relu, true, seed));
            Assert.True(sigmoid[0] / sigmoid[^2] < 1e-9, $"seed {seed}: plain sigmoid layer 1 ÷ layer 19 = {sigmoid[0] / sigmoid[^2]}");
            Assert.True(sigmoidBn[0] / sigmoid[0] > 1e10, $"seed {seed}: lift {sigmoidBn[0] / sigmoid[0]}");
            Assert.InRange(Spread(sigmoidBn), 1, 2.5);
            Assert.InRange(Spread(relu), 1, 6);                  // He keeps a plain ReLU net's gradient within a few ×
            Assert.InRange(reluBn[0] / reluBn[^2], 15, 40);      // batch norm without skips: growth toward the input
        }
    }

    [Fact]
    public void A_model_without_Linear_layers_is_refused()
    {
        using var x = randn(4, 3);
        using var y = tensor(new long[] { 0, 1, 2, 0 });
        var e = Assert.Throws<ArgumentException>(() => GradientFlow.PerLayer(nn.Sequential(nn.ReLU()), x, y));
        Assert.Contains("no Linear layer", e.Message);
    }
}

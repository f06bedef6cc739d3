using Course.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

public class ZooModulesTests
{
    [Fact]
    public void The_log_of_softmax_agrees_with_cross_entropy_until_a_probability_underflows()
    {
        using var scope = NewDisposeScope();
        using var handWritten = new ZooModules.LogOfSoftmaxCrossEntropy();
        using var crossEntropy = nn.CrossEntropyLoss();
        var labels = tensor(new long[] { 0, 2 });
        var moderate = tensor(new float[,] { { 1, 2, 3 }, { -1, 0, 4 } });
        Assert.Equal(crossEntropy.call(moderate, labels).ToDouble(), handWritten.call(moderate, labels).ToDouble(), 5);

        // The true class 110 below the largest logit: e^-110 is below float32's smallest number, so softmax gives exactly 0.
        var extreme = tensor(new float[,] { { -10, 100, 0 }, { 0, 0, 0 } });
        Assert.Equal(double.PositiveInfinity, handWritten.call(extreme, labels).ToDouble());
        Assert.Equal(55.0 + Math.Log(3) / 2, crossEntropy.call(extreme, labels).ToDouble(), 3);
    }
}

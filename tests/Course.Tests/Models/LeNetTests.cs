using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Models;

public class LeNetTests
{
    [Fact]
    public void LeNet_takes_flat_digits_and_gives_ten_scores_with_61706_parameters()
    {
        torch.manual_seed(0);
        using var model = LeNet.Build();
        // conv1 6·(25+1), conv2 16·(6·25+1), then 400·120+120, 120·84+84, 84·10+10
        Assert.Equal(6 * 26 + 16 * 151 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10, model.parameters().Sum(p => p.numel()));
        Assert.Equal(61_706, model.parameters().Sum(p => p.numel()));
        using var scope = NewDisposeScope();
        Assert.Equal([3L, 10], model.call(rand(3, 784)).shape);
        Assert.Equal(["image", "conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "linear1", "relu3", "linear2", "relu4", "linear3"],
            model.named_children().Select(c => c.name));
    }

    [Fact]
    public void LeNet_refuses_fewer_than_two_classes() =>
        Assert.Contains("at least 2 classes, but 1 came", Assert.Throws<ArgumentOutOfRangeException>(() => LeNet.Build(1)).Message);
}

using Course.Experiments;
using Course.Init;
using Course.Nn;

namespace Course.Tests.Experiments;

public class NonlinearityTests
{
    [Fact]
    public void Each_activation_carries_its_gain_from_init()
    {
        Assert.Equal(5.0 / 3.0, Nonlinearity.Tanh.Gain, 12);
        Assert.Equal(1, Nonlinearity.Sigmoid.Gain);
        Assert.Equal(Math.Sqrt(2), Nonlinearity.Relu.Gain, 12);
        Assert.Equal(Math.Sqrt(2 / 1.04), Nonlinearity.LeakyRelu(0.2f).Gain, 6);
        Assert.Equal(1, Nonlinearity.Identity.Gain);
    }

    [Fact]
    public void Each_activation_creates_a_fresh_layer_of_its_kind()
    {
        Assert.IsType<Tanh>(Nonlinearity.Tanh.CreateLayer());
        Assert.NotSame(Nonlinearity.Tanh.CreateLayer(), Nonlinearity.Tanh.CreateLayer());
        Assert.Equal(0.2f, Assert.IsType<LeakyRelu>(Nonlinearity.LeakyRelu(0.2f).CreateLayer()).Slope);
        Assert.Null(Nonlinearity.Identity.CreateLayer());
        Assert.Equal("leaky ReLU (0.2)", Nonlinearity.LeakyRelu(0.2f).ToString());
    }

    [Fact]
    public void Saturation_means_the_derivative_is_below_two_percent_of_its_peak()
    {
        Assert.True(Nonlinearity.Tanh.IsSaturated(-0.995f));
        Assert.False(Nonlinearity.Tanh.IsSaturated(0.98f));
        Assert.True(Nonlinearity.Sigmoid.IsSaturated(0.995f));
        Assert.True(Nonlinearity.Sigmoid.IsSaturated(0.005f));
        Assert.False(Nonlinearity.Sigmoid.IsSaturated(0.5f));
        Assert.False(Nonlinearity.Relu.IsSaturated(0f));
    }
}

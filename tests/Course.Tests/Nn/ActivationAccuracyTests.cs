using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Nn;

public class ActivationAccuracyTests
{
    // Lessons follow signals that shrink towards 0 over many layers, so an activation must be accurate relative to a
    // tiny input, not just to within 1e-7 in absolute terms.
    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-30)]
    [InlineData(1e-8)]
    [InlineData(1e-6)]
    [InlineData(-1e-4)]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(-3)]
    [InlineData(20)]
    public void Tanh_is_accurate_relative_to_small_inputs(double x)
    {
        // 17 copies: long enough for any vectorised path to be taken.
        var input = Matrix.Filled(1, 17, (float)x);
        var y = new Tanh().Forward(input, training: false);
        double exact = Math.Tanh((float)x);
        foreach (var v in y.Data)
        {
            if (exact == 0) Assert.Equal(0f, v);
            else Assert.True(Math.Abs(v - exact) <= 2e-7 * Math.Abs(exact), $"tanh({x}) = {v}, exact {exact}");
        }
    }

    [Theory]
    [InlineData(-30.0)]
    [InlineData(-1e-6)]
    [InlineData(0.0)]
    [InlineData(10.0)]
    public void Sigmoid_is_accurate_relative_to_its_output(double x)
    {
        var y = new Sigmoid().Forward(Matrix.Filled(1, 17, (float)x), training: false);
        double exact = 1 / (1 + Math.Exp(-(float)x));
        foreach (var v in y.Data)
            Assert.True(Math.Abs(v - exact) <= 2e-6 * exact, $"sigmoid({x}) = {v}, exact {exact}");
    }
}

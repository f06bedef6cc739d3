using Course.Diagnostics;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Nn;

public sealed class SoftmaxTests
{
    [Fact]
    public void Rows_become_probabilities_even_for_huge_logits()
    {
        var y = new Softmax().Forward(Matrix.FromRows([1000f, 999f, -1000f], [0f, 0f, 0f]), training: false);
        Assert.Equal(1f, y[0, 0] + y[0, 1] + y[0, 2], 5);
        Assert.Equal(1 / (1 + MathF.Exp(-1)), y[0, 0], 5);
        Assert.Equal(0f, y[0, 2]);
        Assert.All(y.Row(1).ToArray(), p => Assert.Equal(1f / 3, p, 6));
    }

    [Fact]
    public void Backward_matches_finite_differences()
    {
        var rng = new Rng(3);
        var report = GradientCheck.Check(new Softmax(), rng.Normal(5, 7), rng);
        Assert.True(report.Passed, report.ToString());
    }
}

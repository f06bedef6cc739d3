using Course.Diagnostics;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Nn;

public class DropoutTests
{
    private static Matrix Activations() => new Rng(1).Uniform(1000, 1000, 0, 2); // 1e6 values, mean 1

    [Fact]
    public void Inverted_dropout_keeps_the_mean_within_one_percent()
    {
        var x = Activations();
        var y = new Dropout(0.5f, new Rng(2)).Forward(x, training: true);
        Assert.True(Math.Abs(y.Mean() / x.Mean() - 1) < 0.01, $"{y.Mean()} vs {x.Mean()}");
        double dropped = y.Data.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(dropped, 0.495, 0.505);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.2f)]
    public void Unscaled_dropout_shrinks_the_mean_to_keep_probability_times_it(float p)
    {
        var x = Activations();
        var y = new Dropout(p, new Rng(3), scaled: false).Forward(x, training: true);
        Assert.True(Math.Abs(y.Mean() / (x.Mean() * (1 - p)) - 1) < 0.01, $"{y.Mean()} vs {(1 - p) * x.Mean()}");
    }

    [Fact]
    public void Evaluation_is_the_identity_in_both_variants()
    {
        var x = new Rng(4).Normal(8, 9);
        foreach (var scaled in new[] { true, false })
        {
            var d = new Dropout(0.5f, new Rng(5), scaled);
            Assert.Equal(x.Data, d.Forward(x, training: false).Data);
            Assert.Equal(x.Data, d.Backward(x).Data);
        }
    }

    [Fact]
    public void Backward_applies_the_forward_mask()
    {
        var d = new Dropout(0.3f, new Rng(6));
        var x = new Rng(7).Normal(10, 10);
        var y = d.Forward(x, training: true);
        var g = d.Backward(Matrix.Filled(10, 10, 1f));
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(d.Mask!.Data[i], g.Data[i]);
            Assert.Equal(y.Data[i] == 0, g.Data[i] == 0);
            Assert.True(g.Data[i] == 0 || Math.Abs(g.Data[i] - 1 / 0.7f) < 1e-6);
        }
    }

    [Fact]
    public void Gradient_matches_with_a_fixed_mask()
    {
        var d = new Dropout(0.4f, new Rng(8)) { FixedMask = true };
        var report = GradientCheck.Check(d, new Rng(9).Normal(5, 6), new Rng(10), training: true);
        Assert.True(report.Passed, report.ToString());
        Assert.Contains(d.Mask!.Data, v => v == 0);
    }

    [Fact]
    public void The_checker_refuses_a_dropout_that_draws_a_new_mask_each_forward()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            GradientCheck.Check(new Dropout(0.4f, new Rng(8)), new Rng(9).Normal(5, 6), new Rng(10), training: true));
        Assert.Contains("FixedMask", e.Message);
    }

    [Fact]
    public void A_new_mask_is_drawn_every_training_forward_unless_fixed()
    {
        var x = Matrix.Filled(4, 50, 1f);
        var d = new Dropout(0.5f, new Rng(11));
        var first = d.Forward(x, training: true).Clone();
        Assert.NotEqual(first.Data, d.Forward(x, training: true).Data);
        d.FixedMask = true;
        var fixedOnce = d.Forward(x, training: true).Clone();
        Assert.Equal(fixedOnce.Data, d.Forward(x, training: true).Data);
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    public void Probability_must_lie_in_0_1(float p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(p, new Rng(1)));
}

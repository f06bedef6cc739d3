using Course.Diagnostics;
using Course.Experiments;
using TorchSharp;

namespace Course.Tests.Experiments;

public sealed class FailureSignaturesTests
{
    private static double[] Curve(int n, Func<int, double> loss) => Enumerable.Range(0, n).Select(loss).ToArray();

    [Fact]
    public void Each_shape_is_told_apart_on_made_up_curves()
    {
        Assert.Equal(Signature.Decreases, CurveShape.Of(Curve(40, t => 2.3 * Math.Exp(-t / 5.0))).Signature);
        Assert.Equal(Signature.GoesUp, CurveShape.Of(Curve(40, t => 2.3 + 0.1 * t)).Signature);
        Assert.Equal(Signature.Explodes, CurveShape.Of(Curve(40, t => t == 5 ? 1e4 : 2.3)).Signature);
        Assert.Equal(Signature.Explodes, CurveShape.Of(Curve(40, t => t < 30 ? 2.3 : double.NaN)).Signature);
        Assert.Equal(Signature.Oscillates, CurveShape.Of(Curve(40, t => t % 2 == 0 ? 2.0 : 2.6)).Signature);
        Assert.Equal(Signature.Plateaus, CurveShape.Of(Curve(40, t => 2.3 + (t % 2 == 0 ? 0.001 : -0.001))).Signature);
    }

    [Fact]
    public void The_trend_compares_quarter_medians_so_one_noisy_step_cannot_decide_it()
    {
        var shape = CurveShape.Of(Curve(40, t => t == 39 ? 50 : 2.3 * Math.Exp(-t / 5.0)));
        Assert.Equal(Signature.Decreases, shape.Signature);
        Assert.True(shape.Trend < 0.01);
    }

    [Fact]
    public void A_short_curve_is_refused_unless_it_diverged()
    {
        Assert.Throws<ArgumentException>(() => CurveShape.Of([2.3, 2.2, 2.1]));
        Assert.Equal(Signature.Explodes, CurveShape.Of([2.3, 40, 9e30], diverged: true).Signature);
    }

    public static TheoryData<string> FourNames => new(FailureCases.Four.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(FourNames))]
    public void Each_broken_setup_shows_its_signature_and_its_fix_removes_it(string name)
    {
        var @case = FailureCases.Four.Single(c => c.Name == name);
        var bench = OverfitBatch.Balanced(Digits.All, 100);
        for (long seed = 1; seed <= 3; seed++)
        {
            var broken = CurveShape.Of(@case.Broken.Train(bench, 100, seed));
            Assert.Equal(@case.Signature, broken.Signature);
            switch (@case.Signature)
            {
                case Signature.GoesUp: Assert.True(broken.End > broken.Start, broken.ToString()); break;
                case Signature.Explodes: Assert.True(!broken.Finite || broken.PeakRatio > 1e3, broken.ToString()); break;
                case Signature.Oscillates: Assert.True(broken.SignChanges >= 0.3 && broken.Trend >= 0.25, broken.ToString()); break;
                case Signature.Plateaus: Assert.True(Math.Abs(broken.Trend - 1) < 0.05, broken.ToString()); break;
            }
            var fixedShape = CurveShape.Of(@case.Fixed.Train(bench, 100, seed));
            Assert.Equal(Signature.Decreases, fixedShape.Signature);
            Assert.True(fixedShape.Trend < 0.01, fixedShape.ToString());
        }
    }

    [Fact]
    public void Gradient_ascent_overflows_and_the_trainer_says_where()
    {
        var history = FailureCases.GradientAscent.Broken.Train(OverfitBatch.Balanced(Digits.All, 100), 200, seed: 1);
        Assert.True(history.Diverged);
        Assert.True(history.Steps < 200);
        Assert.Contains("non-finite", history.StopReason);
        Assert.Equal(Signature.Explodes, CurveShape.Of(history).Signature);
    }

    [Fact]
    public void A_tiny_learning_rate_plateaus_and_a_forgotten_zero_grad_goes_up()
    {
        var bench = OverfitBatch.Balanced(Digits.All, 100);
        Assert.Equal(Signature.Plateaus, CurveShape.Of(FailureCases.LearningRateTooLow.Broken.Train(bench, 100, 1)).Signature);
        Assert.True(CurveShape.Of(FailureCases.ForgottenZeroGrad.Broken.Train(bench, 100, 1)).Trend > 2);
    }

    [Fact]
    public void Every_broken_setup_differs_from_the_healthy_one()
    {
        foreach (var c in FailureCases.Four.Concat(FailureCases.More))
        {
            Assert.NotEqual(FailureCases.Healthy, c.Broken);
            Assert.Equal(FailureCases.Healthy, c.Fixed);
        }
    }
}

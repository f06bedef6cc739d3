using Course.Diagnostics;
using Course.Losses;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Losses;

public class LossGradientTests
{
    private static void AssertPasses(GradientCheckReport report) => Assert.True(report.Passed, report.ToString());

    [Fact]
    public void Nll_gradient_matches_on_log_probabilities()
    {
        var logProbs = new LogSoftmax().Forward(new Rng(1).Normal(5, 4), training: false).Clone();
        AssertPasses(GradientCheck.CheckLoss(new NllLoss(), logProbs, [0, 3, 2, 1, 1], new Rng(2), epsilon: 1e-3));
        var soft = Matrix.FromRows([0.5f, 0.5f, 0, 0], [0, 0, 0, 1], [0.1f, 0.2f, 0.3f, 0.4f], [1, 0, 0, 0], [0, 1, 0, 0]);
        AssertPasses(GradientCheck.CheckLoss(new NllLoss(), logProbs, soft, new Rng(2), epsilon: 1e-3));
    }

    [Fact]
    public void LogSoftmax_then_Nll_equals_SoftmaxCrossEntropy()
    {
        var logits = new Rng(3).Normal(6, 10, 0, 3);
        int[] labels = [1, 9, 0, 4, 4, 7];
        var logProbs = new LogSoftmax().Forward(logits, training: false);
        Assert.Equal(new SoftmaxCrossEntropy().Forward(logits, labels), new NllLoss().Forward(logProbs, labels), 5);
    }

    [Fact]
    public void Nll_rejects_logits_and_says_what_to_do()
    {
        var e = Assert.Throws<ArgumentException>(() => new NllLoss().Forward(Matrix.FromRows([0.5f, -1f]), [0]));
        Assert.Contains("log-probabilities", e.Message);
        Assert.Contains("(0, 0)", e.Message);
        Assert.Contains("LogSoftmax", e.Message);
    }

    [Fact]
    public void Mse_value_and_gradient()
    {
        var output = Matrix.FromRows([1f, 2f], [3f, 4f]);
        var targets = Matrix.FromRows([1f, 0f], [0f, 4f]);
        var loss = new MseLoss();
        Assert.Equal((0 + 4 + 9 + 0) / 4.0, loss.Forward(output, targets), 12);
        Assert.Equal([0f, 1f, 1.5f, 0f], loss.Backward().Data);
        AssertPasses(GradientCheck.CheckLoss(loss, new Rng(4).Normal(4, 3), new Rng(5).Normal(4, 3), new Rng(6)));
    }

    [Fact]
    public void Mse_with_labels_uses_one_hot_targets()
    {
        var output = new Rng(7).Normal(3, 4);
        var oneHot = Matrix.FromRows([0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 1]);
        var loss = new MseLoss();
        Assert.Equal(loss.Forward(output, oneHot), loss.Forward(output, [2, 0, 3]), 12);
        AssertPasses(GradientCheck.CheckLoss(loss, output, [2, 0, 3], new Rng(8)));
    }

    [Fact]
    public void Bce_with_logits_matches_the_textbook_formula_and_is_stable()
    {
        var logits = Matrix.FromRows([0.3f], [-2f], [500f], [-500f]);
        var targets = Matrix.FromRows([1f], [0f], [0f], [0f]);
        static double Sig(double z) => 1 / (1 + Math.Exp(-z));
        double expected = (-Math.Log(Sig(0.3)) - Math.Log(1 - Sig(-2)) + 500 + 0) / 4;
        Assert.Equal(expected, new BceWithLogitsLoss().Forward(logits, targets), 6);
    }

    [Fact]
    public void Bce_gradient_matches_for_targets_and_labels()
    {
        var loss = new BceWithLogitsLoss();
        AssertPasses(GradientCheck.CheckLoss(loss, new Rng(9).Normal(5, 3, 0, 2), new Rng(10).Uniform(5, 3, 0, 1), new Rng(11)));
        var single = new Rng(12).Normal(6, 1, 0, 2);
        AssertPasses(GradientCheck.CheckLoss(loss, single, [0, 1, 1, 0, 1, 0], new Rng(13)));
        Assert.Equal(1, loss.PredictClass([0.1f]));
        Assert.Equal(0, loss.PredictClass([-0.1f]));
    }

    [Fact]
    public void Single_column_labels_must_be_0_or_1()
    {
        var e = Assert.Throws<ArgumentException>(() => new BceWithLogitsLoss().Forward(new Matrix(3, 1), [0, 2, 1]));
        Assert.Contains("label 2 in row 1 is outside the valid range [0, 1]", e.Message);
    }

    [Fact]
    public void Targets_must_match_the_output_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => new MseLoss().Forward(new Matrix(3, 2), new Matrix(2, 3)));
        Assert.Contains("(3x2)", e.Message);
        Assert.Contains("(2x3)", e.Message);
    }

    [Fact]
    public void Backward_before_forward_is_a_clear_error() =>
        Assert.Contains("before Forward", Assert.Throws<InvalidOperationException>(() => new MseLoss().Backward()).Message);
}

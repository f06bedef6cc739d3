using Course.Diagnostics;
using Course.Losses;
using Course.Tensors;

namespace Course.Tests.Losses;

public class SoftmaxCrossEntropyTests
{
    [Fact]
    public void Equal_logits_over_ten_classes_give_ln_10()
    {
        var loss = new SoftmaxCrossEntropy().Forward(new Matrix(32, 10), Enumerable.Range(0, 32).Select(i => i % 10).ToArray());
        Assert.Equal(Math.Log(10), loss, 12);
        Assert.InRange(loss, 2.302, 2.303); // the seeds quote 2.302, ln 10 truncated
    }

    [Fact]
    public void Probabilities_sum_to_one_and_the_gradient_is_their_difference_from_one_hot()
    {
        var logits = new Rng(2).Normal(4, 5, 0, 3);
        var p = SoftmaxCrossEntropy.Probabilities(logits);
        for (int r = 0; r < 4; r++) Assert.Equal(1f, p.Row(r).ToArray().Sum(), 5);
        var loss = new SoftmaxCrossEntropy();
        loss.Forward(logits, [0, 1, 2, 3]);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 5; c++) Assert.Equal((p[r, c] - (r == c ? 1 : 0)) / 4, loss.Backward()[r, c], 6);
    }

    [Fact]
    public void Huge_logits_do_not_overflow()
    {
        var logits = Matrix.FromRows([1000f, 0f, -1000f], [0f, 0f, 89f]);
        var loss = new SoftmaxCrossEntropy().Forward(logits, [1, 2]);
        Assert.Equal((1000 + 0) / 2.0, loss, 3);
    }

    [Fact]
    public void Gradient_matches_central_differences()
    {
        var rng = new Rng(3);
        var logits = rng.Normal(5, 4, 0, 2);
        var report = GradientCheck.CheckLoss(new SoftmaxCrossEntropy(), logits, [0, 3, 1, 1, 2], rng);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Soft_targets_gradient_matches_and_one_hot_targets_equal_labels()
    {
        var rng = new Rng(4);
        var logits = rng.Normal(3, 4);
        var targets = Matrix.FromRows([0.2f, 0.3f, 0.5f, 0f], [1, 0, 0, 0], [0, 0, 0.5f, 0.5f]);
        var loss = new SoftmaxCrossEntropy();
        Assert.True(GradientCheck.CheckLoss(loss, logits, targets, rng).Passed);
        var oneHot = Matrix.FromRows([0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]);
        Assert.Equal(loss.Forward(logits, [1, 0, 3]), loss.Forward(logits, oneHot), 6);
    }

    [Fact]
    public void Out_of_range_label_names_the_label_its_row_and_the_range()
    {
        var e = Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy().Forward(new Matrix(3, 10), [1, 10, 2]));
        Assert.Contains("label 10 in row 1 is outside the valid range [0, 9]", e.Message);
    }

    [Fact]
    public void Label_count_must_match_the_rows()
    {
        var e = Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy().Forward(new Matrix(3, 10), [1, 2]));
        Assert.Contains("(3x10)", e.Message);
        Assert.Contains("2 labels", e.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Non_finite_logits_are_rejected_naming_row_and_column(float bad, string shown)
    {
        var logits = new Matrix(4, 3);
        logits[2, 1] = bad;
        var e = Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy().Forward(logits, [0, 0, 0, 0]));
        Assert.Contains("element (2, 1)", e.Message);
        Assert.Contains(shown, e.Message);
    }
}

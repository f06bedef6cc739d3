using Course.Losses;
using Course.Nn;
using Course.Regularization;
using Course.Tensors;

namespace Course.Tests.Regularization;

public class PenaltyTests
{
    private static (Parameter Weight, Parameter Bias) Parameters()
    {
        var w = new Parameter("weight", Matrix.FromRows([0.5f, -2f], [0f, 3f]), isWeight: true);
        var b = new Parameter("bias", Matrix.FromRows([7f, -7f]), isWeight: false);
        return (w, b);
    }

    [Fact]
    public void L2_is_lambda_over_2m_times_the_sum_of_squares_and_leaves_biases_alone()
    {
        var (w, b) = Parameters();
        var l2 = new L2Penalty(0.4, examples: 10);
        Assert.Equal(0.4 / 20 * (0.25 + 4 + 0 + 9), l2.AddGradient([w, b]), 6);
        Assert.Equal([0.02f, -0.08f, 0f, 0.12f], w.Grad.Data.Select(v => MathF.Round(v, 6)).ToArray());
        Assert.Equal(0f, b.Grad.MaxAbs());
        Assert.Equal("L2 (0.4/10/2 * sum w^2)", l2.ToString());
    }

    [Fact]
    public void L1_and_elastic_net_values_and_gradients()
    {
        var (w, b) = Parameters();
        var l1 = new L1Penalty(0.5);
        Assert.Equal(0.5 * 5.5, l1.Value([w, b]), 6);
        l1.AddGradient([w, b]);
        Assert.Equal([0.5f, -0.5f, 0f, 0.5f], w.Grad.Data);

        w.ZeroGrad();
        var net = new ElasticNetPenalty(0.5, 0.2, examples: 2);
        Assert.Equal((0.5 * 5.5 + 0.1 * 13.25) / 2, net.AddGradient([w]), 6);
        Assert.Equal((0.5f + 0.2f * 0.5f) / 2, w.Grad[0, 0], 6);
        Assert.Equal((-0.5f + 0.2f * -2f) / 2, w.Grad[0, 1], 6);
    }

    [Fact]
    public void Penalty_gradients_match_finite_differences_of_their_values()
    {
        var w = new Parameter("weight", new Rng(1).Normal(4, 5), isWeight: true);
        foreach (Penalty penalty in new Penalty[] { new L1Penalty(0.3, 7), new L2Penalty(0.3, 7), new ElasticNetPenalty(0.2, 0.5, 3) })
        {
            w.ZeroGrad();
            penalty.AddGradient([w]);
            for (int i = 0; i < w.Length; i++)
            {
                float original = w.Value.Data[i];
                w.Value.Data[i] = original + 1e-3f;
                double up = penalty.Value([w]);
                w.Value.Data[i] = original - 1e-3f;
                double down = penalty.Value([w]);
                w.Value.Data[i] = original;
                Assert.Equal((up - down) / 2e-3, w.Grad.Data[i], 2);
            }
        }
    }

    [Fact]
    public void L1_drives_irrelevant_weights_to_zero_far_more_than_L2()
    {
        // y depends on 3 of 20 features; the other 17 weights should be 0.
        var rng = new Rng(5);
        var x = rng.Normal(200, 20);
        var y = new Matrix(200, 1);
        for (int r = 0; r < 200; r++) y[r, 0] = 2 * x[r, 0] - 3 * x[r, 1] + x[r, 2] + rng.Normal(0, 0.5f);

        int NearZero(Penalty penalty)
        {
            var model = new Linear(20, 1, new Rng(6), new Course.Init.Normal(0.1));
            var optimizer = new Course.Optim.Sgd(model.Parameters(), 0.02);
            var loss = new MseLoss();
            for (int step = 0; step < 2000; step++)
            {
                loss.Forward(model.Forward(x, training: true), y);
                optimizer.ZeroGrad();
                model.Backward(loss.Backward());
                penalty.AddGradient(optimizer.Parameters);
                optimizer.Step();
            }
            var w = model.Weight.Value.Data;
            Assert.True(Math.Abs(w[0] - 2) < 0.5 && Math.Abs(w[1] + 3) < 0.5, $"{penalty}: informative weights {w[0]}, {w[1]}");
            return w.Skip(3).Count(v => MathF.Abs(v) < 1e-2f);
        }

        int l1 = NearZero(new L1Penalty(0.2));
        int l2 = NearZero(new L2Penalty(0.2));
        Assert.True(l1 >= 15, $"L1 left {l1} of 17 irrelevant weights near 0");
        Assert.True(l1 >= l2 + 8, $"L1 {l1} vs L2 {l2}");
    }

    [Fact]
    public void Lambda_must_be_finite_and_not_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new L2Penalty(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new L1Penalty(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new L2Penalty(1, examples: 0));
    }
}

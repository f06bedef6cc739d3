using Course.Diagnostics;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Nn;

public class BatchNormTests
{
    private static Matrix ShiftedBatch(ulong seed, int rows = 64, int cols = 5)
    {
        var x = new Rng(seed).Normal(rows, cols);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) x[r, c] = 3f + (c + 1) * 2f * x[r, c];
        return x;
    }

    [Fact]
    public void Training_output_has_per_feature_mean_0_and_std_1_before_gamma_and_beta()
    {
        var bn = new BatchNorm(5);
        var y = bn.Forward(ShiftedBatch(1), training: true);
        for (int c = 0; c < 5; c++)
        {
            var column = Enumerable.Range(0, y.Rows).Select(r => (double)y[r, c]).ToArray();
            double mean = column.Average();
            double std = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length);
            Assert.True(Math.Abs(mean) < 1e-5, $"feature {c}: mean {mean}");
            Assert.True(Math.Abs(std - 1) < 1e-3, $"feature {c}: std {std}");
        }
    }

    [Fact]
    public void Gamma_and_beta_are_the_only_parameters_and_receive_gradients()
    {
        var bn = new BatchNorm(5);
        Assert.Equal([bn.Gamma, bn.Beta], bn.Parameters());
        Assert.DoesNotContain(bn.Parameters(), p => ReferenceEquals(p.Value, bn.BatchMean) || ReferenceEquals(p.Value, bn.BatchVariance)
            || ReferenceEquals(p.Value, bn.RunningMean) || ReferenceEquals(p.Value, bn.RunningVariance));
        Assert.Equal([bn.RunningMean, bn.RunningVariance], bn.Statistics());
        bn.Forward(ShiftedBatch(2), training: true);
        bn.Backward(new Rng(3).Normal(64, 5));
        Assert.True(bn.Gamma.Grad.MaxAbs() > 0);
        Assert.True(bn.Beta.Grad.MaxAbs() > 0);
    }

    [Fact]
    public void Training_gradients_match_including_gamma_and_beta()
    {
        var bn = new BatchNorm(4);
        new Rng(4).FillNormal(bn.Gamma.Value.Data, 1, 0.3f);
        new Rng(5).FillNormal(bn.Beta.Value.Data, 0, 0.5f);
        var report = GradientCheck.Check(bn, ShiftedBatch(6, rows: 6, cols: 4), new Rng(7), training: true);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(3, report.WorstPerTensor.Count);
    }

    [Fact]
    public void Evaluation_gradients_match()
    {
        var bn = new BatchNorm(4);
        bn.Forward(ShiftedBatch(8, cols: 4), training: true);
        var report = GradientCheck.Check(bn, ShiftedBatch(9, rows: 5, cols: 4), new Rng(7), training: false);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Evaluation_uses_running_statistics()
    {
        var bn = new BatchNorm(5, momentum: 0.1f);
        for (int i = 0; i < 100; i++) bn.Forward(ShiftedBatch((ulong)(100 + i)), training: true);
        // The running mean has converged to the training distribution's mean of 3.
        for (int c = 0; c < 5; c++) Assert.InRange(bn.RunningMean[0, c], 2.5f, 3.5f);

        var shifted = ShiftedBatch(7);
        for (int i = 0; i < shifted.Length; i++) shifted.Data[i] += 10;
        var evaluation = bn.Forward(shifted, training: false).Clone();
        var training = bn.Forward(shifted, training: true).Clone();
        // Training mode re-centres the shifted batch; evaluation keeps the shift, measured against the running mean.
        Assert.True(Math.Abs(training.Mean()) < 1e-4);
        Assert.True(evaluation.Mean() > 1.5, $"evaluation mean {evaluation.Mean()}");
    }

    [Fact]
    public void Training_mode_needs_two_rows()
    {
        var e = Assert.Throws<ArgumentException>(() => new BatchNorm(3).Forward(new Matrix(1, 3), training: true));
        Assert.Contains("at least 2 rows", e.Message);
        Assert.Contains("(1x3)", e.Message);
        new BatchNorm(3).Forward(new Matrix(1, 3), training: false); // one example is fine in evaluation
    }
}

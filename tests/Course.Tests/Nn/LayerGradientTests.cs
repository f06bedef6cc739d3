using Course.Diagnostics;
using Course.Init;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Nn;

public class LayerGradientTests
{
    private static Matrix Input(int rows, int cols, ulong seed = 1) => new Rng(seed).Normal(rows, cols);

    /// <summary>Inputs at least 0.1 away from 0, so a ReLU's kink never lies within the finite-difference step.</summary>
    private static Matrix AwayFromZero(int rows, int cols, ulong seed = 2)
    {
        var x = Input(rows, cols, seed);
        for (int i = 0; i < x.Length; i++) x.Data[i] = MathF.CopySign(0.1f + MathF.Abs(x.Data[i]), x.Data[i]);
        return x;
    }

    private static void AssertPasses(GradientCheckReport report) => Assert.True(report.Passed, report.ToString());

    [Fact]
    public void Linear_gradients_match_central_differences()
    {
        var layer = new Linear(5, 3, new Rng(3), new XavierNormal());
        new Rng(4).FillNormal(layer.Bias!.Value.Data);
        var report = GradientCheck.Check(layer, Input(4, 5), new Rng(5));
        AssertPasses(report);
        Assert.Equal(4 * 5 + 5 * 3 + 3, report.ComponentsChecked);
        Assert.Equal(3, report.WorstPerTensor.Count); // input, weight, bias
    }

    [Fact]
    public void Linear_without_bias_gradients_match() =>
        AssertPasses(GradientCheck.Check(new Linear(4, 6, new Rng(3), bias: false), Input(3, 4), new Rng(5)));

    [Fact]
    public void Relu_gradient_matches() => AssertPasses(GradientCheck.Check(new Relu(), AwayFromZero(4, 6), new Rng(6)));

    [Fact]
    public void Tanh_gradient_matches() => AssertPasses(GradientCheck.Check(new Tanh(), Input(4, 6), new Rng(6)));

    [Fact]
    public void Sigmoid_gradient_matches() => AssertPasses(GradientCheck.Check(new Sigmoid(), Input(4, 6), new Rng(6)));

    [Fact]
    public void LeakyRelu_gradient_matches() => AssertPasses(GradientCheck.Check(new LeakyRelu(0.1f), AwayFromZero(4, 6), new Rng(6)));

    [Fact]
    public void LogSoftmax_gradient_matches() => AssertPasses(GradientCheck.Check(new LogSoftmax(), Input(4, 5), new Rng(6)));

    [Fact]
    public void Residual_gradients_match()
    {
        var rng = new Rng(7);
        var block = new Residual(new Sequential(new Linear(6, 6, rng, new XavierNormal()), new Tanh(), new Linear(6, 6, rng, new XavierNormal())));
        var report = GradientCheck.Check(block, Input(4, 6), new Rng(8));
        AssertPasses(report);
        Assert.Equal(1 + 4, report.WorstPerTensor.Count);
    }

    [Fact]
    public void Residual_rejects_an_inner_module_that_changes_the_shape()
    {
        var block = new Residual(new Linear(6, 5, new Rng(1)));
        var e = Assert.Throws<ArgumentException>(() => block.Forward(new Matrix(3, 6), training: true));
        Assert.Contains("(3x6)", e.Message);
        Assert.Contains("(3x5)", e.Message);
    }

    [Fact]
    public void Sequential_with_batch_norm_dropout_and_residual_gradients_match()
    {
        var rng = new Rng(13);
        var model = new Sequential(
            new Linear(5, 8, rng, new XavierNormal()), new BatchNorm(8), new LeakyRelu(0.2f),
            new Dropout(0.25f, new Rng(14)) { FixedMask = true },
            new Residual(new Sequential(new Linear(8, 8, rng, new XavierNormal()), new Sigmoid())),
            new Linear(8, 3, rng, new XavierNormal()));
        var report = GradientCheck.Check(model, Input(6, 5), new Rng(15), epsilon: 3e-3);
        AssertPasses(report);
    }

    [Fact]
    public void Sequential_gradients_match_through_every_layer()
    {
        var rng = new Rng(11);
        var model = new Sequential(new Linear(4, 8, rng, new XavierNormal()), new Tanh(), new Linear(8, 6, rng), new Sigmoid(), new Linear(6, 3, rng));
        var report = GradientCheck.Check(model, Input(5, 4), new Rng(12));
        AssertPasses(report);
        Assert.Equal(1 + 6, report.WorstPerTensor.Count);
        Assert.Contains(report.WorstPerTensor, c => c.Tensor.StartsWith("layer 2 Linear(8->6) weight", StringComparison.Ordinal));
    }

    [Fact]
    public void Checker_fails_when_one_gradient_component_is_off_by_one_percent()
    {
        var rng = new Rng(21);
        var honest = new Linear(5, 4, rng);
        var wrong = new OffByOnePercent(new Linear(5, 4, new Rng(21)));
        var x = Input(6, 5);
        Assert.True(GradientCheck.Check(honest, x, new Rng(22)).Passed);
        var report = GradientCheck.Check(wrong, x, new Rng(22));
        Assert.False(report.Passed, report.ToString());
        Assert.Equal("weight", report.Worst.Tensor);
        Assert.Equal((2, 1), (report.Worst.Row, report.Worst.Col));
        Assert.InRange(report.MaxRelativeError, 0.005, 0.02);
    }

    /// <summary>A Linear whose backward reports weight gradient (2, 1) 1% too large: the kind of bug the checker exists for.</summary>
    private sealed class OffByOnePercent(Linear inner) : Module
    {
        public override Matrix Forward(Matrix input, bool training) => Output = inner.Forward(input, training);

        public override Matrix Backward(Matrix gradOutput)
        {
            var before = inner.Weight.Grad[2, 1];
            var dx = inner.Backward(gradOutput);
            inner.Weight.Grad[2, 1] = before + 1.01f * (inner.Weight.Grad[2, 1] - before);
            return dx;
        }

        public override IEnumerable<Parameter> Parameters() => inner.Parameters();
    }
}

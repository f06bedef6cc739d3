using Course.Diagnostics;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Diagnostics;

public class GradientCheckTests
{
    private static Tensor Input(long rows, long cols, ulong seed)
    {
        using var g = new Generator(seed);
        return randn([rows, cols], dtype: float64, generator: g) * 2 + 0.5;
    }

    [Fact]
    public void Correct_layers_score_below_1e_7_in_float64()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var results = new Dictionary<string, GradientCheckResult>
        {
            ["batch norm (training)"] = GradientCheck.Check(new BatchNormFromScratch(4).to(float64), Input(8, 4, 2)),
            ["dropout (evaluation)"] = GradientCheck.Check(Evaluating(new DropoutFromScratch(0.3).to(float64)), Input(8, 4, 3)),
            ["residual tanh block"] = GradientCheck.Check(new Residual(nn.Sequential(("linear", nn.Linear(6, 6)), ("tanh", nn.Tanh()))).to(float64), Input(5, 6, 4)),
            ["linear"] = GradientCheck.Check(nn.Linear(5, 3).to(float64), Input(4, 5, 5)),
        };
        foreach (var (name, result) in results)
        {
            Assert.True(result.MaxRelativeError < 1e-7, $"{name}: {result}");
            Assert.Equal(GradientBand.Good, result.Band);
            Assert.True(result.Passed);
        }
        // Every input component and every parameter's components were compared (each tensor here has at most 40).
        Assert.Equal(32 + 4 + 4, results["batch norm (training)"].Components);
        Assert.Equal(["input", "weight", "bias"], results["batch norm (training)"].WorstPerTensor.Select(w => w.Tensor));
    }

    private static T Evaluating<T>(T module) where T : nn.Module
    {
        module.eval();
        return module;
    }

    /// <summary>Batch norm whose batch statistics are cut out of the graph: the same forward, a wrong gradient.</summary>
    private sealed class DetachedStatistics() : nn.Module<Tensor, Tensor>(nameof(DetachedStatistics))
    {
        public override Tensor forward(Tensor x) =>
            (x - x.mean([0]).detach()) / (x.var(0, unbiased: false).detach() + 1e-5).sqrt();
    }

    /// <summary>Computes x³ but hands backward the gradient of x (the straight-through trick, here a bug).</summary>
    private sealed class StraightThroughCube() : nn.Module<Tensor, Tensor>(nameof(StraightThroughCube))
    {
        public override Tensor forward(Tensor x) => x + (x.pow(3) - x).detach();
    }

    [Fact]
    public void A_module_with_a_planted_gradient_bug_is_flagged_wrong()
    {
        using var scope = NewDisposeScope();
        var detached = GradientCheck.Check(new DetachedStatistics(), Input(8, 4, 6));
        Assert.Equal(GradientBand.Wrong, detached.Band);
        Assert.True(detached.MaxRelativeError > 1e-2, detached.ToString());
        Assert.False(detached.Passed);
        Assert.Equal("input", detached.Worst.Tensor);
        Assert.Equal(2, detached.Worst.Index.Length);
        Assert.Contains("the gradient is wrong", detached.Verdict);

        var cube = GradientCheck.Check(new StraightThroughCube(), Input(3, 3, 7));
        Assert.Equal(GradientBand.Wrong, cube.Band);
        // With L = sum(R * f(x)), autograd gives R for every component and the finite difference R * 3 x².
        var x = Input(3, 3, 7);
        double at = x[cube.Worst.Index[0], cube.Worst.Index[1]].item<double>();
        Assert.Equal(3 * at * at, cube.Worst.Numerical / cube.Worst.Analytic, 1e-5 * 3 * at * at);
    }

    [Fact]
    public void A_hand_written_backward_is_wrong_and_an_output_that_ignores_its_input_has_a_zero_gradient()
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 8, dtype: float64);
        var tanh = GradientCheck.Check(new Course.Experiments.ZooModules.HandWrittenTanh(), x);
        Assert.Equal(GradientBand.Wrong, tanh.Band);
        var constant = GradientCheck.Check(new Course.Experiments.ZooModules.PlaceholderInput(), x);
        Assert.Equal(0, constant.MaxRelativeError);
        Assert.Equal(0, constant.Worst.Analytic);
    }

    [Fact]
    public void The_factory_form_checks_a_float64_copy()
    {
        using var scope = NewDisposeScope();
        var result = GradientCheck.Check(() => new BatchNormFromScratch(3), randn(6, 3));
        Assert.Equal(GradientBand.Good, result.Band);
    }

    [Fact]
    public void Bad_input_is_refused_with_what_was_expected_and_what_came()
    {
        using var scope = NewDisposeScope();
        var bn = new BatchNormFromScratch(4).to(float64);
        Assert.Contains("float64, but a Float32 input came", Assert.Throws<ArgumentException>(() => GradientCheck.Check(bn, randn(8, 4))).Message);
        Assert.Contains("parameter weight is Float32", Assert.Throws<ArgumentException>(() => GradientCheck.Check(new BatchNormFromScratch(4), Input(8, 4, 1))).Message);
        var dropout = new DropoutFromScratch(0.5);
        Assert.Contains("evaluation mode", Assert.Throws<InvalidOperationException>(() => GradientCheck.Check(dropout, Input(8, 4, 1))).Message);
        Assert.Contains("[0, 4]", Assert.Throws<ArgumentException>(() => GradientCheck.Check(bn, zeros(0, 4, dtype: float64))).Message);
        var nan = Input(8, 4, 1);
        nan[2, 2].fill_(double.NaN);
        Assert.Contains("NaN or infinite", Assert.Throws<ArgumentException>(() => GradientCheck.Check(bn, nan)).Message);
        Assert.Contains("Module<Tensor, Tensor>", Assert.Throws<ArgumentException>(() => GradientCheck.Check(nn.MSELoss(), Input(8, 4, 1))).Message);
        Assert.Contains("batch norm over 4 features", Assert.Throws<ArgumentException>(() => GradientCheck.Check(bn, Input(8, 5, 1))).Message, StringComparison.OrdinalIgnoreCase);
    }
}

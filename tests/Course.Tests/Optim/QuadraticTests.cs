using Course.Nn;
using Course.Optim;
using Course.Tensors;

namespace Course.Tests.Optim;

/// <summary>f(w) = 1/2 sum a_i (w_i - c_i)^2: convex, with its minimum at w = c.</summary>
public class QuadraticTests
{
    private static readonly float[] Curvature = [1f, 4f, 0.5f, 2f];
    private static readonly float[] Minimum = [3f, -1f, 0.5f, -2f];

    internal static Parameter StartingPoint() => new("w", new Matrix(1, 4), isWeight: true);

    internal static void SetGradient(Parameter w)
    {
        for (int i = 0; i < 4; i++) w.Grad.Data[i] = Curvature[i] * (w.Value.Data[i] - Minimum[i]);
    }

    internal static double DistanceToMinimum(Parameter w) =>
        Math.Sqrt(w.Value.Data.Select((v, i) => Math.Pow(v - Minimum[i], 2)).Sum());

    private static double Run(Func<Parameter, Optimizer> create, int steps)
    {
        var w = StartingPoint();
        var optimizer = create(w);
        for (int s = 0; s < steps; s++)
        {
            optimizer.ZeroGrad();
            SetGradient(w);
            optimizer.Step();
        }
        return DistanceToMinimum(w);
    }

    [Fact]
    public void Plain_sgd_reaches_the_minimum() => Assert.True(Run(w => new Sgd([w], 0.2), 200) < 1e-4);

    [Fact]
    public void Momentum_reaches_the_minimum_in_fewer_steps_than_plain_sgd_on_the_flat_direction()
    {
        Assert.True(Run(w => new Sgd([w], 0.05, momentum: 0.9), 300) < 1e-4);
        Assert.True(Run(w => new Sgd([w], 0.05, momentum: 0.9), 150) < Run(w => new Sgd([w], 0.05), 150));
    }

    [Fact]
    public void Nesterov_reaches_the_minimum() => Assert.True(Run(w => new Sgd([w], 0.05, momentum: 0.9, nesterov: true), 300) < 1e-4);

    [Fact]
    public void Sgd_step_is_exactly_w_minus_lr_times_grad()
    {
        var w = StartingPoint();
        w.Value.Data[0] = 1;
        w.Grad.Data[0] = 0.5f;
        new Sgd([w], 0.1).Step();
        Assert.Equal(1f - 0.1f * 0.5f, w.Value.Data[0]);
    }

    [Fact]
    public void Frozen_parameters_do_not_move()
    {
        var w = StartingPoint();
        w.Frozen = true;
        Assert.Equal(DistanceToMinimum(StartingPoint()), Run(_ => new Sgd([w], 0.2), 0));
        var opt = new Sgd([w], 0.2);
        SetGradient(w);
        opt.Step();
        Assert.Equal(0f, w.Value.MaxAbs());
        Assert.NotEqual(0f, w.Grad.MaxAbs());
    }

    [Fact]
    public void Clipping_by_norm_yields_exactly_the_cap_and_returns_the_norm_before()
    {
        var rng = new Rng(5);
        var a = new Parameter("a", new Matrix(30, 20), true);
        var b = new Parameter("b", new Matrix(1, 20), false);
        rng.FillNormal(a.Grad.Data, 0, 3);
        rng.FillNormal(b.Grad.Data, 0, 3);
        double before = GradientClipping.GlobalNorm([a, b]);
        double returned = GradientClipping.ClipByNorm([a, b], 1.0);
        Assert.Equal(before, returned);
        Assert.Equal(1.0, GradientClipping.GlobalNorm([a, b]), 6);
        // Below the cap nothing changes.
        var copy = a.Grad.Clone();
        GradientClipping.ClipByNorm([a, b], 5.0);
        Assert.Equal(copy.Data, a.Grad.Data);
    }

    [Fact]
    public void Clipping_by_value_clamps_each_component()
    {
        var a = new Parameter("a", new Matrix(1, 4), true);
        float[] g = [-3f, -0.2f, 0.4f, 9f];
        g.CopyTo(a.Grad.Data, 0);
        GradientClipping.ClipByValue([a], 0.5f);
        Assert.Equal([-0.5f, -0.2f, 0.4f, 0.5f], a.Grad.Data);
    }

    [Fact]
    public void The_same_parameter_twice_is_rejected()
    {
        var w = StartingPoint();
        Assert.Throws<ArgumentException>(() => new Sgd([w, w], 0.1));
    }
}

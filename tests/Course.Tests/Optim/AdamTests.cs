using Course.Optim;

namespace Course.Tests.Optim;

public class AdamTests
{
    private static double Run(Func<Course.Nn.Parameter, Optimizer> create, int steps)
    {
        var w = QuadraticTests.StartingPoint();
        var optimizer = create(w);
        for (int s = 0; s < steps; s++)
        {
            optimizer.ZeroGrad();
            QuadraticTests.SetGradient(w);
            optimizer.Step();
        }
        return QuadraticTests.DistanceToMinimum(w);
    }

    [Fact]
    public void Adam_reaches_the_minimum() => Assert.True(Run(w => new Adam([w], 0.05), 2000) < 1e-3);

    [Fact]
    public void First_adam_step_moves_each_weight_by_the_learning_rate()
    {
        // m_hat / sqrt(v_hat) = g / |g| at the first step: every weight moves by lr, whatever its gradient's size.
        var w = QuadraticTests.StartingPoint();
        QuadraticTests.SetGradient(w);
        new Adam([w], 0.01).Step();
        foreach (float v in w.Value.Data) Assert.Equal(0.01f, Math.Abs(v), 5);
    }

    [Fact]
    public void AdamW_decays_weights_directly_and_settles_short_of_the_minimum()
    {
        double plain = Run(w => new AdamW([w], 0.05, weightDecay: 0), 2000);
        double decayed = Run(w => new AdamW([w], 0.05, weightDecay: 0.1), 2000);
        Assert.True(plain < 1e-3);
        Assert.True(decayed > 0.05, $"{decayed}");

        // With zero gradient, one AdamW step multiplies the weight by exactly (1 - lr * wd).
        var p = QuadraticTests.StartingPoint();
        p.Value.Data[0] = 2f;
        new AdamW([p], 0.1, weightDecay: 0.5).Step();
        Assert.Equal(2f * (1 - 0.1f * 0.5f), p.Value.Data[0], 6);
    }
}

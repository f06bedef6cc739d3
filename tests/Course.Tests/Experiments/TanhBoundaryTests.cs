using Course.Data;
using Course.Experiments;
using static Course.Tests.Experiments.RegularizationLessonData;

namespace Course.Tests.Experiments;

/// <summary>Lesson 07's tanh moons: small weights keep units near-linear and the boundary simple.</summary>
public class TanhBoundaryTests
{
    [Fact]
    public void An_L2_penalty_moves_tanh_units_into_their_linear_range_and_generalises_better_until_it_underfits()
    {
        using var moons = Synthetic.Moons(50, 0.3, 1);
        using var validation = Synthetic.Moons(500, 0.3, 2);
        var runs = new double[] { 0, 1, 10 }.Select(l => TanhBoundary.Train(l, moons, validation, 500, 1)).ToArray();
        Assert.True(runs[0].TrainAccuracy >= 0.99);
        Assert.True(runs[1].LinearShare - runs[0].LinearShare > 0.4, $"{runs[0].LinearShare} -> {runs[1].LinearShare}");
        Assert.InRange(runs[1].ValidationAccuracy - runs[0].ValidationAccuracy, 0.02, 0.1);
        Assert.True(runs[2].TrainAccuracy < runs[1].TrainAccuracy - 0.03);
        Assert.True(runs[0].WeightNorm > runs[1].WeightNorm && runs[1].WeightNorm > runs[2].WeightNorm);
    }

    [Fact]
    public void A_boundary_run_leaves_no_tensor_behind()
    {
        using var moons = Synthetic.Moons(20, 0.3, 1);
        AssertNoLeak(() => TanhBoundary.Train(0.5, moons, moons, 5, 1));
    }
}

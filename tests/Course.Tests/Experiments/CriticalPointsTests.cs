using Course.Experiments;

namespace Course.Tests.Experiments;

public class CriticalPointsTests
{
    [Fact]
    public void At_the_origin_every_surface_has_zero_gradient_and_its_Hessian_eigenvalues_name_its_kind()
    {
        var expected = new Dictionary<string, (double[] Eigenvalues, string Kind)>
        {
            ["minimum"] = ([2, 2], "minimum"), ["maximum"] = ([-2, -2], "maximum"), ["saddle"] = ([-2, 2], "saddle"),
        };
        foreach (var surface in Surface.Three)
        {
            var at = CriticalPoints.At(surface);
            Assert.Equal(0, at.GradientNorm);
            Assert.Equal(expected[surface.Name].Eigenvalues, at.Eigenvalues);
            Assert.Equal(expected[surface.Name].Kind, at.Kind);
            Assert.Equal(0, at.Hessian[0, 1]);
        }
        var off = CriticalPoints.At(Surface.Saddle, 0.3, -0.2);
        Assert.Equal([0.6, 0.4], off.Gradient, new Tolerance(1e-12));
    }

    [Fact]
    public void Gradient_descent_leaves_the_saddle_along_y_in_the_predicted_number_of_steps()
    {
        foreach (var offset in new[] { 1e-3, 1e-6 })
        {
            var path = CriticalPoints.Descend(Surface.Saddle, 0, offset, 0.1, 500);
            Assert.Equal(CriticalPoints.SaddleEscapeSteps(offset, 0.1), path.EscapeStep);
        }
        Assert.Equal(38, CriticalPoints.SaddleEscapeSteps(1e-3, 0.1));
        var onAxis = CriticalPoints.Descend(Surface.Saddle, 1, 0, 0.1, 200);
        Assert.Null(onAxis.EscapeStep);
        Assert.True(onAxis.FinalGradientNorm < 1e-15, $"{onAxis.FinalGradientNorm}");
        var bowl = CriticalPoints.Descend(Surface.Bowl, 0.5, 0.5, 0.1, 200);
        Assert.Null(bowl.EscapeStep);
        Assert.NotNull(CriticalPoints.Descend(Surface.Dome, 1e-3, 1e-3, 0.1, 500).EscapeStep);
    }

    [Fact]
    public void The_grid_follows_the_heatmap_convention_and_bad_input_is_refused()
    {
        var z = CriticalPoints.Grid(Surface.Saddle, [-1, 0, 2], [-1, 0.5]);
        Assert.Equal(0, z[0, 0]);              // x = -1, y = -1
        Assert.Equal(3, z[0, 2]);              // x = 2, y = -1
        Assert.Equal(3.75, z[1, 2], 12);       // x = 2, y = 0.5
        Assert.Throws<ArgumentException>(() => CriticalPoints.Grid(Surface.Bowl, [], [1]));
        Assert.Throws<ArgumentException>(() => CriticalPoints.Descend(Surface.Bowl, 0, 0, 0.1, 0));
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;
        public int GetHashCode(double obj) => 0;
    }
}

using Course.Experiments;
using static Course.Tests.Experiments.RegularizationLessonData;

namespace Course.Tests.Experiments;

/// <summary>Lesson 07's fit scenarios, capacity sweep and learning curve.</summary>
public class CapacityTests
{
    [Fact]
    public void A_big_model_on_fifty_digits_overfits_for_every_seed()
    {
        using var few = Pool.Take(50);
        foreach (long seed in new long[] { 1, 2, 3 })
        {
            var r = Capacity.Train([784, 512, 512, 10], few, Validation, 60, seed);
            Assert.True(r.TrainAccuracy >= 0.99, $"{r}");
            Assert.InRange(r.ValidationAccuracy, 0.55, 0.67);
            Assert.InRange(r.Gap, 0.3, 0.45);
        }
    }

    [Fact]
    public void A_two_unit_model_underfits_and_a_sensible_one_fits_with_a_small_gap()
    {
        using var train = Pool.Take(2000);
        var tiny = Capacity.Train([784, 2, 10], train, Validation, 5, 1);
        Assert.InRange(tiny.TrainAccuracy, 0.3, 0.6);
        Assert.InRange(Math.Abs(tiny.Gap), 0, 0.05);
        var sensible = Capacity.Train([784, 64, 10], train, Validation, 6, 1);
        Assert.InRange(sensible.Gap, 0, 0.08);
        Assert.Equal(50_890, sensible.Parameters);
    }

    [Fact]
    public void Training_accuracy_rises_with_the_hidden_width()
    {
        using var train = Pool.Take(500);
        var sweep = Capacity.WidthSweep([1, 2, 4, 8, 16, 32, 64, 256], train, Validation, 15, 1);
        Assert.All(sweep.Zip(sweep.Skip(1)), p => Assert.True(p.Second.TrainAccuracy > p.First.TrainAccuracy - 0.01, $"{p.First} then {p.Second}"));
        Assert.InRange(sweep[0].TrainAccuracy, 0.12, 0.35);
        Assert.True(sweep[^1].TrainAccuracy >= 0.99);
        Assert.True(sweep[^1].ValidationAccuracy > sweep[0].ValidationAccuracy + 0.4);
    }

    [Fact]
    public void More_data_raises_validation_accuracy_and_closes_the_gap()
    {
        var curve = Capacity.LearningCurve([784, 128, 10], [50, 100, 300, 1000, 3000], Pool, Validation, 150, 1);
        Assert.Equal([50, 100, 300, 1000, 3000], curve.Select(r => r.TrainCount));
        Assert.True(curve[^1].ValidationAccuracy - curve[0].ValidationAccuracy > 0.2);
        Assert.True(curve[0].Gap - curve[^1].Gap > 0.25);
    }

    [Fact]
    public void A_training_size_outside_the_pool_is_refused()
    {
        using var pool = Pool.Take(100);
        var e = Assert.Throws<ArgumentException>(() => Capacity.LearningCurve([784, 8, 10], [50, 101], pool, Validation, 1, 1));
        Assert.Contains("[1, 100]", e.Message);
        Assert.Contains("101", e.Message);
    }

    [Fact]
    public void Capacity_runs_leave_no_tensor_behind()
    {
        using var train = Pool.Take(100);
        AssertNoLeak(() => Capacity.LearningCurve([784, 16, 10], [50, 100], train, Validation, 2, 1));
    }
}

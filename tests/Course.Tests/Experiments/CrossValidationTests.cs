using Course.Experiments;
using static Course.Tests.Experiments.RegularizationLessonData;

namespace Course.Tests.Experiments;

public class CrossValidationTests
{
    [Fact]
    public void Five_folds_of_a_thousand_digits_spread_over_several_points()
    {
        using var data = Pool.Take(1000);
        var scores = CrossValidation.Scores([784, 64, 10], data, 5, 10, 1);
        Assert.Equal(5, scores.Length);
        Assert.InRange(scores.Max() - scores.Min(), 0.02, 0.08);
        Assert.InRange(scores.Average(), 0.83, 0.89);
    }

    [Fact]
    public void A_k_larger_than_the_set_is_refused()
    {
        using var data = Pool.Take(10);
        var e = Assert.Throws<ArgumentException>(() => CrossValidation.Scores([784, 4, 10], data, 11, 1, 1));
        Assert.Contains("2 <= k <= 10", e.Message);
        Assert.Contains("k = 11", e.Message);
    }

    [Fact]
    public void Cross_validation_leaves_no_tensor_behind()
    {
        using var data = Pool.Take(60);
        AssertNoLeak(() => CrossValidation.Scores([784, 4, 10], data, 3, 1, 1));
    }
}

using Course.Experiments;

namespace Course.Tests.Experiments;

public class SeedSpreadTests
{
    [Fact]
    public void Percentiles_interpolate_between_sorted_values()
    {
        var s = SeedSpread.Of([5, 1, 4, 2, 3]);
        Assert.Equal(new SeedSpread(5, 1, 1.2, 3, 4.8, 5), s);
        Assert.Equal(2.5, SeedSpread.Percentile([1.0, 2, 3, 4], 50), 12);
    }

    [Fact]
    public void Fraction_below_counts_strictly_smaller_values()
    {
        Assert.Equal(0.4, SeedSpread.FractionBelow([1, 2, 3, 4, 5], 3), 12);
        Assert.Equal(0, SeedSpread.FractionBelow([1, 2], 1));
    }

    [Fact]
    public void Empty_input_or_a_percentile_outside_0_to_100_is_refused_with_a_reason()
    {
        Assert.Contains("none came", Assert.Throws<ArgumentException>(() => SeedSpread.Of([])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedSpread.Percentile([1.0], 101));
    }

    [Fact]
    public void A_NaN_shows_up_as_the_max_instead_of_vanishing()
    {
        var s = SeedSpread.Of([1, double.NaN, 2]);
        Assert.Equal(double.PositiveInfinity, s.Max);
        Assert.Equal(2, s.Median);
    }

    [Fact]
    public void Prints_min_median_and_max_in_the_invariant_culture()
    {
        Assert.Equal(2.5, SeedSpread.Of([4, 1, 3, 2]).Median);
        Assert.Equal("1.00 / 2.50 / 4.00", SeedSpread.Of([4, 1, 3, 2]).ToString("F2"));
    }
}

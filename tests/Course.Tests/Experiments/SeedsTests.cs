using Course.Experiments;
using Course.Tensors;

namespace Course.Tests.Experiments;

public sealed class SeedsTests
{
    [Fact]
    public void Results_come_back_in_seed_order_and_repeat_exactly()
    {
        var first = Seeds.Run(32, seed => new Rng(seed).NextDouble());
        var again = Seeds.Run(32, seed => new Rng(seed).NextDouble());
        Assert.Equal(first, again);
        Assert.Equal(new Rng(1).NextDouble(), first[0]);
        Assert.Equal(new Rng(32).NextDouble(), first[31]);
    }

    [Fact]
    public void Zero_seeds_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Seeds.Run(0, s => s));
    }

    [Fact]
    public void A_spread_has_the_min_the_median_and_the_max()
    {
        Assert.Equal(new Spread(1, 3, 9), Spread.Of([9, 1, 3]));
        Assert.Equal(new Spread(1, 2.5, 4), Spread.Of([4, 1, 3, 2]));
        Assert.Equal("1.00 / 2.50 / 4.00", Spread.Of([4, 1, 3, 2]).ToString("F2"));
    }

    [Fact]
    public void A_NaN_shows_up_as_the_max_instead_of_vanishing()
    {
        Assert.Equal(double.PositiveInfinity, Spread.Of([1, double.NaN, 2]).Max);
        Assert.Throws<ArgumentException>(() => Spread.Of([]));
    }
}

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
}

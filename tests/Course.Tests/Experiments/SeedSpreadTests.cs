using Course.Experiments;

namespace Course.Tests.Experiments;

public class SeedSpreadTests
{
    [Fact]
    public void Of_gives_min_median_and_max()
    {
        var odd = SeedSpread.Of("x", [5, 1, 3]);
        Assert.Equal(new SeedSpread("x", 3, 1, 3, 5), odd);
        var even = SeedSpread.Of("y", [4, 1, 3, 2]);
        Assert.Equal(new SeedSpread("y", 4, 1, 2.5, 4), even);
    }

    [Fact]
    public void Of_refuses_no_values_and_NaN_naming_the_quantity()
    {
        Assert.Contains("\"empty\"", Assert.Throws<ArgumentException>(() => SeedSpread.Of("empty", [])).Message);
        Assert.Contains("\"broken\"", Assert.Throws<ArgumentException>(() => SeedSpread.Of("broken", [1, double.NaN])).Message);
    }

    [Fact]
    public void OverSeeds_runs_seeds_1_to_count_and_returns_them_in_order()
    {
        var results = SeedSpread.OverSeeds(20, seed => (Seed: seed, Draw: new Course.Tensors.Rng(seed).NextDouble()));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (ulong)i), results.Select(r => r.Seed));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => new Course.Tensors.Rng((ulong)i).NextDouble()), results.Select(r => r.Draw));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedSpread.OverSeeds(0, seed => seed));
    }
}

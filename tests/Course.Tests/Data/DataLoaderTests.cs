using Course.Data;
using Course.Tensors;

namespace Course.Tests.Data;

public class DataLoaderTests
{
    // Example i has features (i, -i) and label i mod 3, so every row can be traced back to its example.
    private static Dataset Numbered(int count)
    {
        var x = new Matrix(count, 2);
        for (int i = 0; i < count; i++) (x[i, 0], x[i, 1]) = (i, -i);
        return new Dataset(x, Enumerable.Range(0, count).Select(i => i % 3).ToArray(), 3);
    }

    // The examples one epoch yields, in order, checking that rows and labels stay together.
    private static List<int> Epoch(DataLoader loader, List<int>? batchSizes = null)
    {
        var seen = new List<int>();
        foreach (var batch in loader)
        {
            batchSizes?.Add(batch.Size);
            Assert.Equal(batch.Size, batch.Features.Rows);
            for (int r = 0; r < batch.Size; r++)
            {
                int i = (int)batch.Features[r, 0];
                Assert.Equal(-i, batch.Features[r, 1]);
                Assert.Equal(i % 3, batch.Labels[r]);
                seen.Add(i);
            }
        }
        return seen;
    }

    [Fact]
    public void Without_shuffle_an_epoch_yields_every_example_once_in_order_with_a_partial_last_batch()
    {
        var sizes = new List<int>();
        var loader = new DataLoader(Numbered(103), batchSize: 10);
        Assert.Equal(Enumerable.Range(0, 103), Epoch(loader, sizes));
        Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3], sizes);
        Assert.Equal(11, loader.BatchCount);
    }

    [Fact]
    public void With_shuffle_every_epoch_yields_every_example_once_in_a_new_order()
    {
        var loader = new DataLoader(Numbered(103), batchSize: 16, new Rng(5));
        var first = Epoch(loader);
        var second = Epoch(loader);
        Assert.Equal(Enumerable.Range(0, 103), first.Order());
        Assert.Equal(Enumerable.Range(0, 103), second.Order());
        Assert.NotEqual(Enumerable.Range(0, 103), first);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Drop_last_skips_only_the_short_final_batch(bool shuffle)
    {
        var sizes = new List<int>();
        var loader = new DataLoader(Numbered(103), batchSize: 25, shuffle ? new Rng(2) : null, dropLast: true);
        var seen = Epoch(loader, sizes);
        Assert.Equal([25, 25, 25, 25], sizes);
        Assert.Equal(4, loader.BatchCount);
        Assert.Equal(100, seen.Distinct().Count());
        if (!shuffle) Assert.Equal(Enumerable.Range(0, 100), seen);
    }

    [Fact]
    public void A_batch_larger_than_the_dataset_yields_it_whole()
    {
        var sizes = new List<int>();
        Assert.Equal(Enumerable.Range(0, 7), Epoch(new DataLoader(Numbered(7), batchSize: 64), sizes));
        Assert.Equal([7], sizes);
    }

    [Fact]
    public void The_same_seed_gives_the_same_batches()
    {
        Assert.Equal(Epoch(new DataLoader(Numbered(50), 8, new Rng(9))), Epoch(new DataLoader(Numbered(50), 8, new Rng(9))));
    }

    [Fact]
    public void Impossible_settings_are_refused_with_the_numbers()
    {
        Assert.Contains("0 came", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbered(5), 0)).Message);
        Assert.Contains("batch size of 8 leaves no batch from 5", Assert.Throws<ArgumentException>(() => new DataLoader(Numbered(5), 8, dropLast: true)).Message);
    }
}

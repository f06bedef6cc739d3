using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Data;

public class RebalanceTests
{
    private static Dataset Labelled(params long[] labels) =>
        new(torch.arange(labels.Length, dtype: float32).unsqueeze(1), torch.tensor(labels), 3, ["a", "b", "c"]);

    [Fact]
    public void A_long_tail_keeps_decay_times_fewer_of_each_next_class()
    {
        using var data = Labelled([.. Enumerable.Range(0, 300).Select(i => (long)(i % 3))]);
        using var tail = Rebalance.LongTail(data, 80, 0.5);
        Assert.Equal([80L, 40, 20], tail.ClassCounts());
    }

    [Fact]
    public void Sorting_by_label_keeps_every_example_in_class_order()
    {
        using var data = Labelled(2, 0, 1, 0, 2);
        using var sorted = Rebalance.SortedByLabel(data);
        Assert.Equal([0L, 0, 1, 2, 2], sorted.Labels.data<long>().ToArray());
        Assert.Equal([1f, 3, 2, 0, 4], sorted.Features.squeeze(1).data<float>().ToArray());
    }

    [Fact]
    public void Oversampling_brings_every_class_to_the_largest_count_and_keeps_every_original()
    {
        using var data = Labelled(0, 0, 0, 0, 0, 0, 1, 1, 2);
        using var over = Rebalance.Oversample(data, seed: 1);
        Assert.Equal([6L, 6, 6], over.ClassCounts());
        var values = over.Features.squeeze(1).data<float>().ToArray();
        Assert.All(Enumerable.Range(0, 9), i => Assert.Contains((float)i, values));
        using var again = Rebalance.Oversample(data, seed: 1);
        Assert.True(over.Features.Equals(again.Features));
    }

    [Fact]
    public void Class_weights_are_N_over_K_times_the_class_count()
    {
        using var data = Labelled(0, 0, 0, 0, 0, 0, 1, 1, 2);
        using var weights = Rebalance.ClassWeights(data);
        var w = weights.data<float>().ToArray();
        Assert.Equal(9.0 / 18, w[0], 5);
        Assert.Equal(9.0 / 6, w[1], 5);
        Assert.Equal(9.0 / 3, w[2], 5);
    }

    [Fact]
    public void A_class_without_examples_cannot_be_reweighted_or_resampled()
    {
        using var data = Labelled(0, 0, 2);
        string message = Assert.Throws<ArgumentException>(() => Rebalance.ClassWeights(data)).Message;
        Assert.Contains("Expected at least one example of each of the 3 classes, but class b has none (counts 2, 0, 1)", message);
        Assert.Throws<ArgumentException>(() => Rebalance.Oversample(data, 0));
        Assert.Contains("decay in (0, 1], but 1.5 came", Assert.Throws<ArgumentOutOfRangeException>(() => Rebalance.LongTail(data, 10, 1.5)).Message);
    }
}

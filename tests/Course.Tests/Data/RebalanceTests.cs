using Course.Data;
using Course.Tensors;

namespace Course.Tests.Data;

public class RebalanceTests
{
    // Counts 50, 10 and 5 for classes 0, 1, 2; feature 0 is the example's index.
    private static Dataset Skewed()
    {
        var labels = Enumerable.Range(0, 65).Select(i => i < 50 ? 0 : i < 60 ? 1 : 2).ToArray();
        var x = new Matrix(65, 1);
        for (int i = 0; i < 65; i++) x[i, 0] = i;
        return new Dataset(x, labels, 3);
    }

    [Fact]
    public void Oversampling_balances_the_classes_and_keeps_every_original_example()
    {
        var balanced = Rebalance.Oversample(Skewed(), new Rng(1));
        Assert.Equal([50, 50, 50], balanced.ClassCounts());
        var indices = Enumerable.Range(0, balanced.Count).Select(r => (int)balanced.Features[r, 0]).ToArray();
        Assert.Equal(Enumerable.Range(0, 65), indices.Distinct().Order());
        // Repeats keep their labels.
        Assert.All(Enumerable.Range(0, balanced.Count), r => Assert.Equal(Skewed().Labels[indices[r]], balanced.Labels[r]));
    }

    [Fact]
    public void Class_weights_are_inversely_proportional_to_frequency()
    {
        var w = Rebalance.ClassWeights(Skewed());
        Assert.Equal(65f / (3 * 50), w[0], 6);
        Assert.Equal(65f / (3 * 10), w[1], 6);
        Assert.Equal(65f / (3 * 5), w[2], 6);
        // Each class's examples weigh the same in total.
        Assert.Equal(50 * w[0], 5 * w[2], 4);
        Assert.Equal([1f, 1f], Rebalance.ClassWeights([20, 20]));
    }

    [Fact]
    public void Absent_classes_are_named()
    {
        Assert.Contains("Class 1 has 0 examples", Assert.Throws<ArgumentException>(() => Rebalance.ClassWeights([3, 0])).Message);
        var missing = new Dataset(new Matrix(2, 1), [0, 0], 2);
        Assert.Contains("Class 1 has no examples", Assert.Throws<ArgumentException>(() => Rebalance.Oversample(missing, new Rng(1))).Message);
    }

    [Fact]
    public void Subsampling_keeps_the_requested_share_of_each_class_in_the_original_order()
    {
        var data = Synthetic.Blobs(100, 4, 1, new Rng(2));
        var kept = Imbalance.Subsample(data, [1f, 0.5f, 0.1f, 0.001f], new Rng(3));
        Assert.Equal([100, 50, 10, 1], kept.ClassCounts());
        var original = Enumerable.Range(0, data.Count).Select(i => data.Features[i, 0]).ToList();
        var positions = Enumerable.Range(0, kept.Count).Select(r => original.IndexOf(kept.Features[r, 0])).ToArray();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void A_long_tail_decays_geometrically_to_the_rarest_class()
    {
        var tail = Imbalance.LongTail(Synthetic.Blobs(1000, 5, 1, new Rng(4)), 0.01f, new Rng(5));
        // Fractions 0.01^(c/4): 1, 0.316, 0.1, 0.0316, 0.01.
        Assert.Equal([1000, 316, 100, 32, 10], tail.ClassCounts());
    }
}

using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Data;

public class DatasetTests
{
    /// <summary>n examples whose first feature is their own index, labels i mod classes.</summary>
    internal static Dataset Numbered(int n, int classes = 3) =>
        new(stack([arange(n, dtype: float32), zeros(n)], 1), arange(n, dtype: int64).remainder(classes), classes);

    [Fact]
    public void Batches_cover_every_example_once_per_epoch_and_reshuffle_each_epoch()
    {
        using var data = Numbered(10);
        using var generator = new Generator(5);
        var batches = data.Batches(4, generator);

        List<float[]> Epoch() => [.. batches.Select(b => b.Features.select(1, 0).data<float>().ToArray())];
        var first = Epoch();
        var second = Epoch();

        Assert.Equal([4, 4, 2], first.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), first.SelectMany(b => b).Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), second.SelectMany(b => b).Order());
        Assert.NotEqual(first.SelectMany(b => b), second.SelectMany(b => b));
        Assert.Equal([0f, 1, 2, 3], data.Batches(4).Select(b => b.Features.select(1, 0).data<float>().ToArray()).First());
    }

    [Fact]
    public void Labels_travel_with_their_examples_and_batches_are_freed_as_the_loop_moves_on()
    {
        using var data = Numbered(9);
        using var generator = new Generator(1);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        foreach (var (x, y) in data.Batches(2, generator, dropLast: true))
        {
            using var scope = NewDisposeScope();
            Assert.True(y.Equals(x.select(1, 0).to(int64).remainder(3)));
        }
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(4, data.BatchCount(2, dropLast: true));
    }

    [Fact]
    public void A_dataset_outlives_the_dispose_scope_it_was_made_in()
    {
        Dataset data;
        using (NewDisposeScope())
            data = Numbered(4);
        using (data)
            Assert.Equal(6f, data.Features.sum().item<float>());
    }

    [Fact]
    public void Subset_take_and_class_counts()
    {
        using var data = Numbered(10);
        using var subset = data.Subset([7, 2, 2]);
        Assert.Equal([7f, 2, 2], subset.Features.select(1, 0).data<float>().ToArray());
        Assert.Equal([1L, 2, 2], subset.Labels.data<long>().ToArray());
        Assert.Equal([4L, 3, 3], data.ClassCounts());
        Assert.Equal(3, data.Take(3).Count);
    }

    public static TheoryData<string, Func<Dataset>, string> BadInputs() => new()
    {
        { "lengths", () => new Dataset(zeros(3, 2), tensor(new long[] { 0, 1 }), 2), "features have 3 rows (shape [3, 2]) but 2 labels came" },
        { "range", () => new Dataset(zeros(3, 2), tensor(new long[] { 0, 1, 5 }), 2), "Labels must lie in [0, 1], but label 2 is 5" },
        { "negative", () => new Dataset(zeros(2, 2), tensor(new long[] { -1, 1 }), 2), "label 0 is -1" },
        { "NaN", () => new Dataset(tensor(new[] { 0f, 1, float.NaN, 2 }, [2, 2]), tensor(new long[] { 0, 1 }), 2), "example 1 holds a NaN or an infinity" },
        { "empty", () => new Dataset(zeros(0, 2), zeros(0, dtype: int64), 2), "at least one example" },
        { "dtype", () => new Dataset(zeros(2, 2, dtype: float64), tensor(new long[] { 0, 1 }), 2), "Features must be float32, but Float64 came" },
        { "label dtype", () => new Dataset(zeros(2, 2), tensor(new[] { 0f, 1f }), 2), "1-D int64 tensor of classes, but a Float32 tensor of shape [2] came" },
        { "1-D features", () => new Dataset(zeros(2), tensor(new long[] { 0, 1 }), 2), "at least 2 dimensions, but shape [2] came" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_refused_with_what_was_expected_and_what_came(string name, Func<Dataset> make, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(make);
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {error.Message}");
    }

    [Fact]
    public void Bad_batch_sizes_and_indices_are_refused()
    {
        using var data = Numbered(5);
        Assert.Contains("at least 1, but 0 came", Assert.Throws<ArgumentOutOfRangeException>(() => data.Batches(0)).Message);
        Assert.Contains("leaves no batch from 5 examples", Assert.Throws<ArgumentException>(() => data.Batches(6, dropLast: true)).Message);
        Assert.Contains("Index 5 is outside a dataset of 5 examples", Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset([5])).Message);
    }
}

using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Data;

public class SplitsTests
{
    // 1,000 examples in 4 classes of 100, 200, 300 and 400; feature 0 holds the example's own index.
    private static Dataset Numbered()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i < 100 ? 0L : i < 300 ? 1 : i < 600 ? 2 : 3).ToArray();
        return new Dataset(stack([arange(1000, dtype: float32), zeros(1000)], 1), tensor(labels), 4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_validation_and_test_are_disjoint_and_cover_the_set(bool stratify)
    {
        using var data = Numbered();
        var split = Splits.Indices(data, 0.15, 0.25, seed: 3, stratify);
        Assert.Equal(150, split.Validation.Length);
        Assert.Equal(250, split.Test.Length);
        Assert.Equal(600, split.Train.Length);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        Assert.Equal(split.Test, Splits.Indices(data, 0.15, 0.25, seed: 3, stratify).Test);
    }

    [Fact]
    public void Stratified_splits_keep_every_class_share_and_carry_the_examples_at_their_indices()
    {
        using var data = Numbered();
        var (train, validation, test) = Splits.TrainValidationTest(data, 0.1, 0.2, seed: 5, stratify: true);
        Assert.Equal([10L, 20, 30, 40], validation.ClassCounts());
        Assert.Equal([20L, 40, 60, 80], test.ClassCounts());
        Assert.Equal([70L, 140, 210, 280], train.ClassCounts());
        var index = test.Features.select(1, 0).to(int64);
        using var labels = data.Labels.index_select(0, index);
        Assert.True(labels.Equals(test.Labels));
    }

    [Fact]
    public void K_fold_validates_each_example_exactly_once()
    {
        using var data = Numbered();
        var folds = Splits.KFold(data, 7, seed: 2, stratify: true);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), folds.SelectMany(f => f.Validation).Order());
        Assert.All(folds, f => Assert.Equal(1000, f.Train.Length + f.Validation.Length));
        Assert.InRange(folds.Max(f => f.Validation.Length) - folds.Min(f => f.Validation.Length), 0, 1);
    }

    [Fact]
    public void Fractions_that_leave_nothing_and_k_beyond_the_set_are_refused()
    {
        using var data = Numbered();
        Assert.Contains("leave something to train on", Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Indices(data, 0.5, 0.5, 1)).Message);
        Assert.Contains("2 <= k <= 1000", Assert.Throws<ArgumentOutOfRangeException>(() => Splits.KFold(data, 1001, 1)).Message);
        using var tiny = data.Take(3);
        Assert.Contains("validation set came out empty from 3 examples", Assert.Throws<ArgumentException>(() => Splits.TrainValidation(tiny, 0.1, 1)).Message);
    }
}

using Course.Data;
using Course.Tensors;

namespace Course.Tests.Data;

public class SplitsTests
{
    // 1,000 examples in 4 classes of 100, 200, 300 and 400; feature 0 holds the example's own index.
    private static Dataset Numbered()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i < 100 ? 0 : i < 300 ? 1 : i < 600 ? 2 : 3).ToArray();
        var x = new Matrix(1000, 2);
        for (int i = 0; i < 1000; i++) x[i, 0] = i;
        return new Dataset(x, labels, 4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_validation_and_test_are_disjoint_and_cover_the_set(bool stratify)
    {
        var split = Splits.Indices(Numbered(), 0.15, 0.25, new Rng(3), stratify);
        Assert.Equal(150, split.Validation.Length);
        Assert.Equal(250, split.Test.Length);
        Assert.Equal(600, split.Train.Length);
        Assert.Equal(Enumerable.Range(0, 1000), split.Train.Concat(split.Validation).Concat(split.Test).Order());
    }

    [Fact]
    public void Stratified_splits_keep_every_class_share()
    {
        var data = Numbered();
        var (train, validation, test) = Splits.TrainValidationTest(data, 0.1, 0.2, new Rng(5), stratify: true);
        Assert.Equal([10, 20, 30, 40], validation.ClassCounts());
        Assert.Equal([20, 40, 60, 80], test.ClassCounts());
        Assert.Equal([70, 140, 210, 280], train.ClassCounts());
    }

    [Fact]
    public void Split_datasets_carry_the_examples_at_their_indices()
    {
        var data = Numbered();
        var split = Splits.Indices(data, 0.2, 0, new Rng(9));
        var (train, validation) = Splits.TrainValidation(data, 0.2, new Rng(9));
        Assert.Equal(split.Train.Select(i => (float)i), Enumerable.Range(0, train.Count).Select(r => train.Features[r, 0]));
        Assert.Equal(split.Validation.Select(i => data.Labels[i]), validation.Labels);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var a = Splits.Indices(Numbered(), 0.2, 0.2, new Rng(1));
        var b = Splits.Indices(Numbered(), 0.2, 0.2, new Rng(1));
        var c = Splits.Indices(Numbered(), 0.2, 0.2, new Rng(2));
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Train, b.Train);
        Assert.NotEqual(a.Validation, c.Validation);
    }

    [Fact]
    public void Fractions_that_leave_nothing_to_train_on_are_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Indices(Numbered(), 0.6, 0.4, new Rng(1)));
        Assert.Contains("0.6 and 0.4", e.Message);
        Assert.Contains("test set came out empty",
            Assert.Throws<ArgumentException>(() => Splits.TrainValidationTest(Numbered(), 0.5, 0.0001, new Rng(1))).Message);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(7, false)]
    [InlineData(5, true)]
    public void K_folds_partition_the_data(int k, bool stratify)
    {
        var folds = Splits.KFold(Numbered(), k, new Rng(4), stratify);
        Assert.Equal(k, folds.Length);
        // Every example validates exactly once ...
        Assert.Equal(Enumerable.Range(0, 1000), folds.SelectMany(f => f.Validation).Order());
        foreach (var fold in folds)
        {
            // ... and trains in every other fold.
            Assert.Equal(Enumerable.Range(0, 1000), fold.Train.Concat(fold.Validation).Order());
            Assert.InRange(fold.Validation.Length, 1000 / k, 1000 / k + 1);
        }
    }

    [Fact]
    public void Stratified_folds_give_each_fold_its_share_of_every_class()
    {
        var data = Numbered();
        foreach (var fold in Splits.KFold(data, 5, new Rng(8), stratify: true))
            Assert.Equal([20, 40, 60, 80], data.Subset(fold.Validation).ClassCounts());
    }

    [Fact]
    public void K_must_lie_between_2_and_the_number_of_examples()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.KFold(Numbered(), 1, new Rng(1)));
        Assert.Contains("2 <= k <= 1000", Assert.Throws<ArgumentOutOfRangeException>(() => Splits.KFold(Numbered(), 1001, new Rng(1))).Message);
    }
}

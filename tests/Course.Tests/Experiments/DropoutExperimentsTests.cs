using Course.Data;
using Course.Experiments;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Experiments;

public sealed class DropoutExperimentsTests
{
    private static (Dataset Train, Dataset Validation) SmallDigits()
    {
        var pool = DropoutExperiments.Downsample(Digits.All, 4);
        return (OverfitBatch.Balanced(pool.Take(5000), 100), pool.Subset(Enumerable.Range(5000, 1000).ToArray()));
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.8f)]
    public void Inverted_dropout_keeps_the_mean_and_the_unscaled_variant_shrinks_it_to_keep(float keep)
    {
        var activations = new Rng(1).Uniform(400, 256, 0, 1);
        var scaled = DropoutExperiments.Means(activations, keep, scaled: true, new Rng(2));
        var unscaled = DropoutExperiments.Means(activations, keep, scaled: false, new Rng(2));
        Assert.Equal(activations.Mean(), scaled.Eval, 6);
        Assert.Equal(1, scaled.Ratio, 0.02);
        Assert.Equal(keep, unscaled.Ratio, 0.01);
    }

    [Fact]
    public void Downsampling_averages_square_blocks()
    {
        var image = new Matrix(1, 16);
        image[0, 0] = 1; image[0, 1] = 1; image[0, 4] = 1; image[0, 5] = 1; // the top-left 2x2 block
        image[0, 15] = 0.5f;                                              // the bottom-right pixel
        var small = DropoutExperiments.Downsample(new Dataset(image, [0], 1), 2);
        Assert.Equal([1f, 0f, 0f, 0.125f], small.Features.Data);
        Assert.Throws<ArgumentException>(() => DropoutExperiments.Downsample(new Dataset(new Matrix(1, 15), [0], 1), 2));
        Assert.Throws<ArgumentException>(() => DropoutExperiments.Downsample(new Dataset(new Matrix(1, 16), [0], 1), 3));
    }

    [Fact]
    public void The_net_has_dropout_only_where_asked()
    {
        var rng = new Rng(1);
        Assert.Equal(3, new DropoutNet().Build(49, 10, rng).Count);
        var both = new DropoutNet { InputDrop = 0.2f, HiddenDrop = 0.5f, Scaled = false }.Build(49, 10, rng);
        Assert.Equal(5, both.Count);
        Assert.False(Assert.IsType<Dropout>(both[0]).Scaled);
        Assert.Equal(0.5f, Assert.IsType<Dropout>(both[3]).P);
    }

    [Fact]
    public void Without_dropout_the_net_memorises_and_with_it_the_loss_gap_narrows()
    {
        var (train, validation) = SmallDigits();
        for (ulong seed = 1; seed <= 2; seed++)
        {
            var plain = DropoutExperiments.Overfit(new DropoutNet(), train, validation, 30, seed);
            var dropped = DropoutExperiments.Overfit(new DropoutNet { HiddenDrop = 0.7f }, train, validation, 30, seed);
            Assert.True(plain.Train.Accuracy >= 0.98, $"train accuracy {plain.Train.Accuracy}");
            Assert.True(plain.LossGap - dropped.LossGap > 0.05, $"loss gap {plain.LossGap} without, {dropped.LossGap} with dropout");
        }
    }

    [Fact]
    public void Per_epoch_curves_are_recorded_only_when_asked()
    {
        var (train, validation) = SmallDigits();
        var run = DropoutExperiments.Overfit(new DropoutNet { HiddenDrop = 0.5f }, train, validation, 3, 1, everyEpoch: true);
        Assert.Equal(3, run.TrainPerEpoch.Count);
        Assert.All(run.History.ValidationLoss, l => Assert.True(double.IsFinite(l)));
        Assert.Empty(DropoutExperiments.Overfit(new DropoutNet(), train, validation, 3, 1).TrainPerEpoch);
    }

    [Fact]
    public void Unscaled_dropout_surprises_the_output_layer_at_evaluation_by_one_over_keep()
    {
        var (train, validation) = SmallDigits();
        var run = DropoutExperiments.Unscaled(new DropoutNet { HiddenDrop = 0.7f }, train, validation, 30, seed: 1);
        Assert.Equal(0.3, run.Ratio, 0.03);
        Assert.True(run.AsIs.Loss > run.WeightsScaled.Loss + 0.2, $"as is {run.AsIs.Loss}, weights scaled {run.WeightsScaled.Loss}");
        Assert.Throws<ArgumentException>(() => DropoutExperiments.Unscaled(new DropoutNet(), train, validation, 1, 1));
    }
}

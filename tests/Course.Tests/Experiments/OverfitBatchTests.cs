using Course.Data;
using Course.Experiments;
using Course.Tensors;

namespace Course.Tests.Experiments;

public sealed class OverfitBatchTests
{
    private static readonly double Chance = Math.Log(10);

    [Fact]
    public void A_balanced_set_takes_the_classes_in_turn()
    {
        var tiny = OverfitBatch.Balanced(Digits.All, 25);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4], tiny.Labels[..15]);
        Assert.Equal([3, 3, 3, 3, 3, 2, 2, 2, 2, 2], tiny.ClassCounts());
    }

    [Fact]
    public void A_balanced_set_larger_than_a_class_allows_is_refused_with_the_count()
    {
        var data = new Dataset(new Matrix(3, 2), [0, 0, 1], 2);
        var e = Assert.Throws<ArgumentException>(() => OverfitBatch.Balanced(data, 4));
        Assert.Contains("class 1 has only 1", e.Message);
    }

    [Fact]
    public void An_untrained_model_with_small_output_weights_starts_at_ln_10()
    {
        var sample = OverfitBatch.Balanced(Digits.All, 200);
        for (ulong seed = 1; seed <= 5; seed++)
            Assert.Equal(Chance, OverfitBatch.InitialLoss(new TrainingSetup(), sample, seed), 0.01);
    }

    [Fact]
    public void Large_output_weights_start_far_above_ln_10()
    {
        var sample = OverfitBatch.Balanced(Digits.All, 200);
        for (ulong seed = 1; seed <= 5; seed++)
            Assert.True(OverfitBatch.InitialLoss(new TrainingSetup { FinalLayerStd = 2 }, sample, seed) > 1.5 * Chance);
    }

    [Fact]
    public void Softmax_twice_still_reads_ln_10_at_the_start_but_nll_on_logits_reads_about_0()
    {
        var sample = OverfitBatch.Balanced(Digits.All, 200);
        var readings = OverfitBatch.InitialLossReadings(new TrainingSetup(), sample, seed: 2);
        Assert.Equal(Chance, readings.Logits, 0.01);
        Assert.Equal(Chance, readings.SoftmaxTwice, 0.01);
        Assert.InRange(readings.NllOnLogits, -0.05, 0.05);
    }

    [Fact]
    public void The_softmax_twice_floor_is_ln_of_e_plus_9_minus_1_for_ten_classes()
    {
        Assert.Equal(1.46115, OverfitBatch.SoftmaxTwiceFloor(10), 5);
        var oneHot = new Matrix(1, 10);
        oneHot[0, 3] = 1;
        Assert.Equal(OverfitBatch.SoftmaxTwiceFloor(10), new Course.Losses.SoftmaxCrossEntropy().Forward(oneHot, [3]), 5);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public void The_healthy_recipe_memorises_a_tiny_set(int count)
    {
        var tiny = OverfitBatch.Balanced(Digits.All, count);
        for (ulong seed = 1; seed <= 3; seed++)
            Assert.True(new TrainingSetup().Train(tiny, 60, seed).StepLoss[^1] < 0.01);
    }

    [Fact]
    public void With_softmax_twice_the_loss_stalls_above_its_floor()
    {
        var tiny = OverfitBatch.Balanced(Digits.All, 20);
        var losses = new TrainingSetup { SoftmaxBeforeLoss = true }.Train(tiny, 100, seed: 1).StepLoss;
        Assert.True(losses.Min() >= OverfitBatch.SoftmaxTwiceFloor(10) - 1e-6);
        Assert.True(losses[^1] < 1.6, $"the run should get near its floor, but ended at {losses[^1]}");
    }
}

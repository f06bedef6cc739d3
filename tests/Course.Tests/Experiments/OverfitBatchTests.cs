using Course.Experiments;
using TorchSharp;

namespace Course.Tests.Experiments;

public class OverfitBatchTests
{
    [Fact]
    public void Balanced_takes_the_classes_in_turn()
    {
        using var set = OverfitBatch.Balanced(Digits.All, 25);
        Assert.Equal([3L, 3, 3, 3, 3, 2, 2, 2, 2, 2], set.ClassCounts());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), set.Labels.data<long>().ToArray().Take(10));
    }

    [Fact]
    public void The_untrained_model_reads_ln_10_and_the_two_bugs_read_ln_10_and_about_0()
    {
        using var sample = OverfitBatch.Balanced(Digits.All, 500);
        var readings = Seeds.Run(5, s => OverfitBatch.InitialLossReadings(new TrainingSetup(), sample, s));
        Assert.All(readings, r => Assert.Equal(Math.Log(10), r.Logits, 0.01));
        Assert.All(readings, r => Assert.Equal(Math.Log(10), r.SoftmaxTwice, 0.01));
        Assert.All(readings, r => Assert.InRange(r.NllOnLogits, -0.05, 0.05));
        Assert.True(OverfitBatch.InitialLoss(new TrainingSetup { FinalLayerStd = 2 }, sample, 1) > 1.5 * Math.Log(10));
    }

    [Fact]
    public void A_model_that_ends_in_softmax_cannot_go_below_its_floor()
    {
        Assert.Equal(Math.Log(Math.E + 9) - 1, OverfitBatch.SoftmaxTwiceFloor(10), 12);
        using var twenty = OverfitBatch.Balanced(Digits.All, 20);
        var run = new TrainingSetup { SoftmaxBeforeLoss = true, Optimizer = OptimizerKind.Sgd, LearningRate = 0.1 }.Train(twenty, 100, 1);
        Assert.True(run.StepLoss.Min() >= OverfitBatch.SoftmaxTwiceFloor(10) - 1e-6);
    }

    [Fact]
    public void A_balanced_set_larger_than_a_class_is_refused_by_name()
    {
        using var small = Digits.All.Take(30);
        var error = Assert.Throws<ArgumentException>(() => OverfitBatch.Balanced(small, 100));
        Assert.Contains("needs about 10 of each class", error.Message);
    }
}

using Course.Experiments;
using static Course.Tests.Experiments.RegularizationLessonData;

namespace Course.Tests.Experiments;

/// <summary>Lesson 07's augmentation: a mild policy helps on 200 digits, an excessive one underfits.</summary>
public class AugmentationGainTests
{
    [Fact]
    public void Mild_augmentation_helps_and_excessive_augmentation_underfits()
    {
        using var small = Pool.Take(200);
        var plain = AugmentationGain.Train("none", null, small, Validation, 80, 1);
        var mild = AugmentationGain.Train("mild", AugmentationGain.Policy(1), small, Validation, 80, 1);
        var excessive = AugmentationGain.Train("x6", AugmentationGain.Policy(6), small, Validation, 80, 1);
        Assert.Equal(1, plain.TrainAccuracy);
        Assert.InRange(mild.ValidationAccuracy - plain.ValidationAccuracy, 0.01, 0.06);
        foreach (long seed in new long[] { 2, 3 })   // the gain is small but holds for other seeds
            Assert.InRange(AugmentationGain.Train("mild", AugmentationGain.Policy(1), small, Validation, 80, seed).ValidationAccuracy
                - AugmentationGain.Train("none", null, small, Validation, 80, seed).ValidationAccuracy, 0.005, 0.06);
        Assert.True(excessive.TrainAccuracy < 0.7, $"{excessive}");
        Assert.True(plain.ValidationAccuracy - excessive.ValidationAccuracy > 0.1, $"{excessive}");
    }

    [Fact]
    public void A_negative_strength_is_refused() =>
        Assert.Contains("-1", Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationGain.Policy(-1)).Message);

    [Fact]
    public void An_augmented_run_leaves_no_tensor_behind()
    {
        using var small = Pool.Take(100);
        AssertNoLeak(() => AugmentationGain.Train("mild", AugmentationGain.Policy(1), small, small, 1, 1));
    }
}

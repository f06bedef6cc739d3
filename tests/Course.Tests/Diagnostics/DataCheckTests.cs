using Course.Data;
using Course.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Diagnostics;

public class DataCheckTests
{
    private static Dataset Digits(int count) => Tests.Experiments.Digits.All.Take(count);

    private static Dataset Scaled(Dataset data, double factor)
    {
        using var scope = NewDisposeScope();
        return new Dataset(data.Features * factor, data.Labels.clone(), data.ClassCount);
    }

    [Fact]
    public void Pixels_in_0_1_pass_the_scale_check_and_pixels_in_0_255_fail_it()
    {
        using var digits = Digits(1000);
        using var raw = Scaled(digits, 255);
        var scaled = Checks.InputScale(digits);
        var unscaled = Checks.InputScale(raw);
        Assert.True(scaled.Passed, scaled.Verdict);
        Assert.InRange(scaled.Rms, 0.3, 0.4);         // MNIST's pixels: mean 0.13, RMS 0.35
        Assert.InRange(scaled.MaxAbs, 0.99, 1);
        Assert.False(unscaled.Passed);
        Assert.Equal(255 * scaled.Rms, unscaled.Rms, 1e-3);
        Assert.Contains("divide pixels by 255", unscaled.Verdict);
    }

    [Fact]
    public void Standardised_features_pass_and_features_on_very_different_scales_fail()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(1);
        using var even = new Dataset(randn([500, 3], generator: g), zeros(500, dtype: int64), 2);
        using var uneven = new Dataset(randn([500, 3], generator: g) * tensor(new float[] { 1, 1, 1000 }) / 300, zeros(500, dtype: int64), 2);
        var evenCheck = Checks.InputScale(even);
        Assert.True(evenCheck.Passed, evenCheck.ToString());
        Assert.InRange(evenCheck.Rms, 0.95, 1.05);
        var unevenCheck = Checks.InputScale(uneven);
        Assert.True(unevenCheck.RmsInBand);
        Assert.False(unevenCheck.Passed);
        Assert.InRange(unevenCheck.FeatureScaleRatio, 900, 1100);
    }

    [Fact]
    public void Validation_data_scaled_differently_from_training_fails_the_preprocessing_check()
    {
        using var train = Digits(500);
        using var same = Tests.Experiments.Digits.All.Subset(Enumerable.Range(500, 500).Select(i => (long)i).ToArray());
        using var raw = Scaled(same, 255);
        var ok = Checks.SamePreprocessing(train, same);
        Assert.True(ok.Passed, ok.Verdict);
        Assert.InRange(ok.StdRatio, 0.95, 1.05);
        var bad = Checks.SamePreprocessing(train, raw);
        Assert.False(bad.Passed);
        Assert.InRange(bad.StdRatio, 240, 270);
    }

    [Fact]
    public void Class_balance_reports_the_ratio_of_the_largest_class_to_the_smallest()
    {
        using var scope = NewDisposeScope();
        using var skewed = new Dataset(zeros(110, 2), cat([zeros(100, dtype: int64), ones(10, dtype: int64)]), 2);
        var check = Checks.ClassBalance(skewed);
        Assert.Equal(10, check.Ratio);
        Assert.Equal(1, check.SmallestClass);
        Assert.False(check.Passed);
        using var missing = new Dataset(zeros(3, 2), zeros(3, dtype: int64), 2);
        Assert.Equal(double.PositiveInfinity, Checks.ClassBalance(missing).Ratio);
        using var digits = Digits(1000);
        Assert.True(Checks.ClassBalance(digits).Passed);
    }

    [Fact]
    public void Sorted_unshuffled_data_gives_single_label_batches_and_shuffling_fixes_it()
    {
        using var digits = Digits(1000);
        var labels = digits.Labels.data<long>().ToArray();
        using var sorted = digits.Subset(Enumerable.Range(0, 1000).OrderBy(i => labels[i]).Select(i => (long)i).ToArray());
        var unshuffled = Checks.BatchLabels(sorted, 64, shuffle: false);
        Assert.False(unshuffled.Passed);
        Assert.Equal(16, unshuffled.Batches);
        Assert.InRange(unshuffled.SingleLabel, 6, 16);   // batches straddling two classes hold two labels
        var shuffled = Checks.BatchLabels(sorted, 64, shuffle: true);
        Assert.True(shuffled.Passed, shuffled.Verdict);
        Assert.Equal(0, shuffled.SingleLabel);
        // Batches of one are single-label by definition: no alarm.
        Assert.True(Checks.BatchLabels(sorted, 1, shuffle: true).Passed);
        Assert.Throws<ArgumentOutOfRangeException>(() => Checks.BatchLabels(sorted, 0, shuffle: true));
    }

    [Fact]
    public void Labels_follow_the_inputs_on_mnist_and_moons_and_not_once_permuted()
    {
        using var digits = Digits(1000);
        var real = Checks.LabelsFollowInputs(digits);
        Assert.True(real.Passed, real.Verdict);
        Assert.InRange(real.Agreement, 0.85, 0.95);      // 1-nearest-neighbour on raw pixels
        Assert.InRange(real.ChanceAgreement, 0.09, 0.11);
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        using var permuted = new Dataset(digits.Features.clone(), digits.Labels.index_select(0, randperm(1000, generator: g)), 10);
        var shuffled = Checks.LabelsFollowInputs(permuted);
        Assert.False(shuffled.Passed);
        Assert.InRange(shuffled.Agreement, 0.05, 0.15);
        using var moons = Synthetic.Moons(200, 0.15, 1);
        Assert.InRange(Checks.LabelsFollowInputs(moons).Agreement, 0.9, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Checks.LabelsFollowInputs(moons, sample: 1));
    }
}

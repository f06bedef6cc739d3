using Course.Data;
using Course.Experiments;
using TorchSharp;

namespace Course.Tests.Experiments;

/// <summary>Lesson 09's blue-cars case on coloured shapes: the error table before and after flip and colour shift.</summary>
public class DistributionShiftTests
{
    private static readonly Lazy<Dictionary<string, ShiftErrors>> s_runs = new(() =>
    {
        using var sets = DistributionShift.Sets(0);
        return DistributionShift.All.ToDictionary(a => a, a => DistributionShift.Run(sets, a, 8, 0));
    });

    [Fact]
    public void Training_on_blue_right_facing_shapes_leaves_a_shift_of_about_a_third()
    {
        var plain = s_runs.Value[DistributionShift.None];
        Assert.InRange(plain.Test, 0.34, 0.45);
        Assert.InRange(plain.TrainVal, 0.0, 0.10);
        Assert.InRange(plain.Shift, 0.25, 0.40);
        Assert.True(plain.Shift > 3 * Math.Max(plain.AvoidableBias, plain.Variance));
    }

    [Fact]
    public void Flip_and_colour_shift_each_help_and_together_help_more_than_both_added()
    {
        var runs = s_runs.Value;
        var (plain, flip, colour, both) = (runs[DistributionShift.None], runs[DistributionShift.Flip], runs[DistributionShift.Colour], runs[DistributionShift.Both]);
        Assert.InRange(flip.Test, 0.22, 0.34);
        Assert.True(plain.Test - colour.Test > 0.04, $"{colour.Test}");
        Assert.True(plain.Test - flip.Test > 0.04, $"{flip.Test}");
        Assert.InRange(both.Test, 0.08, 0.20);
        Assert.InRange(both.Shift, 0.05, 0.15);
        Assert.True((plain.Test - both.Test) - (plain.Test - flip.Test) - (plain.Test - colour.Test) > 0.03);
    }

    [Fact]
    public void The_budget_adds_up_to_the_test_error_because_it_telescopes()
    {
        foreach (var r in s_runs.Value.Values)
            Assert.Equal(r.Test, r.Human + r.AvoidableBias + r.Variance + r.Shift + r.ValidationOverfitting, 12);
        Assert.Equal(4, DistributionShift.Table(s_runs.Value.Values).Rows.Count);
    }

    [Fact]
    public void The_sets_come_from_two_distributions()
    {
        using var sets = DistributionShift.Sets(1, perClass: 8);
        Assert.Equal((32, 8, 8, 32), (sets.Train.Count, sets.TrainVal.Count, sets.TestVal.Count, sets.Test.Count));
        using var scope = torch.NewDisposeScope();
        // Blue training images: the blue channel carries the most; the test set's six colours spread over all three.
        var train = sets.Train.Features.sum([0, 2, 3]).data<float>().ToArray();
        var test = sets.Test.Features.sum([0, 2, 3]).data<float>().ToArray();
        Assert.True(train[2] > 2 * train[0]);
        Assert.True(test.Max() < 1.5 * test.Min());
    }

    [Fact]
    public void An_unknown_augmentation_names_the_ones_there_are()
    {
        Assert.Contains("none, flip, colour shift, flip + colour shift, but \"rotate\" came",
            Assert.Throws<ArgumentException>(() => DistributionShift.Augmenter("rotate")).Message);
    }

    [Fact]
    public void A_shift_run_leaves_no_tensor_behind()
    {
        // TorchSharp 0.107's nn.Conv2d constructor leaves one tensor alive after the module is disposed (measured here):
        // a run may leave exactly what building its net leaves, nothing more.
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        DistributionShift.Net().Dispose();
        long perNet = DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        Assert.InRange(perNet, 0, 2);
        using var sets = DistributionShift.Sets(2, perClass: 16);
        DistributionShift.Run(sets, DistributionShift.Both, 2, 0);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        DistributionShift.Run(sets, DistributionShift.Both, 2, 0);
        Assert.Equal(live + perNet, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}

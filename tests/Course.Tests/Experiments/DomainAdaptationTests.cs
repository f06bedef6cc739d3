using Course.Experiments;
using TorchSharp;

namespace Course.Tests.Experiments;

/// <summary>Lesson 09's domain adaptation: target statistics undo a contrast change, not an inversion.</summary>
public class DomainAdaptationTests
{
    [Fact]
    public void Target_statistics_undo_low_contrast_but_not_inversion()
    {
        using var train = Digits.All.Take(3000);
        using var test = Digits.All.Subset([.. Enumerable.Range(8000, 2000).Select(i => (long)i)]);
        var results = DomainAdaptation.Run(train, test, 3, 0);
        var (faint, inverted) = (results[0], results[1]);
        Assert.InRange(faint.Source, 0.88, 0.93);
        Assert.InRange(faint.WithSourceStatistics, 0.05, 0.2);
        Assert.Equal(faint.Source, faint.WithTargetStatistics, 0.01);
        Assert.InRange(inverted.WithTargetStatistics, 0, 0.2);
    }

    [Fact]
    public void An_unknown_shift_names_the_ones_there_are()
    {
        using var data = Digits.All.Take(10);
        Assert.Contains("low contrast, inverted, but \"rotated\" came", Assert.Throws<ArgumentException>(() => DomainAdaptation.Shifted(data, "rotated")).Message);
    }

    [Fact]
    public void An_adaptation_run_leaves_no_tensor_behind()
    {
        using var data = Digits.All.Take(200);
        DomainAdaptation.Run(data, data, 1, 0);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        DomainAdaptation.Run(data, data, 1, 0);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}

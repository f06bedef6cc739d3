using Course.Data;

namespace Course.Tests.Experiments;

/// <summary>Lesson 07's digits: training sets are drawn from the first 5,000, validation is the last 1,000.</summary>
internal static class RegularizationLessonData
{
    private static readonly Lazy<Dataset> s_pool = new(() => Digits.All.Take(5000));
    private static readonly Lazy<Dataset> s_validation = new(() => Digits.All.Subset([.. Enumerable.Range(9000, 1000).Select(i => (long)i)]));

    public static Dataset Pool => s_pool.Value;
    public static Dataset Validation => s_validation.Value;

    /// <summary>The live tensor count does not change across a second call of <paramref name="run"/> (the first may load lazies).</summary>
    public static void AssertNoLeak(Action run)
    {
        run();
        long live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        run();
        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}

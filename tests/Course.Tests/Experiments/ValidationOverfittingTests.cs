using Course.Experiments;
using TorchSharp;

namespace Course.Tests.Experiments;

/// <summary>Lesson 09's random search: the winner's validation score is optimistic, more so with more trials and smaller validation sets.</summary>
public class ValidationOverfittingTests
{
    private static readonly Lazy<SearchTrials> s_search = new(() =>
    {
        using var train = Digits.All.Take(600);
        using var pool = Digits.All.Subset([.. Enumerable.Range(5000, 3000).Select(i => (long)i)]);
        return ValidationOverfitting.Search(train, pool, 40, 0);
    });

    [Fact]
    public void One_trial_has_no_gap_and_forty_on_fifty_digits_a_gap_of_several_points()
    {
        Assert.InRange(ValidationOverfitting.Gap(s_search.Value, 1, 50).Gap, -0.01, 0.01);
        Assert.InRange(ValidationOverfitting.Gap(s_search.Value, 40, 50).Gap, 0.03, 0.07);
    }

    [Fact]
    public void The_gap_grows_with_trials_and_shrinks_with_the_validation_size()
    {
        var small = new[] { 1, 10, 40 }.Select(k => ValidationOverfitting.Gap(s_search.Value, k, 50).Gap).ToArray();
        Assert.True(small[0] < small[1] && small[1] < small[2], string.Join(", ", small));
        double large = ValidationOverfitting.Gap(s_search.Value, 40, 1000).Gap;
        Assert.True(small[2] / large > 4, $"{small[2]} / {large}");
    }

    [Fact]
    public void The_exercise_has_an_answer_between_one_and_forty()
    {
        int k = Enumerable.Range(1, 40).First(t => ValidationOverfitting.Gap(s_search.Value, t, 200).Gap > 0.01);
        Assert.InRange(k, 2, 40);
    }

    [Fact]
    public void Fewer_than_one_trial_or_a_validation_set_as_large_as_the_pool_is_refused()
    {
        Assert.Contains("Expected at least 1 for trials, but 0 came", Assert.Throws<ArgumentOutOfRangeException>(() => ValidationOverfitting.Gap(s_search.Value, 0, 50)).Message);
        Assert.Contains("at most the 40 trials searched, but 41 came", Assert.Throws<ArgumentOutOfRangeException>(() => ValidationOverfitting.Gap(s_search.Value, 41, 50)).Message);
        Assert.Contains("between 1 and 2999", Assert.Throws<ArgumentOutOfRangeException>(() => ValidationOverfitting.Gap(s_search.Value, 1, 3000)).Message);
        using var data = Digits.All.Take(10);
        Assert.Contains("Expected at least 1 for count, but 0 came", Assert.Throws<ArgumentOutOfRangeException>(() => ValidationOverfitting.Search(data, data, 0, 0)).Message);
    }

    [Fact]
    public void Searching_and_selecting_leave_no_tensor_behind()
    {
        using var data = Digits.All.Take(100);
        var search = ValidationOverfitting.Search(data, data, 2, 0);
        ValidationOverfitting.Gap(search, 2, 20, repeats: 5);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        search = ValidationOverfitting.Search(data, data, 2, 0);
        ValidationOverfitting.Gap(search, 2, 20, repeats: 5);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}

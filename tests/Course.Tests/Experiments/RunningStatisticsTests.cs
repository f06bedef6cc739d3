using Course.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

public class RunningStatisticsTests
{
    // The answer the exercise wants: start at 0 and 1, one momentum-0.1 step per batch, the variance unbiased.
    private static (Tensor, Tensor) Right(IReadOnlyList<Tensor> batches)
    {
        var mean = zeros(batches[0].shape[1]);
        var variance = ones(batches[0].shape[1]);
        foreach (var b in batches)
        {
            mean = 0.9 * mean + 0.1 * b.mean([0]);
            variance = 0.9 * variance + 0.1 * b.var(0);
        }
        return (mean, variance);
    }

    [Fact]
    public void The_right_function_passes()
    {
        var feedback = RunningStatistics.Check(Right);
        Assert.True(feedback.Passed, feedback.ToString());
        Assert.Null(RunningStatistics.Mismatch(Right));
    }

    [Fact]
    public void The_usual_mistakes_are_not_yet_and_say_which_statistic_is_off()
    {
        (Tensor, Tensor) Biased(IReadOnlyList<Tensor> batches)
        {
            var (mean, _) = Right(batches);
            var variance = ones(batches[0].shape[1]);
            foreach (var b in batches) variance = 0.9 * variance + 0.1 * b.var(0, unbiased: false);
            return (mean, variance);
        }
        (Tensor, Tensor) StartsFromTheFirstBatch(IReadOnlyList<Tensor> batches)
        {
            var (_, variance) = Right(batches);
            var mean = batches[0].mean([0]);
            foreach (var b in batches.Skip(1)) mean = 0.9 * mean + 0.1 * b.mean([0]);
            return (mean, variance);
        }
        (Tensor, Tensor) MomentumBackwards(IReadOnlyList<Tensor> batches)
        {
            var mean = zeros(batches[0].shape[1]);
            foreach (var b in batches) mean = 0.1 * mean + 0.9 * b.mean([0]);
            return (mean, Right(batches).Item2);
        }

        var biased = RunningStatistics.Check(Biased);
        Assert.False(biased.Passed);
        Assert.Contains("running variance is off", biased.Message);
        Assert.Contains("n − 1", biased.Hint);
        Assert.Contains("running mean is off", RunningStatistics.Check(StartsFromTheFirstBatch).Message);
        Assert.Contains("running mean is off", RunningStatistics.Check(MomentumBackwards).Message);
    }

    [Fact]
    public void No_answer_a_wrong_shape_or_a_crash_is_feedback_not_an_exception()
    {
        Assert.Equal("no answer yet", RunningStatistics.Check(null).Message);
        var shape = RunningStatistics.Check(b => (zeros(2), ones(2)));
        Assert.Contains("shape [2]", shape.Message);
        var crash = RunningStatistics.Check(b => throw new InvalidOperationException("boom"));
        Assert.False(crash.Passed);
        Assert.Contains("boom", crash.Message);
    }
}

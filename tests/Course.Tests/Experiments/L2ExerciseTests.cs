using Course.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

public class L2ExerciseTests
{
    private static Tensor Sum(nn.Module model, double lambda, int m, Func<TorchSharp.Modules.Parameter, bool> which, double factor) =>
        model.parameters().Where(which).Select(p => p.square().sum()).Aggregate((a, b) => a + b) * factor;

    [Fact]
    public void The_right_penalty_passes()
    {
        var feedback = L2Exercise.Check((model, lambda, m) => Sum(model, lambda, m, p => p.dim() >= 2, lambda / (2 * m)));
        Assert.True(feedback.Passed, feedback.Message);
    }

    [Fact]
    public void Biases_included_a_missing_m_a_number_and_no_answer_do_not()
    {
        Assert.Contains("not the expected value", L2Exercise.Check((model, l, m) => Sum(model, l, m, p => true, l / (2 * m))).Message);
        Assert.Contains("not the expected value", L2Exercise.Check((model, l, m) => Sum(model, l, m, p => p.dim() >= 2, l / 2)).Message);
        Assert.Contains("does not require gradients",
            L2Exercise.Check((model, l, m) => Sum(model, l, m, p => p.dim() >= 2, l / (2 * m)).detach()).Message);
        var none = L2Exercise.Check(null);
        Assert.False(none.Passed);
        Assert.Equal("no answer yet", none.Message);
    }
}

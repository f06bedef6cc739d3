using Course.Experiments;
using Course.Regularization;
using TorchSharp;
using static Course.Tests.Experiments.RegularizationLessonData;

namespace Course.Tests.Experiments;

/// <summary>Lesson 07's correction of "regularisation is also called weight decay": equal for SGD, not for AdamW.</summary>
public class WeightDecayTests
{
    private static DecayComparison Compare(WeightDecay.OptimiserFactory a, Penalty? penaltyA, WeightDecay.OptimiserFactory b, Penalty? penaltyB, long seed = 1)
    {
        using var train = Pool.Take(500);
        return WeightDecay.Compare("a", a, penaltyA, "b", b, penaltyB, train, 3, seed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SGD_weight_decay_is_the_L2_penalty(long seed) =>
        Assert.InRange(Compare(p => torch.optim.SGD(p, 0.1, weight_decay: 0.01), null, p => torch.optim.SGD(p, 0.1), new L2Penalty(0.01), seed).MaxDifference, 0, 1e-6);

    [Fact]
    public void Adam_weight_decay_is_the_coupled_L2_penalty_and_AdamW_is_not()
    {
        Assert.InRange(Compare(p => torch.optim.Adam(p, 1e-3, weight_decay: 0.01), null, p => torch.optim.Adam(p, 1e-3), new L2Penalty(0.01)).MaxDifference, 0, 1e-6);
        var adamW = Compare(p => torch.optim.AdamW(p, 1e-3, weight_decay: 0.01), null, p => torch.optim.Adam(p, 1e-3), new L2Penalty(0.01));
        Assert.InRange(adamW.RelativeDifference, 0.3, 0.7);
        Assert.True(adamW.NormA > adamW.NormB * 1.2, $"{adamW}");
    }

    [Fact]
    public void TorchSharp_AdamW_decays_nothing_by_default()
    {
        Assert.Equal(0, Compare(p => torch.optim.AdamW(p, 1e-3), null, p => torch.optim.Adam(p, 1e-3), null).MaxDifference);
        Assert.True(Compare(p => torch.optim.AdamW(p, 1e-3), null, p => torch.optim.AdamW(p, 1e-3, weight_decay: 0.01), null).MaxDifference > 1e-6);
    }

    [Fact]
    public void A_comparison_leaves_no_tensor_behind()
    {
        using var train = Pool.Take(100);
        AssertNoLeak(() => WeightDecay.Compare("a", p => torch.optim.AdamW(p, 1e-3, weight_decay: 0.1), null, "b", p => torch.optim.SGD(p, 0.1), new L2Penalty(0.1), train, 1, 1));
    }
}

using Course.Experiments;
using Course.Regularization;
using TorchSharp;
using static Course.Tests.Experiments.RegularizationLessonData;

namespace Course.Tests.Experiments;

/// <summary>Lesson 07's penalties: L1 zeroes weights, L2 shrinks them, elastic net does some of both.</summary>
public class PenaltySparsityTests
{
    private static readonly Lazy<PenaltyRun[]> s_runs = new(() =>
    {
        using var train = Pool.Take(1000);
        return [.. new Penalty?[] { null, new L1Penalty(1, 1000), new L2Penalty(10, 1000), new ElasticNetPenalty(0.5, 5, 1000) }
            .Select(p => PenaltySparsity.Train(p, train, Validation, 15, 1))];
    });

    [Fact]
    public void L1_zeroes_most_first_layer_weights_and_L2_almost_none()
    {
        var (none, l1, l2, elastic) = (s_runs.Value[0], s_runs.Value[1], s_runs.Value[2], s_runs.Value[3]);
        Assert.InRange(l1.NearZeroShare, 0.55, 0.8);
        Assert.InRange(l2.NearZeroShare, 0, 0.03);
        Assert.InRange(none.NearZeroShare, 0, 0.03);
        Assert.InRange(elastic.NearZeroShare, l2.NearZeroShare + 0.1, l1.NearZeroShare);
        Assert.InRange(l2.WeightNorm / none.WeightNorm, 0.7, 0.85);
        Assert.Equal(784 * 64, l1.FirstLayerWeights.Length);
    }

    [Fact]
    public void L1_has_zeroed_most_weights_of_always_black_pixels_and_many_more()
    {
        using var train = Pool.Take(1000);
        using var scope = torch.NewDisposeScope();
        var black = train.Features.amax(0) == 0;
        var l1 = torch.tensor(s_runs.Value[1].FirstLayerWeights).reshape(64, 784);
        double blackShare = black.to(torch.float32).mean().item<float>();
        double zeroed = (l1.abs() < PenaltySparsity.NearZero).to(torch.float32).index_select(1, black.nonzero().squeeze(1)).mean().item<float>();
        Assert.InRange(zeroed, 0.75, 0.95);
        Assert.True(s_runs.Value[1].NearZeroShare - blackShare > 0.2, $"{s_runs.Value[1].NearZeroShare} against {blackShare}");
    }

    [Fact]
    public void The_penalties_cost_little_validation_accuracy_here()
    {
        Assert.All(s_runs.Value, r => Assert.InRange(r.ValidationAccuracy, s_runs.Value[0].ValidationAccuracy - 0.02, s_runs.Value[0].ValidationAccuracy + 0.02));
    }

    [Fact]
    public void A_penalty_run_leaves_no_tensor_behind()
    {
        using var train = Pool.Take(100);
        AssertNoLeak(() => PenaltySparsity.Train(new ElasticNetPenalty(0.1, 0.1, 100), train, train, 1, 1));
    }
}

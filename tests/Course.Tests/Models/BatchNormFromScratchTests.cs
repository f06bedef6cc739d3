using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Models;

/// <summary>The lesson's batch norm, written in tensor lines, against torch's nn.BatchNorm1d: forward, state and autograd.</summary>
public class BatchNormFromScratchTests
{
    private const double Tolerance = 1e-5;

    // Features with their own offsets and scales (3 + 2(j+1)·N(0,1)), so normalising changes every column.
    private static Tensor Batch(long seed, long rows = 16, long features = 5)
    {
        using var generator = new Generator((ulong)seed);
        using var scale = arange(1, features + 1, dtype: float32) * 2;
        using var z = randn([rows, features], generator: generator);
        return z * scale + 3;
    }

    // Both layers with the same γ and β, drawn away from 1 and 0 so that a swapped or ignored parameter shows.
    private static (BatchNormFromScratch Mine, TorchSharp.Modules.BatchNorm1d Torch) Pair(long features = 5)
    {
        var mine = new BatchNormFromScratch(features);
        var torchBn = nn.BatchNorm1d(features);
        using var generator = new Generator(7);
        using var gamma = rand([features], generator: generator) + 0.5;
        using var beta = randn([features], generator: generator);
        using (no_grad())
        {
            mine.Gamma.copy_(gamma);
            torchBn.weight!.copy_(gamma);
            mine.Beta.copy_(beta);
            torchBn.bias!.copy_(beta);
        }
        return (mine, torchBn);
    }

    private static double MaxGap(Tensor a, Tensor b)
    {
        using var gap = (a - b).abs().max();
        return gap.item<float>();
    }

    [Fact]
    public void Training_mode_output_equals_BatchNorm1d_and_is_normalised_per_feature_before_gamma_and_beta()
    {
        var (mine, torchBn) = Pair();
        using var x = Batch(1);
        using var y = mine.call(x);
        using var expected = torchBn.call(x);
        Assert.True(MaxGap(y, expected) < Tolerance, $"largest difference {MaxGap(y, expected)}");

        // Undo γ and β: every column has mean 0 and (population) std 1 up to ε.
        using var xHat = (y - mine.Beta) / mine.Gamma;
        using var means = xHat.mean([0]).abs().max();
        using var stds = (xHat.std(0, unbiased: false) - 1).abs().max();
        Assert.True(means.item<float>() < 1e-5, $"largest |mean| {means.item<float>()}");
        Assert.True(stds.item<float>() < 1e-3, $"largest |std - 1| {stds.item<float>()}");
    }

    [Fact]
    public void Running_statistics_match_BatchNorm1d_after_several_steps_and_follow_the_momentum_rule()
    {
        var (mine, torchBn) = Pair();
        var batches = Enumerable.Range(0, 6).Select(k => Batch(10 + k, rows: 4 + 2 * k)).ToArray();
        using var expectedMean = zeros(5);
        using var expectedVar = ones(5);
        foreach (var b in batches)
        {
            mine.call(b).Dispose();
            torchBn.call(b).Dispose();
            using var m = b.mean([0]);
            using var v = b.var(0); // unbiased: what torch keeps
            expectedMean.mul_(0.9).add_(m, alpha: 0.1);
            expectedVar.mul_(0.9).add_(v, alpha: 0.1);
        }
        Assert.True(MaxGap(mine.RunningMean, torchBn.running_mean!) < Tolerance, $"running mean off by {MaxGap(mine.RunningMean, torchBn.running_mean!)}");
        Assert.True(MaxGap(mine.RunningVar, torchBn.running_var!) < 1e-4, $"running var off by {MaxGap(mine.RunningVar, torchBn.running_var!)}");
        Assert.True(MaxGap(mine.RunningMean, expectedMean) < Tolerance);
        Assert.True(MaxGap(mine.RunningVar, expectedVar) < 1e-4);
        // Six steps moved the variance far from its start of 1 (the columns' variances are 4 to 100).
        using var lowest = mine.RunningVar.min();
        Assert.True(lowest.item<float>() > 1.5, $"smallest running variance {lowest.item<float>()}");
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void Evaluation_mode_output_equals_BatchNorm1d_uses_the_running_statistics_and_changes_nothing()
    {
        var (mine, torchBn) = Pair();
        for (int k = 0; k < 5; k++)
        {
            using var b = Batch(20 + k);
            mine.call(b).Dispose();
            torchBn.call(b).Dispose();
        }
        mine.eval();
        torchBn.eval();
        using var before = mine.RunningMean.clone();
        using var x = Batch(30, rows: 1); // one example is fine in evaluation mode
        using var y = mine.call(x);
        using var expected = torchBn.call(x);
        Assert.True(MaxGap(y, expected) < Tolerance, $"largest difference {MaxGap(y, expected)}");
        using var byHand = (x - mine.RunningMean) / (mine.RunningVar + 1e-5).sqrt() * mine.Gamma + mine.Beta;
        Assert.True(MaxGap(y, byHand) < Tolerance);
        Assert.Equal(0, MaxGap(mine.RunningMean, before));
    }

    [Fact]
    public void Gradients_for_input_gamma_and_beta_equal_BatchNorm1d_through_autograd_in_both_modes()
    {
        foreach (var training in new[] { true, false })
        {
            var (mine, torchBn) = Pair();
            if (!training)
            {
                using var warm = Batch(40);
                mine.call(warm).Dispose();
                torchBn.call(warm).Dispose();
                mine.eval();
                torchBn.eval();
            }
            using var upstream = Batch(41, features: 5) - 3; // an uneven upstream gradient, so no term cancels by symmetry
            using var x1 = Batch(42).requires_grad_();
            using var x2 = x1.detach().clone().requires_grad_();
            using (var l1 = (mine.call(x1) * upstream).sum()) l1.backward();
            using (var l2 = (torchBn.call(x2) * upstream).sum()) l2.backward();
            Assert.True(MaxGap(x1.grad!, x2.grad!) < Tolerance, $"training={training}: input gradient off by {MaxGap(x1.grad!, x2.grad!)}");
            Assert.True(MaxGap(mine.Gamma.grad!, torchBn.weight!.grad!) < 1e-4, $"training={training}: γ gradient off by {MaxGap(mine.Gamma.grad!, torchBn.weight!.grad!)}");
            Assert.True(MaxGap(mine.Beta.grad!, torchBn.bias!.grad!) < Tolerance, $"training={training}: β gradient off by {MaxGap(mine.Beta.grad!, torchBn.bias!.grad!)}");
            // Not trivially zero: every gradient carries signal.
            using var gx = x1.grad!.abs().max();
            Assert.True(gx.item<float>() > 0.01);
        }
    }

    [Fact]
    public void Only_gamma_and_beta_are_parameters_and_training_changes_them()
    {
        var layer = new BatchNormFromScratch(5);
        Assert.Equal(["weight", "bias"], layer.named_parameters().Select(p => p.name));
        Assert.Equal(["running_mean", "running_var"], layer.named_buffers().Select(b => b.name));
        Assert.False(layer.RunningMean.requires_grad);

        using var sgd = optim.SGD(layer.parameters(), 0.1);
        using var target = Batch(50, rows: 32) * 0.5;
        for (int step = 0; step < 20; step++)
        {
            using var scope = NewDisposeScope();
            using var x = Batch(60 + step, rows: 32);
            sgd.zero_grad();
            nn.functional.mse_loss(layer.call(x), target.mean([0]).expand(32, 5) + 2).backward();
            sgd.step();
        }
        // The target's columns sit near 3.5, not 0: β must move towards them, and γ away from 1.
        using var betaMoved = layer.Beta.abs().min();
        using var gammaMoved = (layer.Gamma - 1).abs().max();
        Assert.True(betaMoved.item<float>() > 1, $"smallest |β| after training {betaMoved.item<float>()}");
        Assert.True(gammaMoved.item<float>() > 0.05, $"largest |γ - 1| after training {gammaMoved.item<float>()}");
    }

    [Fact]
    public void A_wrong_shape_and_a_batch_of_one_in_training_mode_are_refused_with_what_came()
    {
        var layer = new BatchNormFromScratch(3);
        using var wide = zeros(4, 5);
        var shape = Assert.Throws<ArgumentException>(() => layer.call(wide));
        Assert.Contains("(batch x 3)", shape.Message);
        Assert.Contains("[4, 5]", shape.Message);
        using var flat = zeros(3);
        Assert.Contains("[3]", Assert.Throws<ArgumentException>(() => layer.call(flat)).Message);

        using var one = ones(1, 3);
        var single = Assert.Throws<ArgumentException>(() => layer.call(one));
        Assert.Contains("at least 2 examples", single.Message);
        Assert.Contains("1 came", single.Message);
        using var zeroMean = layer.RunningMean.abs().max();
        Assert.Equal(0f, zeroMean.item<float>()); // refused before touching the running statistics

        layer.eval();
        using var y = layer.call(one);
        Assert.Equal([1L, 3L], y.shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormFromScratch(0));
    }
}

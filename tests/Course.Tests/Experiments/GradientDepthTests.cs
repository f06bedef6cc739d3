using Course.Data;
using Course.Experiments;
using Course.Init;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

/// <summary>What lesson 06's tests share: 1,000 training digits and a probe batch of 256, split as the lesson splits them.</summary>
public sealed class GradientLessonData
{
    public GradientLessonData()
    {
        torch.set_num_threads(1);
        var order = randperm(Digits.All.Count, generator: new Generator(1)).data<long>().ToArray();
        Train = Digits.All.Subset(order[..1000]);
        Probe = Digits.All.Subset(order[6000..6256]);
    }

    public Dataset Train { get; }
    public Dataset Probe { get; }
}

[CollectionDefinition(Name)]
public sealed class GradientLessonCollection : ICollectionFixture<GradientLessonData>
{
    public const string Name = "Lesson 06 experiments";
}

[Collection(GradientLessonCollection.Name)]
public class GradientDepthTests(GradientLessonData data)
{
    public static readonly DeepNet Vanishing = new(Activation.Sigmoid, Init: new XavierNormal());
    public static readonly DeepNet Exploding = new(Activation.Relu, Init: new ScaledHe(1.3));
    public static readonly DeepTraining ExplodingTraining = new(LearningRate: 0.003, MonitorEvery: 1);

    private double[] Shrinks(DeepNet net) =>
        Enumerable.Range(1, 10).Select(s => GradientDepth.ShrinkPerLayer(GradientDepth.PerLayer(net, data.Probe, s))).ToArray();

    [Fact]
    public void Over_ten_seeds_the_gradient_shrinks_per_layer_by_the_lessons_factors()
    {
        Assert.All(Shrinks(Vanishing), f => Assert.InRange(f, 4.0, 4.6));                                    // sigmoid' ≤ 1/4
        Assert.All(Shrinks(new DeepNet(Activation.Tanh)), f => Assert.InRange(f, 1.55, 1.8));                 // default init
        Assert.All(Shrinks(new DeepNet(Activation.Relu)), f => Assert.InRange(f, 2.2, 2.55));                 // default init
        Assert.All(Shrinks(new DeepNet(Activation.Tanh, Init: new XavierNormal())), f => Assert.InRange(f, 0.95, 1.05));
        Assert.All(Shrinks(new DeepNet(Activation.Relu, Init: new HeNormal())), f => Assert.InRange(f, 0.9, 1.1));
        for (long seed = 1; seed <= 10; seed++)
        {
            var rms = GradientDepth.PerLayer(Vanishing, data.Probe, seed);
            Assert.InRange(rms[0] / rms[^2], 1e-19, 1e-17);
        }
    }

    [Fact]
    public void The_gradients_are_listed_in_forward_order_in_a_nested_net()
    {
        torch.manual_seed(1);
        using var model = new DeepNet(Activation.Relu, Depth: 4, Width: 8, BatchNorm: true, Residual: true).Build(5, 3);
        using var x = randn(16, 5);
        using var y = randint(0, 3, 16);
        var rms = GradientFlow.PerLayer(model, x, y);
        Assert.Equal(4, rms.Length);
        nn.functional.cross_entropy(model.call(x), y).backward();
        var output = ((TorchSharp.Modules.Linear)model.named_children().Single(c => c.name == "output").module).weight!;
        Assert.Equal(Math.Sqrt(output.grad!.square().mean().item<float>()), rms[^1], 1e-6);
    }

    [Fact]
    public void Each_seed_note_symptom_gets_the_verdict_the_lesson_shows_on_three_seeds()
    {
        bool[] expected = [true, true, true, false, true, false, true, true, true, false];
        for (long seed = 1; seed <= 3; seed++)
        {
            var exploding = GradientDepth.Train("exploding", Exploding, data.Train, data.Probe, ExplodingTraining, seed);
            var vanishing = GradientDepth.Train("vanishing", Vanishing, data.Train, data.Probe, new DeepTraining(), seed);
            var checks = GradientSymptoms.Measure(exploding, vanishing);
            Assert.Equal(expected, checks.Select(c => c.Holds));
            Assert.InRange(exploding.History.Steps, 3, 6);
            Assert.InRange(vanishing.FinalLoss, Math.Log(10) - 0.05, Math.Log(10) + 0.05);
            Assert.Equal(0, GradientSymptoms.MedianRatio(vanishing, "linear1.weight"));
        }
    }

    [Fact]
    public void Batch_norm_rescues_the_vanishing_net_and_clipping_does_not()
    {
        var plain = GradientDepth.Train("plain", Vanishing, data.Train, data.Probe, new DeepTraining(), 1);
        var clipped = GradientDepth.Train("clip", Vanishing, data.Train, data.Probe, new DeepTraining(ClipGradNorm: 1), 1);
        var normed = GradientDepth.Train("bn", Vanishing with { BatchNorm = true }, data.Train, data.Probe, new DeepTraining(), 1);
        Assert.Equal(plain.FirstLayerGradient, clipped.FirstLayerGradient);
        Assert.InRange(clipped.FinalLoss, 2.25, 2.35);
        Assert.InRange(normed.FirstToLastHidden, 0.5, 2);
        Assert.InRange(normed.FinalLoss, 0.4, 1.0);
    }

    [Fact]
    public void Clipping_keeps_the_exploding_net_finite_and_reports_the_norm_before_clipping()
    {
        var clipped = GradientDepth.Train("clip", Exploding, data.Train, data.Probe, ExplodingTraining with { ClipGradNorm = 1 }, 1);
        Assert.False(clipped.History.Diverged);
        Assert.True(clipped.History.StepGradNorm[0] > 100, $"first pre-clip norm {clipped.History.StepGradNorm[0]}");
        Assert.True(double.IsFinite(clipped.FinalLoss));
    }

    [Fact]
    public void The_update_to_data_ratio_sits_near_1e_3_at_a_good_learning_rate_and_leaves_it_at_bad_ones()
    {
        var net = new DeepNet(Activation.Relu, Depth: 3, Width: 128);
        DeepRun Run(double lr, long seed) => GradientDepth.Train($"lr {lr}", net, data.Train, data.Probe, new DeepTraining(LearningRate: lr, MonitorEvery: 5), seed);
        for (long seed = 1; seed <= 2; seed++)
        {
            var (low, good, high) = (Run(1e-4, seed), Run(0.02, seed), Run(1, seed));
            Assert.InRange(good.MedianUpdateRatio, 1e-4, 1e-2);
            Assert.True(good.FinalAccuracy > 0.75, $"seed {seed}: accuracy {good.FinalAccuracy}");
            Assert.True(low.MedianUpdateRatio < 1e-4, $"seed {seed}: {low.MedianUpdateRatio}");
            Assert.True(low.FinalLoss > 2.2);
            Assert.True(high.UpdateRatios[^1] > 0.1, $"seed {seed}: {high.UpdateRatios[^1]}");
            Assert.True(high.FinalAccuracy < 0.3, $"seed {seed}: accuracy {high.FinalAccuracy}");
        }
    }

    [Fact]
    public void Training_twice_leaves_no_tensor_behind()
    {
        var small = new DeepNet(Activation.Sigmoid, Depth: 6, Init: new XavierNormal());
        GradientDepth.Train("warm-up", small, data.Train, data.Probe, new DeepTraining(Epochs: 1), 1);
        long live = BatchNormLessonData.LiveTensors;
        GradientDepth.Train("first", small, data.Train, data.Probe, new DeepTraining(Epochs: 1), 1);
        GradientDepth.Train("second", small with { BatchNorm = true }, data.Train, data.Probe, new DeepTraining(Epochs: 1, ClipGradNorm: 1), 2);
        Assert.Equal(live, BatchNormLessonData.LiveTensors);
    }

    [Fact]
    public void Bad_input_is_refused_with_what_was_expected_and_what_came()
    {
        var e = Assert.Throws<ArgumentException>(() => new DeepNet(Activation.Relu, Depth: 2).Build(784, 10));
        Assert.Contains("at least 3", e.Message);
        Assert.Contains("depth 2", e.Message);
        Assert.Throws<ArgumentNullException>(() => GradientDepth.PerLayer(Vanishing, null!, 1));
        Assert.Throws<ArgumentException>(() => GradientDepth.ShrinkPerLayer([1, 2, 3]));
        var g = Assert.Throws<ArgumentException>(() => GradientDepth.Train("bad", Vanishing, data.Train, data.Probe, new DeepTraining(MonitorEvery: -1), 1));
        Assert.Contains("-1 came", g.Message);
    }

    [Fact]
    public void The_exercise_check_passes_batch_norm_or_skips_and_refuses_the_plain_net()
    {
        Assert.True(GradientDepth.CheckSigmoidNet(() => Vanishing.Build(784, 10), data.Probe).Passed is false);
        Assert.False(GradientDepth.CheckSigmoidNet(null, data.Probe).Passed);
        Assert.False(GradientDepth.CheckSigmoidNet(() => new DeepNet(Activation.Relu, Init: new HeNormal()).Build(784, 10), data.Probe).Passed);
        Assert.True(GradientDepth.CheckSigmoidNet(() => (Vanishing with { BatchNorm = true }).Build(784, 10), data.Probe).Passed);
        Assert.True(GradientDepth.CheckSigmoidNet(() => Mlp.Build([784, .. Enumerable.Repeat(64L, 29), 10], Activation.Sigmoid, batchNorm: true), data.Probe).Passed);
    }
}

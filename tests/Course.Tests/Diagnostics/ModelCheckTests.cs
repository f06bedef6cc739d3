using Course.Data;
using Course.Diagnostics;
using Course.Experiments;
using Course.Init;
using Course.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Tests.Diagnostics;

public class ModelCheckTests
{
    private static Dataset Batch(int count = 64) => Tests.Experiments.Digits.All.Take(count);

    private static Sequential Net(params long[] widths)
    {
        manual_seed(1);
        return Mlp.Build(widths);
    }

    [Fact]
    public void The_loss_input_check_tells_logits_probabilities_and_log_probabilities_apart()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch();
        var logits = Net(784, 32, 10);
        Assert.True(Checks.LossInputs(logits, nn.CrossEntropyLoss(), batch.Features).Passed);
        var nll = Checks.LossInputs(logits, nn.NLLLoss(), batch.Features);
        Assert.True(nll.NllOnScores);
        Assert.Equal(OutputKind.Logits, nll.Output);
        var softmax = Net(784, 32, 10);
        softmax.append("softmax", nn.Softmax(1));
        var twice = Checks.LossInputs(softmax, nn.CrossEntropyLoss(), batch.Features);
        Assert.Equal(OutputKind.Probabilities, twice.Output);
        Assert.True(twice.SoftmaxTwice);
        Assert.False(twice.Passed);
        var logSoftmax = Net(784, 32, 10);
        logSoftmax.append("logsoftmax", nn.LogSoftmax(1));
        var fine = Checks.LossInputs(logSoftmax, nn.NLLLoss(), batch.Features);
        Assert.Equal(OutputKind.LogProbabilities, fine.Output);
        Assert.True(fine.Passed);
    }

    [Fact]
    public void Cross_entropy_treats_examples_separately_and_the_broadcasting_loss_does_not()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch();
        var model = Net(784, 32, 10);
        var ce = Checks.LossPerExample(model, nn.CrossEntropyLoss(), batch.Features, batch.Labels, 10);
        Assert.True(ce.Passed, ce.Verdict);
        Assert.Equal(0, ce.Change);
        var broadcast = Checks.LossPerExample(model, new ZooModules.BroadcastingCrossEntropy(), batch.Features, batch.Labels, 10);
        Assert.False(broadcast.Passed);
        Assert.InRange(broadcast.Change, 0.01, 1);
        var perExample = nn.CrossEntropyLoss(reduction: nn.Reduction.None);
        Assert.Contains("one number", Assert.Throws<ArgumentException>(() => Checks.LossPerExample(model, perExample, batch.Features, batch.Labels, 10)).Message);
    }

    [Fact]
    public void Evaluation_mode_is_deterministic_for_dropout_and_batch_norm_and_not_for_dropout_fixed_in_training()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch();
        var torchLayers = Mlp.Build([784, 32, 10], batchNorm: true, dropout: 0.5);
        Assert.True(Checks.EvaluationMode(torchLayers, batch.Features).Passed);
        var alwaysOn = nn.Sequential(("linear1", nn.Linear(784, 32)), ("dropout1", new ZooModules.AlwaysOnDropout(0.5)), ("linear2", nn.Linear(32, 10)));
        var check = Checks.EvaluationMode(alwaysOn, batch.Features);
        Assert.False(check.Passed);
        Assert.True(check.RepeatChange > 0.1, check.Verdict);
        Assert.Contains("random in evaluation mode", check.Verdict);
        // Batch norm that always uses the batch's statistics: the answer depends on the rest of the batch.
        var batchStats = nn.Sequential(("linear1", nn.Linear(784, 32)), ("standardize", new ZooModules.BatchStandardize()), ("linear2", nn.Linear(32, 10)));
        var stats = Checks.EvaluationMode(batchStats, batch.Features);
        Assert.Equal(0, stats.RepeatChange);
        Assert.True(stats.BatchChange > 1e-3, stats.Verdict);
        Assert.Contains("depends on its batch", stats.Verdict);
    }

    [Fact]
    public void A_constant_start_is_symmetric_but_a_zero_output_layer_is_allowed()
    {
        using var scope = NewDisposeScope();
        var constant = Net(784, 32, 16, 10).InitWith(new Course.Init.Constant(0.01));
        var check = Checks.SymmetricStart(constant);
        Assert.Equal(["linear1.weight", "linear2.weight"], check.Symmetric);
        Assert.Equal(2, check.Checked);
        var zeroOutput = Net(784, 32, 10);
        nn.init.zeros_(((Linear)zeroOutput.children().Last()).weight!);
        Assert.True(Checks.SymmetricStart(zeroOutput).Passed);
        Assert.True(Checks.SymmetricStart(Net(784, 32, 10)).Passed);
    }

    [Fact]
    public void Input_dependence_finds_the_layer_where_the_input_is_lost()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch(200);
        Assert.True(Checks.InputDependence(Net(784, 32, 10), batch).Passed);
        var placeholder = nn.Sequential(("prepare", new ZooModules.PlaceholderInput()), ("linear1", nn.Linear(784, 10)));
        var lost = Checks.InputDependence(placeholder, batch);
        Assert.Equal("prepare", lost.LostAt);
        Assert.False(lost.LostToDeadUnits);
        Assert.Equal(0, lost.OutputChange);
        var dead = Net(784, 32, 10);
        using (no_grad()) ((Linear)dead.children().First()).bias!.fill_(-5);
        var cut = Checks.InputDependence(dead, batch);
        Assert.Equal("relu1", cut.LostAt);
        Assert.True(cut.LostToDeadUnits);
        using var constant = new Dataset(ones(10, 784), zeros(10, dtype: int64), 10);
        Assert.False(Checks.InputDependence(Net(784, 32, 10), constant).InputsVary);
    }

    [Fact]
    public void Gradient_flow_vanishes_through_deep_sigmoids_and_explodes_through_oversized_relus()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch(128);
        var shallow = Checks.GradientFlow(Net(784, 64, 10), nn.CrossEntropyLoss(), batch.Features, batch.Labels);
        Assert.True(shallow.Passed, shallow.Verdict);
        Assert.Equal(["linear1", "linear2"], shallow.Layers);
        Assert.InRange(shallow.Ratio, 0.05, 1);
        manual_seed(1);
        var sigmoid = Mlp.Build([784, .. Enumerable.Repeat(64L, 12), 10], Activation.Sigmoid);
        var vanishing = Checks.GradientFlow(sigmoid, nn.CrossEntropyLoss(), batch.Features, batch.Labels);
        Assert.True(vanishing.Vanishing);
        Assert.True(vanishing.Ratio < 1e-6, vanishing.Verdict);
        manual_seed(1);
        var relu = Mlp.Build([784, .. Enumerable.Repeat(64L, 16), 10]).InitWith(new Course.Init.Normal(2 * Math.Sqrt(2.0 / 64)));
        var exploding = Checks.GradientFlow(relu, nn.CrossEntropyLoss(), batch.Features, batch.Labels);
        Assert.True(exploding.Exploding);
        Assert.True(exploding.Ratio > 1e4, exploding.Verdict);
        // The measurement leaves no gradient behind.
        Assert.All(relu.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
    }
}

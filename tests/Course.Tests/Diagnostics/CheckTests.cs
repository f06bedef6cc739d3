using Course.Data;
using Course.Diagnostics;
using Course.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Tests.Diagnostics;

public class CheckTests
{
    private static Dataset TenClasses(int count, ulong seed)
    {
        using var g = new Generator(seed);
        return new Dataset(randn([count, 20], generator: g), arange(count, dtype: int64) % 10, 10);
    }

    /// <summary>A 20-64-10 ReLU MLP whose last layer's weights are drawn with the given std (bias 0).</summary>
    private static Sequential Model(double lastStd)
    {
        var model = Mlp.Build([20, 64, 10]);
        var last = (Linear)model.named_children().Last().module;
        using (no_grad())
        {
            nn.init.normal_(last.weight!, 0, lastStd);
            nn.init.zeros_(last.bias!);
        }
        return model;
    }

    [Fact]
    public void The_loss_at_initialisation_is_ln_10_with_a_small_last_layer()
    {
        using var scope = NewDisposeScope();
        using var data = TenClasses(500, 1);
        var check = Checks.LossAtInitialisation(Model(1e-3), nn.CrossEntropyLoss(), data);
        Assert.True(check.Passed, check.Verdict);
        Assert.Equal(Math.Log(10), check.ChanceLoss);
        Assert.Equal(Math.Log(10), check.Loss, 1e-3);
        Assert.Contains("as expected", check.Verdict);
    }

    [Fact]
    public void A_large_last_layer_makes_the_initial_loss_too_high()
    {
        using var scope = NewDisposeScope();
        using var data = TenClasses(500, 1);
        var check = Checks.LossAtInitialisation(Model(3), nn.CrossEntropyLoss(), data);
        Assert.False(check.Passed);
        Assert.True(check.Loss > 2 * Math.Log(10), check.Verdict);
        Assert.Contains("too high", check.Verdict);
    }

    [Fact]
    public void A_correct_model_memorises_one_small_batch_and_a_frozen_one_cannot()
    {
        using var scope = NewDisposeScope();
        using var data = TenClasses(10, 2);
        manual_seed(3);
        var model = Model(0.1);
        var check = Checks.OverfitOneBatch(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), 0.01), data.Features, data.Labels);
        Assert.True(check.Passed, check.Verdict);
        Assert.Equal(1.0, check.Accuracy);
        Assert.InRange(check.StepReached, 2, 200);
        Assert.Equal(200, check.Losses.Count);
        Assert.True(model.training); // the model's mode is left as it was

        var frozen = Model(0.1);
        foreach (var p in frozen.parameters()) p.requires_grad_(false);
        var stuck = Checks.OverfitOneBatch(frozen, nn.CrossEntropyLoss(), optim.Adam(frozen.parameters(), 0.01), data.Features, data.Labels, steps: 20);
        Assert.False(stuck.Passed);
        Assert.Equal(stuck.Losses[0], stuck.Losses[^1]);
        Assert.Contains("not memorised", stuck.Verdict);
    }

    [Fact]
    public void Overfitting_refuses_a_batch_it_cannot_use()
    {
        using var scope = NewDisposeScope();
        var model = Model(0.1);
        var adam = optim.Adam(model.parameters(), 0.01);
        var loss = nn.CrossEntropyLoss();
        var labels = arange(10, dtype: int64);
        var big = Assert.Throws<ArgumentException>(() => Checks.OverfitOneBatch(model, loss, adam, randn(25, 20), arange(25, dtype: int64) % 10));
        Assert.Contains("2 to 20 examples", big.Message);
        Assert.Contains("[25, 20]", big.Message);
        var nan = randn(10, 20);
        nan[3, 4].fill_(float.NaN);
        Assert.Contains("NaN or infinite", Assert.Throws<ArgumentException>(() => Checks.OverfitOneBatch(model, loss, adam, nan, labels)).Message);
        Assert.Contains("one label per example", Assert.Throws<ArgumentException>(() => Checks.OverfitOneBatch(model, loss, adam, randn(10, 20), labels.narrow(0, 0, 8))).Message);
        var wide = Assert.Throws<ArgumentException>(() => Checks.OverfitOneBatch(Mlp.Build([20, 3]), loss, adam, randn(10, 20), labels));
        Assert.Contains("[batch, at least 10]", wide.Message);
        Assert.Contains("[10, 3]", wide.Message);
        Assert.Contains("Module<Tensor, Tensor>", Assert.Throws<ArgumentException>(() => Checks.OverfitOneBatch(loss, loss, adam, randn(10, 20), labels)).Message);
    }

    /// <summary>Multiplies its input by 0: a model behind it never sees the data.</summary>
    private sealed class Blind() : nn.Module<Tensor, Tensor>(nameof(Blind))
    {
        public override Tensor forward(Tensor input) => input * 0;
    }

    [Fact]
    public void The_zero_input_baseline_tells_a_model_that_uses_its_data_from_one_that_does_not()
    {
        using var scope = NewDisposeScope();
        using var data = Synthetic.Blobs(50, 2, 0.5, seed: 4);
        var loss = nn.CrossEntropyLoss();
        Func<IEnumerable<Parameter>, optim.Optimizer> adam = ps => optim.Adam(ps, 0.01);

        var seeing = Checks.ZeroInputBaseline(() => Mlp.Build([2, 16, 2]), adam, loss, data, epochs: 20);
        Assert.True(seeing.Passed, seeing.Verdict);
        Assert.Equal(Math.Log(2), seeing.ZeroLoss, 0.02); // without inputs, only the class balance (50/50) is left
        Assert.True(seeing.RealLoss < 0.1, seeing.Verdict);
        Assert.True(seeing.RealAccuracy > 0.95);

        var blind = Checks.ZeroInputBaseline(() => nn.Sequential(("blind", new Blind()), ("linear", nn.Linear(2, 2))), adam, loss, data, epochs: 20);
        Assert.False(blind.Passed);
        Assert.Equal(blind.ZeroLoss, blind.RealLoss, 1e-6);
        Assert.Contains("the data is not used", blind.Verdict);
    }

    [Fact]
    public void Frozen_parameters_and_those_not_given_to_the_optimizer_are_named()
    {
        using var scope = NewDisposeScope();
        var model = Mlp.Build([4, 8, 2]);
        var (first, last) = ((Linear)model.named_children().First().module, (Linear)model.named_children().Last().module);
        first.bias!.requires_grad_(false);
        var check = Checks.UntrainedParameters(model, optim.SGD(last.parameters(), 0.1));
        Assert.False(check.Passed);
        Assert.Equal(["linear1.bias"], check.Frozen);
        Assert.Equal(["linear1.weight", "linear1.bias"], check.NotInOptimizer);
        Assert.EndsWith("(2 of 4 never updated)", check.Verdict);

        first.bias!.requires_grad_(true);
        var all = Checks.UntrainedParameters(model, optim.SGD(model.parameters(), 0.1));
        Assert.True(all.Passed);
        Assert.Equal("all 4 parameters are trained", all.Verdict);
    }

    [Fact]
    public void The_mode_check_names_the_layers_left_in_the_wrong_mode()
    {
        using var scope = NewDisposeScope();
        var model = Mlp.Build([4, 8, 8, 2], batchNorm: true, dropout: 0.5);
        model.train();
        var wrong = Checks.Mode(model, training: false);
        Assert.False(wrong.Passed);
        Assert.Equal(["batchnorm1", "dropout1", "batchnorm2", "dropout2"], wrong.WrongMode);
        Assert.Contains("call model.eval()", wrong.Verdict);
        model.eval();
        Assert.True(Checks.Mode(model, training: false).Passed);
        model.named_modules().Single(m => m.name == "dropout2").module.train();
        Assert.Equal(["dropout2"], Checks.Mode(model, training: false).WrongMode);
        Assert.Equal("no layer depends on the mode", Checks.Mode(Mlp.Build([4, 2]), training: false).Verdict);
    }

    [Fact]
    public void Checks_come_together_as_a_data_frame()
    {
        using var scope = NewDisposeScope();
        using var data = TenClasses(100, 5);
        var model = Model(1e-3);
        var df = Checks.ToDataFrame(
            Checks.LossAtInitialisation(model, nn.CrossEntropyLoss(), data),
            Checks.UntrainedParameters(model, optim.SGD(model.parameters(), 0.1)),
            Checks.Mode(model, training: true));
        Assert.Equal(["check", "passed", "verdict"], df.Columns.Select(c => c.Name));
        Assert.Equal(["loss at chance", "untrained parameters", "train/eval mode"], Enumerable.Range(0, 3).Select(i => (string)df["check"][i]));
        Assert.Equal(true, df["passed"][1]);
        Assert.Equal(Math.Log(3), Checks.ChanceLoss(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Checks.ChanceLoss(1));
    }
}

using Course.Data;
using Course.Diagnostics;
using Course.Init;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;
using Course.Tests.Training;
using Course.Training;

namespace Course.Tests.Diagnostics;

public class CheckTests
{
    private static Dataset TenClasses(int count, ulong seed)
    {
        var rng = new Rng(seed);
        return new Dataset(rng.Normal(count, 20), Enumerable.Range(0, count).Select(i => i % 10).ToArray(), 10);
    }

    private static Sequential Model(IInitScheme lastLayer, ulong seed = 1)
    {
        var rng = new Rng(seed);
        return new Sequential(new Linear(20, 64, rng), new Relu(), new Linear(64, 10, rng, lastLayer));
    }

    [Fact]
    public void Loss_at_initialisation_is_ln_10_with_a_small_last_layer()
    {
        var check = Checks.LossAtInitialisation(Model(new Normal(1e-3)), new SoftmaxCrossEntropy(), TenClasses(500, 2));
        Assert.True(check.Passed, check.ToString());
        Assert.Equal(Math.Log(10), check.Expected);
        Assert.Equal(2.3026, check.Measured, 2);
    }

    [Fact]
    public void A_large_last_layer_makes_the_initial_loss_too_high()
    {
        var check = Checks.LossAtInitialisation(Model(new Normal(1)), new SoftmaxCrossEntropy(), TenClasses(500, 2));
        Assert.False(check.Passed);
        Assert.True(check.Measured > 2 * Math.Log(10), check.ToString());
        Assert.Contains("too high", check.ToString());
    }

    [Fact]
    public void A_correct_model_overfits_one_small_batch()
    {
        var data = TenClasses(10, 3);
        var model = Model(new XavierUniform());
        var check = Checks.OverfitOneBatch(model, new SoftmaxCrossEntropy(), new Adam(model.Parameters(), 0.01),
            new Batch(data.Features, data.Labels), steps: 300);
        Assert.True(check.Passed, check.ToString());
        Assert.Equal(1.0, check.FinalAccuracy);
        Assert.True(check.StepReached > 1);
    }

    [Fact]
    public void A_frozen_model_cannot_overfit_and_the_frozen_parameters_are_listed()
    {
        var data = TenClasses(10, 3);
        var model = Model(new XavierUniform());
        foreach (var p in model.Parameters()) p.Frozen = true;
        var optimizer = new Adam(model.Parameters(), 0.01);
        var check = Checks.OverfitOneBatch(model, new SoftmaxCrossEntropy(), optimizer, new Batch(data.Features, data.Labels), steps: 50);
        Assert.False(check.Passed);
        Assert.Equal(check.Losses[0], check.FinalLoss);
        Assert.Equal(4, Checks.UntrainedParameters(model, optimizer).Count);

        var partly = Model(new XavierUniform());
        var onlyLast = new Sgd(partly[2].Parameters(), 0.1);
        Assert.Equal(["weight", "bias"], Checks.UntrainedParameters(partly, onlyLast).Select(p => p.Name));
    }

    [Fact]
    public void Chance_loss_is_ln_c() => Assert.Equal(Math.Log(3), Checks.ChanceLoss(3));
}

public class BaselineTests
{
    [Fact]
    public void A_model_trained_on_zeroed_inputs_only_learns_the_class_balance()
    {
        var train = Blobs.Make(200, 1);
        var zeroed = Checks.WithZeroInputs(train);
        Assert.Equal(0f, zeroed.Features.MaxAbs());
        Assert.Equal(train.Labels, zeroed.Labels);

        double Accuracy(Dataset data)
        {
            var rng = new Rng(2);
            var model = new Sequential(new Linear(2, 16, rng), new Relu(), new Linear(16, 2, rng));
            var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 0.1));
            trainer.Fit(new DataLoader(data, 20, new Rng(3)), epochs: 5);
            return trainer.Evaluate(data).Accuracy;
        }
        Assert.Equal(0.5, Accuracy(zeroed), 2);
        Assert.True(Accuracy(train) > 0.9);
    }
}

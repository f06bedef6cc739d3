using Course.Experiments;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

public class TrainingSetupTests
{
    [Fact]
    public void The_model_is_hidden_relu_output_with_the_chosen_bias_and_output_scale()
    {
        torch.manual_seed(1);
        using var model = new TrainingSetup { Hidden = 64, HiddenBias = -3, FinalLayerStd = 0.5 }.BuildModel(784, 10);
        var layers = model.children().ToArray();
        Assert.Equal(3, layers.Length);
        var (hidden, output) = ((Linear)layers[0], (Linear)layers[2]);
        Assert.True(hidden.bias!.eq(-3).all().item<bool>());
        Assert.Equal(Math.Sqrt(2.0 / 784), hidden.weight!.std().item<float>(), 0.002);
        Assert.Equal(0.5, output.weight!.std().item<float>(), 0.05);
        Assert.IsType<Softmax>(new TrainingSetup { SoftmaxBeforeLoss = true }.BuildModel(4, 2).children().Last());
    }

    [Fact]
    public void A_run_takes_exactly_the_planned_steps_repeats_for_the_same_seed_and_leaks_nothing()
    {
        using var data = OverfitBatch.Balanced(Digits.All, 50);
        var setup = new TrainingSetup { BatchSize = 20 };
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var a = setup.Train(data, 7, seed: 3);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        var b = setup.Train(data, 7, seed: 3);
        Assert.Equal(7, a.Steps);
        Assert.Null(a.StopReason);
        Assert.Equal(a.StepLoss, b.StepLoss);
        Assert.NotEqual(a.StepLoss, setup.Train(data, 7, seed: 4).StepLoss);
    }

    [Fact]
    public void Adam_at_3e_4_and_SGD_at_0_1_both_memorise_20_digits_SGD_ten_times_sooner()
    {
        using var twenty = OverfitBatch.Balanced(Digits.All, 20);
        Assert.True(new TrainingSetup().Train(twenty, 500, seed: 1).StepLoss[^1] < 0.03);
        var sgd = new TrainingSetup { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1 }.Train(twenty, 50, seed: 1);
        Assert.True(sgd.StepLoss[^1] < 0.01, sgd.ToString());
        Assert.True(new TrainingSetup().Train(twenty, 50, seed: 1).StepLoss[^1] > 1);
    }

    [Fact]
    public void The_description_names_what_differs_from_the_sensible_start()
    {
        Assert.Equal("hidden 32, Adam lr 0.0003, full batch", new TrainingSetup().ToString());
        Assert.Equal("hidden 32, SGD lr 0.1 momentum 0.9, batches of 20, hidden bias -5",
            (FailureCases.Healthy with { HiddenBias = -5 }).ToString());
        Assert.Contains("gradients never zeroed", (new TrainingSetup() with { ZeroGradEachStep = false }).ToString());
    }

    [Fact]
    public void Zero_steps_is_refused()
    {
        using var data = OverfitBatch.Balanced(Digits.All, 10);
        Assert.Contains("at least one step, but 0 came", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingSetup().Train(data, 0, 1)).Message);
    }
}

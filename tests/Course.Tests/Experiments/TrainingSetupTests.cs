using Course.Experiments;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Experiments;

public sealed class TrainingSetupTests
{
    [Fact]
    public void The_model_is_hidden_relu_output_with_the_chosen_bias_and_output_scale()
    {
        var model = new TrainingSetup { HiddenBias = -5, FinalLayerStd = 2 }.BuildModel(784, 10, new Rng(1));
        Assert.Equal(3, model.Count);
        var hidden = Assert.IsType<Linear>(model[0]);
        Assert.All(hidden.Bias!.Value.Data, b => Assert.Equal(-5f, b));
        Assert.InRange(((Linear)model[2]).Weight.Value.Std(), 1.6, 2.4);
        Assert.IsType<Softmax>(new TrainingSetup { SoftmaxBeforeLoss = true }.BuildModel(784, 10, new Rng(1))[3]);
    }

    [Fact]
    public void A_run_takes_exactly_the_planned_steps_and_repeats_for_the_same_seed()
    {
        var data = OverfitBatch.Balanced(Digits.All, 100);
        var setup = new TrainingSetup { BatchSize = 20 };
        var run = setup.Train(data, 13, seed: 4); // 13 is not a whole number of 5-batch epochs
        Assert.Equal(13, run.Steps);
        Assert.Equal(run.StepLoss, setup.Train(data, 13, seed: 4).StepLoss);
        Assert.NotEqual(run.StepLoss, setup.Train(data, 13, seed: 5).StepLoss);
    }

    [Fact]
    public void The_description_names_what_differs_from_the_healthy_recipe()
    {
        Assert.Equal("hidden 32, SGD lr 0.1 momentum 0.9, full batch", new TrainingSetup().ToString());
        var broken = new TrainingSetup { BatchSize = 20, ZeroGradEachStep = false, SignBug = SignBug.OutputLayer }.ToString();
        Assert.Contains("batches of 20", broken);
        Assert.Contains("gradients never zeroed", broken);
        Assert.Contains("output layer", broken);
    }

    [Fact]
    public void Zero_steps_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingSetup().Train(OverfitBatch.Balanced(Digits.All, 10), 0, 1));
    }
}

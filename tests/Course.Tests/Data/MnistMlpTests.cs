using System.Diagnostics;
using Course.Data;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;
using Course.Training;
using Xunit.Abstractions;

namespace Course.Tests.Data;

public class MnistMlpTests(ITestOutputHelper output)
{
    [Fact]
    public void A_784_128_10_mlp_passes_90_percent_validation_accuracy_within_three_epochs()
    {
        // The baseline the course quotes for MNIST: a plain MLP on raw pixels gets above 90%.
        var (train, validation) = Splits.TrainValidation(Mnist.Load(), 0.2, new Rng(1), stratify: true);
        var rng = new Rng(2);
        var model = new Sequential(new Linear(784, 128, rng), new Relu(), new Linear(128, 10, rng));
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 0.05, momentum: 0.9));

        var clock = Stopwatch.StartNew();
        var history = trainer.Fit(new DataLoader(train, 64, new Rng(3)), epochs: 3, validation);
        output.WriteLine($"{history} in {clock.Elapsed.TotalSeconds:F2} s; validation accuracy per epoch: {string.Join(", ", history.ValidationAccuracy.Select(a => a.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)))}");

        Assert.Equal((8000, 2000), (train.Count, validation.Count));
        Assert.Equal(3, history.Epochs);
        Assert.True(history.ValidationAccuracy[^1] >= 0.90, history.ToString());
        Assert.True(history.TrainLoss[^1] < history.TrainLoss[0], history.ToString());
    }
}

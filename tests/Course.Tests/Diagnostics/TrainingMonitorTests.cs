using Course.Data;
using Course.Diagnostics;
using Course.Models;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Diagnostics;

public class TrainingMonitorTests
{
    /// <summary>Passes its input on; once armed, the next forward's output holds a NaN (a planted fault at a known layer).</summary>
    private sealed class PlantNaN() : nn.Module<Tensor, Tensor>(nameof(PlantNaN))
    {
        public bool Armed { get; set; }

        public override Tensor forward(Tensor input)
        {
            var output = input.clone();
            if (Armed)
                using (no_grad()) output[0, 0].fill_(float.NaN);
            return output;
        }
    }

    private static Dataset Blobs() => Synthetic.Blobs(50, 2, 0.5, seed: 1);

    [Fact]
    public void Records_every_kth_training_step_and_no_evaluation_forward()
    {
        using var scope = NewDisposeScope();
        using var train = Blobs();
        using var validation = Synthetic.Blobs(20, 2, 0.5, seed: 2);
        manual_seed(3);
        var model = Mlp.Build([2, 8, 2]);
        var monitor = new TrainingMonitor(every: 5);
        var history = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1))
            .Fit(train, epochs: 2, batchSize: 10, validation: validation, callbacks: monitor);

        Assert.Equal(20, history.Steps);
        int[] recorded = [1, 6, 11, 16];
        Assert.Equal(recorded.SelectMany(s => Enumerable.Repeat(s, 3)), monitor.Activations.Select(a => a.Step));
        Assert.Equal(recorded.SelectMany(s => Enumerable.Repeat(s, 4)), monitor.Parameters.Select(p => p.Step));
        Assert.Equal(["linear1", "relu1", "linear2"], monitor.Activations.Take(3).Select(a => a.Layer));
        Assert.All(monitor.Parameters, p => Assert.InRange(p.UpdateRatio, 1e-5, 1));
        Assert.Null(monitor.FirstNonFinite);

        var df = monitor.ToDataFrame();
        Assert.Equal(["step", "layer", "tensor", "mean", "std", "saturated", "dead", "grad norm", "update ratio"], df.Columns.Select(c => c.Name));
        Assert.Equal(4 * (3 + 4), df.Rows.Count);
        Assert.Equal(["output", "output", "output", "weight", "bias", "weight", "bias"], Enumerable.Range(0, 7).Select(i => (string)df["tensor"][i]));
        Assert.Equal("linear2", df["layer"][5]);
    }

    [Fact]
    public void The_monitor_leaves_the_model_unprobed_after_training()
    {
        using var scope = NewDisposeScope();
        using var train = Blobs();
        var model = Mlp.Build([2, 8, 2]);
        var monitor = new TrainingMonitor();
        new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1)).Fit(train, epochs: 1, batchSize: 25, callbacks: monitor);
        int count = monitor.Activations.Count;
        Assert.Equal(4 * 3, count);
        model.train();
        model.call(train.Features);
        Assert.Equal(count, monitor.Activations.Count);
    }

    [Fact]
    public void A_nan_planted_at_a_known_layer_and_step_is_found_there()
    {
        using var scope = NewDisposeScope();
        using var train = Blobs();
        var plant = new PlantNaN();
        var model = nn.Sequential(("linear1", nn.Linear(2, 8)), ("relu1", nn.ReLU()), ("plant", plant), ("linear2", nn.Linear(8, 2)));
        var monitor = new TrainingMonitor(every: 3);
        var arm = TrainingCallback.OnStep(c => plant.Armed = c.Step == 6);
        var history = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1))
            .Fit(train, epochs: 5, batchSize: 10, callbacks: [monitor, arm]);
        Assert.True(history.Diverged);
        Assert.Equal(new NonFiniteValue(7, "plant", TensorKind.Output), monitor.FirstNonFinite);
    }

    [Fact]
    public void A_gradient_that_turns_nan_is_found_before_the_values_it_spoils()
    {
        using var scope = NewDisposeScope();
        using var train = Blobs();
        var model = nn.Sequential(("linear1", nn.Linear(2, 8)), ("sqrt", new SqrtOfZeroAt(step: 4)), ("linear2", nn.Linear(8, 2)));
        var monitor = new TrainingMonitor(every: 10);
        new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1)).Fit(train, epochs: 2, batchSize: 10, callbacks: monitor);
        // sqrt(0 * x) is 0 forward, but its derivative 0.5 / sqrt(0) * 0 is NaN: linear1's gradients go NaN at step 4.
        Assert.Equal(new NonFiniteValue(4, "linear1", TensorKind.Gradient, "linear1.weight"), monitor.FirstNonFinite);
    }

    /// <summary>x, plus sqrt(0 * x) from the given forward on: a finite output whose gradient is NaN.</summary>
    private sealed class SqrtOfZeroAt(int step) : nn.Module<Tensor, Tensor>(nameof(SqrtOfZeroAt))
    {
        private int _forwards;

        public override Tensor forward(Tensor input) => ++_forwards >= step ? input + (input * 0).sqrt() : input.alias();
    }

    [Fact]
    public void A_parameter_a_step_overflows_is_named_with_that_step()
    {
        using var scope = NewDisposeScope();
        using var blobs = Blobs();
        using var train = new Dataset(blobs.Features * 1000, blobs.Labels, 2);
        var model = Mlp.Build([2, 16, 16, 2]);
        var monitor = new TrainingMonitor(every: 1000);
        // lr * gradient exceeds float32's range: the first step itself leaves infinite weights.
        var history = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 1e38)).Fit(train, epochs: 5, batchSize: 10, callbacks: monitor);
        Assert.True(history.Diverged);
        Assert.Equal(new NonFiniteValue(1, "linear1", TensorKind.Value, "linear1.weight"), monitor.FirstNonFinite);
        Assert.Equal("step 1: linear1.weight holds a NaN or an infinity after the optimizer's step", monitor.FirstNonFinite!.ToString());
        Assert.All(monitor.Activations, a => Assert.True(double.IsFinite(a.Mean))); // step 1's forward was finite
    }

    [Fact]
    public void A_weight_broken_between_recorded_steps_is_found_at_the_step_that_left_it()
    {
        using var scope = NewDisposeScope();
        using var train = Blobs();
        var model = Mlp.Build([2, 64, 128, 2]);
        var linear2 = (TorchSharp.Modules.Linear)model.named_children().Single(c => c.name == "linear2").module;
        var monitor = new TrainingMonitor(every: 100);
        var breakIt = TrainingCallback.OnStep(c => { if (c.Step == 5) using (no_grad()) linear2.weight![100, 7].fill_(float.PositiveInfinity); });
        var history = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1)).Fit(train, epochs: 2, batchSize: 10, callbacks: [monitor, breakIt]);
        Assert.True(history.Diverged);
        // Step 6's forward meets the infinity in linear2's output; the weights read then show where it came from.
        Assert.Equal(new NonFiniteValue(5, "linear2", TensorKind.Value, "linear2.weight"), monitor.FirstNonFinite);
    }

    [Fact]
    public void Three_epochs_with_the_monitor_leave_the_live_tensor_count_flat()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var train = new Dataset(rand(640, 784), randint(0, 10, [640]), 10);
        var model = Mlp.Build([784, 256, 256, 10]);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.01, momentum: 0.9));
        var monitor = new TrainingMonitor(every: 1, histogramBins: 8);
        var live = new List<long>();
        var count = TrainingCallback.OnEpoch(_ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount));
        trainer.Fit(train, epochs: 3, batchSize: 64, callbacks: [monitor, count]);
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(3, live.Count);
        Assert.Equal(live[0], live[1]);
        Assert.Equal(live[0], live[2]);
        Assert.Equal(30 * 5, monitor.Activations.Count);
        Assert.Equal(30 * 6, monitor.Parameters.Count);

        // A second run without the monitor ends at the same count: the monitor holds no tensor.
        trainer.Fit(train, epochs: 1, batchSize: 64, callbacks: count);
        Assert.Equal(after, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Contains("every = 0", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingMonitor(every: 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingMonitor(histogramBins: -2));
    }
}

using Course.Data;
using Course.Diagnostics;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;
using Course.Tests.Training;
using Course.Training;

namespace Course.Tests.Diagnostics;

public class TrainingMonitorTests
{
    [Fact]
    public void Records_every_kth_step_with_update_ratios()
    {
        var rng = new Rng(1);
        var model = new Sequential(new Linear(2, 8, rng), new Relu(), new Linear(8, 2, rng));
        var monitor = new TrainingMonitor(every: 5);
        var sgd = new Sgd(model.Parameters(), 0.1);
        var history = new Trainer(model, new SoftmaxCrossEntropy(), sgd).Fit(new DataLoader(Blobs.Make(100, 2), 10), epochs: 2, null, monitor);

        Assert.Equal(20, history.Steps);
        Assert.Equal([1, 6, 11, 16], monitor.Records.Select(r => r.Step));
        var record = monitor.Records[0];
        Assert.Equal(3, record.Activations.Count);
        Assert.Equal(4, record.Parameters.Count);
        Assert.Equal(history.StepLoss[0], record.Loss);
        // For plain SGD the update is lr * grad, so the ratio is lr * ||g|| / ||w|| (the value norm is taken after the step).
        var w = record.Parameters[0];
        Assert.InRange(record.UpdateRatios[0], 0.1 * w.GradNorm / w.ValueNorm * 0.9, 0.1 * w.GradNorm / w.ValueNorm * 1.1);
        Assert.Null(monitor.FirstNonFinite);
    }

    [Fact]
    public void Finds_the_step_and_layer_where_values_first_become_non_finite()
    {
        var rng = new Rng(1);
        var model = new Sequential(new Linear(2, 16, rng), new Relu(), new Linear(16, 16, rng), new Relu(), new Linear(16, 2, rng));
        var monitor = new TrainingMonitor(every: 1000);
        var history = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 1e30))
            .Fit(new DataLoader(Blobs.Make(100, 1), 10), epochs: 5, null, monitor);
        Assert.True(history.Diverged);
        Assert.NotNull(monitor.FirstNonFinite);
        Assert.Equal(2, monitor.FirstNonFiniteStep);
        Assert.Equal(2, monitor.FirstNonFinite!.LayerIndex);
    }
}

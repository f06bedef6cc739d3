using Course.Data;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Regularization;
using Course.Tensors;
using Course.Tests.Training;
using Course.Training;

namespace Course.Tests.Regularization;

public class EarlyStoppingTests
{
    /// <summary>Few, noisy, overlapping training examples and a large network: validation loss falls, then climbs.</summary>
    private static (Trainer Trainer, DataLoader Train, Dataset Validation) Overfitting()
    {
        var train = Blobs.Make(30, seed: 1, separation: 1.5f);
        var labels = (int[])train.Labels.Clone();
        for (int i = 0; i < labels.Length; i += 5) labels[i] = 1 - labels[i];
        train = new Dataset(train.Features, labels, 2);
        var rng = new Rng(2);
        var model = new Sequential(new Linear(2, 128, rng), new Relu(), new Linear(128, 128, rng), new Relu(), new Linear(128, 2, rng));
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Adam(model.Parameters(), 0.01));
        return (trainer, new DataLoader(train, 10, new Rng(3)), Blobs.Make(400, seed: 4, separation: 1.5f));
    }

    [Fact]
    public void Stops_after_patience_and_restores_the_best_weights()
    {
        var (trainer, train, validation) = Overfitting();
        var early = new EarlyStopping(patience: 5);
        var history = trainer.Fit(train, epochs: 200, validation, early);

        Assert.True(history.Epochs < 200, history.ToString());
        Assert.Equal(early.BestEpoch + 5, history.Epochs);
        Assert.StartsWith("early stopping", history.StopReason);
        Assert.Equal(history.ValidationLoss.Min(), early.BestLoss);
        Assert.True(history.ValidationLoss[^1] > early.BestLoss);
        Assert.True(early.Restored);
        // The model now scores exactly what it scored at the best epoch.
        Assert.Equal(early.BestLoss, trainer.Evaluate(validation).Loss);
    }

    [Fact]
    public void Without_restore_the_last_weights_stay()
    {
        var (trainer, train, validation) = Overfitting();
        var early = new EarlyStopping(patience: 5, restoreBestWeights: false);
        var history = trainer.Fit(train, epochs: 200, validation, early);
        Assert.False(early.Restored);
        Assert.Equal(history.ValidationLoss[^1], trainer.Evaluate(validation).Loss);
    }

    [Fact]
    public void Needs_a_validation_set()
    {
        var (trainer, train, _) = Overfitting();
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Fit(train, epochs: 3, null, new EarlyStopping(2)));
        Assert.Contains("validation", e.Message);
    }

    [Fact]
    public void Snapshot_restores_batch_norm_running_statistics_too()
    {
        var bn = new BatchNorm(3);
        var snapshot = new ParameterSnapshot(bn);
        bn.Forward(new Rng(1).Normal(8, 3, 5, 2), training: true);
        bn.Gamma.Value.Fill(9);
        Assert.NotEqual(0f, bn.RunningMean.MaxAbs());
        snapshot.Restore();
        Assert.Equal(0f, bn.RunningMean.MaxAbs());
        Assert.Equal([1f, 1f, 1f], bn.RunningVariance.Data);
        Assert.Equal([1f, 1f, 1f], bn.Gamma.Value.Data);
    }
}

using Course.Data;
using Course.Experiments;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Experiments;

public class BatchNormModesTests
{
    // Four shifted clouds in 6 dimensions: enough for a BatchNorm network to have something to normalise.
    private static Dataset Clouds(ulong seed, int perClass = 40)
    {
        var rng = new Rng(seed);
        var labels = Enumerable.Range(0, 4 * perClass).Select(i => i % 4).ToArray();
        var x = new Matrix(labels.Length, 6);
        for (int i = 0; i < labels.Length; i++)
            for (int j = 0; j < 6; j++) x[i, j] = 2f + (j == labels[i] ? 3f : 0f) + rng.Normal();
        return new Dataset(x, labels, 4);
    }

    private static Sequential TrainedNet(Dataset data, ulong seed)
    {
        var rng = new Rng(seed);
        var model = new Sequential(new Linear(6, 16, rng, bias: false), new BatchNorm(16), new Relu(), new Linear(16, 4, rng));
        BatchNormModes.Train(model, data, epochs: 5, rng.Fork());
        return model;
    }

    [Fact]
    public void Evaluation_mode_predictions_do_not_depend_on_the_batch_size_but_training_mode_ones_do()
    {
        var data = Clouds(1);
        var model = TrainedNet(data, 2);
        var one = BatchNormModes.Predict(model, data.Features, training: false, batchSize: 1);
        var all = BatchNormModes.Predict(model, data.Features, training: false, batchSize: data.Count);
        Assert.Equal(one, all);
        var pairs = BatchNormModes.Predict(model, data.Features, training: true, batchSize: 2);
        var whole = BatchNormModes.Predict(model, data.Features, training: true, batchSize: data.Count);
        Assert.True(BatchNormModes.Disagreement(pairs, whole) > 0.05, "batches of 2 should change some predictions");
    }

    [Fact]
    public void Predict_in_training_mode_leaves_the_running_statistics_and_weights_as_they_were()
    {
        var data = Clouds(3);
        var model = TrainedNet(data, 4);
        var bn = (BatchNorm)model[1];
        var mean = bn.RunningMean.Clone();
        var variance = bn.RunningVariance.Clone();
        var weights = model.Parameters().Select(p => p.Value.Clone()).ToArray();
        BatchNormModes.Predict(model, BatchNormModes.SortedByClass(data).Features, training: true, batchSize: 8);
        Assert.Equal(mean.Data, bn.RunningMean.Data);
        Assert.Equal(variance.Data, bn.RunningVariance.Data);
        Assert.All(model.Parameters().Zip(weights), pair => Assert.Equal(pair.Second.Data, pair.First.Value.Data));
    }

    [Fact]
    public void Single_class_batches_in_training_mode_ruin_the_predictions_of_a_trained_net()
    {
        var data = Clouds(5);
        var model = TrainedNet(data, 6);
        var sorted = BatchNormModes.SortedByClass(data);
        double evaluation = BatchNormModes.Accuracy(model, sorted, training: false, batchSize: 40);
        double singleClass = BatchNormModes.Accuracy(model, sorted, training: true, batchSize: 40);
        Assert.True(evaluation > 0.9, $"evaluation-mode accuracy {evaluation}");
        Assert.True(singleClass < 0.5, $"single-class training-mode accuracy {singleClass}");
    }

    [Fact]
    public void SortedByClass_keeps_every_example_and_orders_the_labels()
    {
        var data = Clouds(7, perClass: 5);
        var sorted = BatchNormModes.SortedByClass(data);
        Assert.Equal(data.Labels.Order(), sorted.Labels);
        Assert.Equal(data.ClassCounts(), sorted.ClassCounts());
        // Stable: the first example of class 0 keeps its features.
        int first = Array.IndexOf(data.Labels, 0);
        Assert.Equal(data.Features.Row(first).ToArray(), sorted.Features.Row(0).ToArray());
    }

    [Fact]
    public void Accuracy_and_disagreement_count_positions_and_refuse_mismatched_lengths()
    {
        Assert.Equal(0.75, BatchNormModes.AccuracyOf([1, 2, 3, 4], [1, 2, 3, 0]));
        Assert.Equal(0.5, BatchNormModes.Disagreement([1, 2, 3, 4], [1, 0, 3, 0]));
        var e = Assert.Throws<ArgumentException>(() => BatchNormModes.AccuracyOf([1, 2], [1, 2, 3]));
        Assert.Contains("2", e.Message);
        Assert.Contains("3", e.Message);
        Assert.Throws<ArgumentException>(() => BatchNormModes.Disagreement([], []));
    }

    [Fact]
    public void A_prediction_in_training_mode_moves_with_its_companions_and_in_evaluation_mode_does_not()
    {
        var data = Clouds(8);
        var model = TrainedNet(data, 9);
        var withCompanions = BatchNormModes.TrueClassProbabilityWithCompanions(model, data, example: 3, companions: 3, trials: 20, new Rng(10));
        Assert.True(withCompanions.Max() - withCompanions.Min() > 0.05, $"probabilities {string.Join(", ", withCompanions)}");
        double alone = BatchNormModes.TrueClassProbability(model, data, example: 3);
        Assert.Equal(alone, BatchNormModes.TrueClassProbability(model, data, example: 3));
        Assert.InRange(alone, 0, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormModes.TrueClassProbability(model, data, example: data.Count));
    }

    [Fact]
    public void FixedMode_runs_its_model_in_one_mode_whatever_the_caller_asks()
    {
        var bn = new BatchNorm(3);
        var stuck = new FixedMode(new Sequential(bn), training: false);
        var x = new Rng(11).Normal(8, 3, mean: 4, std: 2);
        var y = stuck.Forward(x, training: true);
        // Evaluation mode with fresh statistics (0 and 1): no normalisation, and nothing tracked.
        Assert.All(bn.RunningMean.Data, v => Assert.Equal(0f, v));
        Assert.Equal(x[0, 0] / MathF.Sqrt(1 + bn.Epsilon), y[0, 0], 5);
        Assert.Equal([bn.Gamma, bn.Beta], stuck.Parameters());
        Assert.Equal([bn.RunningMean, bn.RunningVariance], stuck.Statistics());
        Assert.Same(y, stuck.Output);
        var dx = stuck.Backward(new Rng(12).Normal(8, 3));
        Assert.Same(dx, stuck.InputGradient);
    }

    [Fact]
    public void Never_tracked_statistics_evaluate_with_mean_0_and_variance_1_and_measuring_restores_them()
    {
        var data = Clouds(13);
        var model = TrainedNet(data, 14);
        var bn = (BatchNorm)model[1];
        var mean = bn.RunningMean.Clone();
        var report = BatchNormModes.Measure(model, data);
        Assert.Equal(mean.Data, bn.RunningMean.Data);
        Assert.True(report.EvaluationMode > report.TrainingModeSingleClass);
        Assert.InRange(report.SingleClassDisagreement, 0, 1);
        Assert.NotEqual(report.EvaluationMode, report.StatisticsNeverTracked);
    }
}

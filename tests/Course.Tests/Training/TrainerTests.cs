using Course.Data;
using Course.Init;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;
using Course.Training;

namespace Course.Tests.Training;

public class TrainerTests
{
    private static Sequential Mlp(Rng rng, int inputs = 2, int hidden = 16, int classes = 2) =>
        new(new Linear(inputs, hidden, rng), new Relu(), new Linear(hidden, hidden, rng), new Relu(), new Linear(hidden, classes, rng, new XavierUniform()));

    [Fact]
    public void A_small_mlp_learns_two_blobs()
    {
        var train = Blobs.Make(400, seed: 1);
        var validation = Blobs.Make(200, seed: 2);
        var model = Mlp(new Rng(3));
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 0.05, momentum: 0.9));
        var history = trainer.Fit(new DataLoader(train, 32, new Rng(4)), epochs: 10, validation);

        Assert.Equal(10, history.Epochs);
        Assert.Equal(10 * 13, history.Steps);
        Assert.True(history.TrainAccuracy[^1] > 0.95, history.ToString());
        Assert.True(trainer.Evaluate(train).Accuracy > 0.95);
        Assert.True(history.ValidationAccuracy[^1] > 0.95, history.ToString());
        Assert.True(history.TrainLoss[^1] < history.TrainLoss[0] / 2, history.ToString());
        Assert.Null(history.StopReason);

        int[] predicted = trainer.Predict(validation.Features);
        double accuracy = predicted.Zip(validation.Labels).Count(p => p.First == p.Second) / (double)validation.Count;
        Assert.Equal(history.ValidationAccuracy[^1], accuracy, 12);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_losses_over_three_epochs()
    {
        static double[] Run()
        {
            var model = Mlp(new Rng(7));
            var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 0.05, momentum: 0.9));
            return trainer.Fit(new DataLoader(Blobs.Make(300, 8), 16, new Rng(9)), epochs: 3, Blobs.Make(100, 10)).StepLoss.ToArray();
        }
        var first = Run();
        var second = Run();
        Assert.Equal(3 * 19, first.Length);
        Assert.Equal(first, second); // exact equality of every double
        Assert.NotEqual(first[0], first[^1]);
    }

    [Fact]
    public void A_callback_can_stop_training()
    {
        var model = Mlp(new Rng(1));
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 0.05));
        var history = trainer.Fit(new DataLoader(Blobs.Make(100, 1), 10), epochs: 5, null,
            TrainingCallback.OnStep(c => { if (c.Step == 23) c.Stop("enough"); }));
        Assert.Equal(23, history.Steps);
        Assert.Equal("enough", history.StopReason);
        Assert.Equal(3, history.Epochs); // the interrupted third epoch still reports its batches
        Assert.True(double.IsNaN(history.ValidationLoss[0]));
    }

    [Fact]
    public void A_diverging_run_stops_and_says_where_the_first_non_finite_value_is()
    {
        var model = Mlp(new Rng(1));
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 1e30));
        var history = trainer.Fit(new DataLoader(Blobs.Make(100, 1), 10), epochs: 5);
        Assert.True(history.Diverged);
        Assert.Contains("non-finite", history.StopReason);
        Assert.Contains("first non-finite value in layer 2 (Linear(16->16)) output", history.StopReason);
    }

    [Fact]
    public void Predict_refuses_a_batch_size_below_one_instead_of_looping_forever()
    {
        var model = new Sequential(new Linear(3, 2, new Rng(1)));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Predict(model, new SoftmaxCrossEntropy(), new Matrix(4, 3), batchSize: 0));
        Assert.Contains("at least 1, but 0 came", e.Message);
    }

    [Fact]
    public void Predict_runs_in_evaluation_mode_unless_training_is_asked_for()
    {
        // Dropout that drops almost everything: in training mode the logits collapse to the bias, in evaluation mode not.
        var rng = new Rng(3);
        var model = new Sequential(new Dropout(0.99f, new Rng(4)), new Linear(8, 5, rng));
        var x = rng.Normal(64, 8);
        var loss = new SoftmaxCrossEntropy();
        var evaluation = Trainer.Predict(model, loss, x);
        Assert.Equal(Trainer.Predict(model, loss, x, training: false), evaluation);
        Assert.NotEqual(evaluation, Trainer.Predict(model, loss, x, training: true));
    }
}

using Course.Data;
using Course.Experiments;
using Course.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

[Collection(BatchNormLessonCollection.Name)]
public class TrainEvalModesTests(BatchNormLessonData data)
{
    // The lesson's classifier: 784 -> 64 -> 64 -> 10, a batch norm after each hidden Linear, three epochs of Adam.
    private Sequential Trained(long seed)
    {
        torch.manual_seed(seed);
        var model = nn.Sequential(
            nn.Linear(784, 64, hasBias: false), nn.BatchNorm1d(64), nn.ReLU(),
            nn.Linear(64, 64, hasBias: false), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 10));
        new Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), 1e-3)).Fit(data.Train, 3, 50, shuffleSeed: seed);
        return model;
    }

    private static float[] Buffers(nn.Module model) => model.buffers().SelectMany(b => b.to(float32).data<float>().ToArray()).ToArray();

    [Fact]
    public void Compare_shows_the_lessons_losses_on_five_seeds_and_leaves_the_model_as_it_found_it()
    {
        foreach (long seed in new long[] { 1, 2, 3, 4, 5 })
        {
            var model = Trained(seed);
            var before = Buffers(model);
            bool mode = model.training;
            long live = BatchNormLessonData.LiveTensors;
            var table = TrainEvalModes.Compare(model, data.Test, 200, 2);
            Assert.Equal(live, BatchNormLessonData.LiveTensors);
            Assert.Equal(before, Buffers(model));
            Assert.Equal(mode, model.training);

            Assert.Equal(["evaluation mode", "training mode, random batches", "training mode, random batches", "training mode, batches sorted by class"],
                table["how the test digits went through"].Cast<string>());
            double eval = (double)table["accuracy"][0];
            Assert.Equal(0.0, (double)table["change"][0]);
            Assert.InRange(eval, 0.89, 0.94);                                 // the lesson's band
            Assert.InRange((double)table["change"][1], -0.03, 0.03);          // big random batches hide the bug
            Assert.True(-(double)table["change"][2] > 0.35, $"seed {seed}: batches of 2 lost {-(double)table["change"][2]}");
            Assert.True(-(double)table["change"][3] > 0.6, $"seed {seed}: sorted batches lost {-(double)table["change"][3]}");
        }
    }

    [Fact]
    public void Predicting_in_training_mode_moves_the_running_statistics_and_Accuracy_does_not()
    {
        var model = Trained(1);
        var bn = (BatchNorm1d)model[1];
        var ones = TrainEvalModes.OfClass(data.Test, 1);
        double eval = TrainEvalModes.Accuracy(model, data.Test);
        var before = Buffers(model);
        TrainEvalModes.Accuracy(model, ones, batchSize: 25, training: true);
        Assert.Equal(before, Buffers(model));

        // What the lesson's forgetful helper does: twenty training-mode requests of 25 ones, then a proper evaluation.
        using (new BufferSnapshot(model))
        {
            model.train();
            using (no_grad())
                for (int request = 0; request < 20; request++)
                    model.call(ones.Features.narrow(0, request % 4 * 25, 25)).Dispose();
            Assert.NotEqual(before, Buffers(model));
            double served = TrainEvalModes.Accuracy(model, data.Test);
            Assert.True(eval - served > 0.07, $"accuracy {eval} before serving, {served} after");
        }
        Assert.Equal(before, Buffers(model));
    }

    [Fact]
    public void A_digit_in_training_mode_answers_differently_with_different_companions_and_the_same_for_the_same_seed()
    {
        var model = Trained(1);
        var p = TrainEvalModes.TrueClassProbabilityWithCompanions(model, data.Test, example: 0, companions: 7, trials: 40, seed: 7);
        Assert.Equal(p, TrainEvalModes.TrueClassProbabilityWithCompanions(model, data.Test, 0, 7, 40, seed: 7));
        Assert.True(p.Max() - p.Min() > 0.5, $"probabilities span {p.Max() - p.Min()}");
        Assert.All(p, v => Assert.InRange(v, 0, 1));
        double alone = TrainEvalModes.TrueClassProbability(model, data.Test, example: 0);
        Assert.Equal(alone, TrainEvalModes.TrueClassProbability(model, data.Test, example: 0));
        Assert.InRange(alone, p.Min(), p.Max());
    }

    [Fact]
    public void Companions_are_drawn_from_the_other_examples_only()
    {
        // Two examples and one companion: the companion can only be the other example.
        var pair = data.Test.Take(2);
        var model = Trained(1);
        var p = TrainEvalModes.TrueClassProbabilityWithCompanions(model, pair, example: 1, companions: 1, trials: 5, seed: 3);
        using var keep = new BufferSnapshot(model);
        model.train();
        using var noGrad = no_grad();
        using var rows = tensor(new long[] { 1, 0 });
        using var output = model.call(pair.Features.index_select(0, rows)).softmax(1);
        float expected = output[0, pair.Labels[1].item<long>()].item<float>();
        Assert.All(p, v => Assert.Equal(expected, v, 6));
    }

    [Fact]
    public void Sorting_by_label_is_stable_and_OfClass_keeps_one_class()
    {
        var sample = data.Test.Take(50);
        var sorted = Rebalance.SortedByLabel(sample);
        var labels = sample.Labels.data<long>().ToArray();
        Assert.Equal(labels.Order(), sorted.Labels.data<long>().ToArray());
        Assert.Equal(sample.ClassCounts(), sorted.ClassCounts());
        int first = Array.IndexOf(labels, labels.Min());
        Assert.Equal(sample.Features[first].data<float>().ToArray(), sorted.Features[0].data<float>().ToArray());

        var sevens = TrainEvalModes.OfClass(sample, 7);
        Assert.All(sevens.Labels.data<long>().ToArray(), l => Assert.Equal(7, l));
        Assert.Equal(labels.Count(l => l == 7), sevens.Count);
        var none = Assert.Throws<ArgumentException>(() => TrainEvalModes.OfClass(sample, 12));
        Assert.Contains("class 12", none.Message);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_what_came()
    {
        var model = Trained(1);
        Assert.Contains("1000", Assert.Throws<ArgumentOutOfRangeException>(() => TrainEvalModes.TrueClassProbability(model, data.Test, 1000)).Message);
        Assert.Contains("0 came", Assert.Throws<ArgumentOutOfRangeException>(() =>
            TrainEvalModes.TrueClassProbabilityWithCompanions(model, data.Test, 0, companions: 0, trials: 3, seed: 1)).Message);
        Assert.Contains("0 came", Assert.Throws<ArgumentOutOfRangeException>(() =>
            TrainEvalModes.TrueClassProbabilityWithCompanions(model, data.Test, 0, companions: 3, trials: 0, seed: 1)).Message);
    }

    [Fact]
    public void BufferSnapshot_puts_changed_buffers_back_and_frees_its_copies()
    {
        var bn = nn.BatchNorm1d(3);
        using var x = randn(8, 3) + 5;
        long live = BatchNormLessonData.LiveTensors;
        using (new BufferSnapshot(bn))
        {
            bn.call(x).Dispose();
            Assert.NotEqual(0f, bn.running_mean!.data<float>()[0]);
        }
        Assert.Equal(live, BatchNormLessonData.LiveTensors);
        Assert.Equal([0f, 0f, 0f], bn.running_mean!.data<float>().ToArray());
        Assert.Equal([1f, 1f, 1f], bn.running_var!.data<float>().ToArray());
        Assert.Equal(0L, bn.num_batches_tracked!.data<long>()[0]);
    }
}

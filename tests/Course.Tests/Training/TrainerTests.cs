using Course.Data;
using Course.Models;
using Course.Regularization;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Course.Tests.Training;

public class TrainerTests
{
    private static (Sequential Model, Trainer Trainer) Setup(double lr = 0.05, int seed = 1, bool zeroGrad = true, double? clip = null, Penalty? penalty = null)
    {
        torch.manual_seed(seed);
        var model = Mlp.Build([2, 16, 3]);
        return (model, new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr, momentum: 0.9))
        {
            ZeroGradEachStep = zeroGrad, ClipGradNorm = clip, Penalty = penalty,
        });
    }

    [Fact]
    public void Augment_changes_every_training_batch_before_the_model_sees_it_and_never_the_validation_data()
    {
        using var train = Synthetic.Blobs(20, 3, std: 0.5, seed: 1);
        var (model, _) = Setup();
        var seen = new List<(bool Training, float Largest)>();
        var hook = model.register_forward_pre_hook((m, x) => { seen.Add((m.training, x.abs().max().item<float>())); return x; });
        int calls = 0;
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.01)) { Augment = x => { calls++; return x * 0; } };
        History history;
        try
        {
            history = trainer.Fit(train, epochs: 2, batchSize: 16, train);
        }
        finally
        {
            hook.remove();
        }

        Assert.Equal(2 * train.BatchCount(16), calls);
        Assert.Equal(history.Steps, seen.Count(s => s.Training));
        Assert.All(seen.Where(s => s.Training), s => Assert.Equal(0, s.Largest));      // training saw the zeroed batches only
        Assert.All(seen.Where(s => !s.Training), s => Assert.True(s.Largest > 0));     // validation saw the data as given
    }

    [Fact]
    public void Training_separates_three_blobs_and_the_history_holds_every_epoch_and_step()
    {
        using var train = Synthetic.Blobs(100, 3, std: 0.5, seed: 1);
        using var validation = Synthetic.Blobs(50, 3, std: 0.5, seed: 2);
        var (_, trainer) = Setup();

        var history = trainer.Fit(train, epochs: 10, batchSize: 32, validation);

        Assert.Equal(10, history.Epochs);
        Assert.Equal(10 * 10, history.Steps);
        Assert.InRange(history.TrainLoss[0], 0.2, 1.2);
        Assert.True(history.ValidationAccuracy[^1] > 0.97, history.ToString());
        Assert.True(history.TrainLoss[^1] < 0.1, history.ToString());
        Assert.Null(history.StopReason);
        var table = history.ToDataFrame();
        Assert.Equal(10, table.Rows.Count);
        Assert.Equal(history.ValidationAccuracy[^1], (double)table["validation accuracy"][9]!);
    }

    [Fact]
    public void Five_epochs_of_the_784_256_256_10_MLP_leave_the_live_tensor_count_flat_from_epoch_2()
    {
        using var digits = Mnist.Load().Take(1024);
        torch.manual_seed(1);
        using var model = Mlp.Build([784, 256, 256, 10]);
        using var sgd = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        var live = new List<long>();

        new Trainer(model, nn.CrossEntropyLoss(), sgd).Fit(digits, 5, 64, digits, 0,
            TrainingCallback.OnEpoch(_ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount)));

        Assert.Equal(5, live.Count);
        Assert.All(live.Skip(1), count => Assert.Equal(live[1], count));
    }

    [Fact]
    public void The_same_seeds_give_the_same_run_bit_for_bit()
    {
        using var train = Synthetic.Moons(100, 0.2, seed: 4);
        var a = Setup().Trainer.Fit(train, 3, 16, shuffleSeed: 9);
        var b = Setup().Trainer.Fit(train, 3, 16, shuffleSeed: 9);
        var c = Setup().Trainer.Fit(train, 3, 16, shuffleSeed: 10);
        Assert.Equal(a.StepLoss, b.StepLoss);
        Assert.NotEqual(a.StepLoss, c.StepLoss);
    }

    [Fact]
    public void The_recorded_gradient_norm_is_the_norm_before_clipping_and_clipping_caps_the_update()
    {
        using var train = Synthetic.Blobs(64, 3, std: 1, seed: 5);
        var (model, trainer) = Setup(clip: 0.01);
        var clipped = new List<double>();
        trainer.Fit(train, 1, 64, shuffleSeed: null, callbacks: TrainingCallback.OnBackward(c =>
            clipped.Add(Math.Sqrt(c.Model.parameters().Sum(p => p.grad!.square().sum().item<float>())))));

        Assert.True(trainer.Fit(train, 0, 64).Steps == 0);
        var first = Setup().Trainer.Fit(train, 1, 64, shuffleSeed: null);
        Assert.Equal(first.StepGradNorm[0], Setup(clip: 0.01).Trainer.Fit(train, 1, 64, shuffleSeed: null).StepGradNorm[0], 6);
        Assert.True(first.StepGradNorm[0] > 0.1);
        Assert.Equal(0.01, clipped[0], 4);
    }

    [Fact]
    public void Never_zeroing_the_gradients_makes_each_step_follow_the_sum_of_all_gradients_so_far()
    {
        using var train = Synthetic.Blobs(32, 3, std: 1, seed: 6);
        var norms = new List<double>();
        var (_, trainer) = Setup(lr: 0, zeroGrad: false);
        trainer.Fit(train, 3, train.Count, shuffleSeed: null, callbacks: TrainingCallback.OnStep(c => norms.Add(c.GradNorm)));
        // lr 0: the weights never move, so every step adds the same gradient again.
        Assert.Equal(2 * norms[0], norms[1], 4);
        Assert.Equal(3 * norms[0], norms[2], 4);
    }

    [Fact]
    public void A_run_whose_loss_explodes_stops_and_says_where()
    {
        using var train = Synthetic.Blobs(64, 3, std: 1, seed: 7);
        var (_, trainer) = Setup(lr: 1e6);
        var history = trainer.Fit(train, 50, 8);
        Assert.True(history.Diverged);
        Assert.Matches(@"^the (model's output|loss) became non-finite.* at epoch \d+, step \d+$", history.StopReason);
        Assert.True(history.Steps < 50 * 8);
    }

    [Fact]
    public void A_penalty_adds_its_gradient_but_the_history_records_the_data_loss()
    {
        using var train = Synthetic.Blobs(16, 3, std: 1, seed: 8);
        var plain = Setup(lr: 0).Trainer.Fit(train, 1, 16, shuffleSeed: null);
        var penalised = Setup(lr: 0, penalty: new L2Penalty(10)).Trainer.Fit(train, 1, 16, shuffleSeed: null);
        Assert.Equal(plain.StepLoss[0], penalised.StepLoss[0], 6);
        Assert.True(penalised.StepGradNorm[0] > 2 * plain.StepGradNorm[0]);
    }

    [Fact]
    public void Evaluate_and_Predict_run_in_evaluation_mode_and_restore_the_models_mode()
    {
        torch.manual_seed(1);
        var model = Mlp.Build([2, 8, 2], dropout: 0.5);
        using var data = Synthetic.Moons(20, 0.1, seed: 1);
        model.train();
        var first = Trainer.Evaluate(model, nn.CrossEntropyLoss(), data);
        Assert.True(model.training);
        Assert.Equal(first, Trainer.Evaluate(model, nn.CrossEntropyLoss(), data));   // no dropout: the same numbers twice
        using var classes = Trainer.Predict(model, data.Features, batchSize: 7);
        Assert.Equal([40L], classes.shape);
        Assert.Equal(ScalarType.Int64, classes.dtype);
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Predict(model, data.Features, batchSize: 0));
    }
}

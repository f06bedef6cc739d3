using Course.Data;
using Course.Models;
using Course.Regularization;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Course.Tests.Regularization;

public class RegularizationTests
{
    private static Sequential Model(float weight)
    {
        var model = Mlp.Build([3, 2]);
        using var noGrad = no_grad();
        foreach (var p in model.parameters()) p.fill_(weight);
        return model;
    }

    [Fact]
    public void L2_is_lambda_over_2m_times_the_squared_weights_and_its_gradient_lambda_over_m_times_w()
    {
        var model = Model(0.5f);   // 6 weights of 0.5, 2 biases of 0.5 (biases are not penalised)
        var penalty = new L2Penalty(lambda: 0.4, examples: 2);
        Assert.Equal(0.4 / 4 * 6 * 0.25, penalty.Value(model), 6);
        penalty.Term(model).backward();
        var weight = model.parameters().First(p => p.dim() == 2);
        Assert.True(weight.grad!.allclose(full(2, 3, 0.4f / 2 * 0.5f)));
        Assert.Null(model.parameters().First(p => p.dim() == 1).grad);
    }

    [Fact]
    public void L1_pulls_with_the_same_force_whatever_the_size_and_elastic_net_adds_both()
    {
        var model = Model(-2f);
        new L1Penalty(0.3).Term(model).backward();
        Assert.True(model.parameters().First(p => p.dim() == 2).grad!.allclose(full(2, 3, -0.3f)));
        Assert.Equal(6 * (0.1 * 2 + 0.2 / 2 * 4), new ElasticNetPenalty(0.1, 0.2).Value(model), 5);
        Assert.Contains("lambda must be a finite number >= 0, but -1 came", Assert.Throws<ArgumentOutOfRangeException>(() => new L2Penalty(-1)).Message);
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement_and_restores_the_best_weights()
    {
        using var train = Synthetic.Blobs(40, 2, std: 3, seed: 1);
        using var validation = Synthetic.Blobs(40, 2, std: 3, seed: 2);
        torch.manual_seed(1);
        var model = Mlp.Build([2, 64, 64, 2]);
        var stopper = new EarlyStopping(patience: 3);
        var kept = new Dictionary<int, Tensor>();
        var history = new Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), 0.05))
            .Fit(train, 200, 8, validation, 0, stopper, TrainingCallback.OnEpoch(c => kept[c.Epoch] = c.Model.parameters().First().detach().clone()));

        Assert.StartsWith("early stopping", history.StopReason);
        Assert.Equal(stopper.BestEpoch + 3, history.Epochs);
        Assert.Equal(history.ValidationLoss.Min(), stopper.BestLoss);
        Assert.True(stopper.Restored);
        Assert.True(model.parameters().First().Equals(kept[stopper.BestEpoch]));
    }
}

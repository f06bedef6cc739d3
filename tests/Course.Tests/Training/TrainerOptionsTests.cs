using Course.Data;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Regularization;
using Course.Tensors;
using Course.Training;

namespace Course.Tests.Training;

public class TrainerOptionsTests
{
    private static Sequential Model() =>
        new(new Linear(2, 8, new Rng(1)), new Tanh(), new Linear(8, 2, new Rng(2)));

    [Fact]
    public void Without_zeroing_each_step_follows_the_sum_of_all_gradients_so_far()
    {
        var data = Blobs.Make(20, 3);
        var model = Model();
        var grads = new List<float[]>();
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 0)) { ZeroGradEachStep = false };
        trainer.Fit(new DataLoader(data, 10), epochs: 1, null,
            TrainingCallback.OnStep(c => grads.Add((float[])c.Optimizer.Parameters[0].Grad.Data.Clone())));

        // With lr 0 the weights never move, so batch 2's own gradient is what a fresh backward gives.
        var fresh = Model();
        var loss = new SoftmaxCrossEntropy();
        var second = data.Subset(Enumerable.Range(10, 10).ToArray());
        loss.Forward(fresh.Forward(second.Features, training: true), second.Labels);
        fresh.Backward(loss.Backward());
        var own = fresh.Parameters().First().Grad.Data;
        for (int i = 0; i < own.Length; i++) Assert.Equal(grads[0][i] + own[i], grads[1][i], 5);
    }

    [Fact]
    public void Clipping_caps_the_gradient_norm_and_the_history_keeps_the_norm_before()
    {
        var model = Model();
        var normsAfter = new List<double>();
        var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 0.1)) { ClipGradNorm = 0.01 };
        var history = trainer.Fit(new DataLoader(Blobs.Make(40, 4), 10), epochs: 1, null,
            new AfterBackwardProbe(c => normsAfter.Add(GradientClipping.GlobalNorm(c.Optimizer.Parameters))));
        Assert.All(history.StepGradNorm, n => Assert.True(n > 0.01));
        Assert.All(normsAfter, n => Assert.Equal(0.01, n, 6));
    }

    [Fact]
    public void An_L2_penalty_keeps_the_weights_smaller()
    {
        double WeightNorm(Penalty? penalty)
        {
            var model = Model();
            var trainer = new Trainer(model, new SoftmaxCrossEntropy(), new Sgd(model.Parameters(), 0.1)) { Penalty = penalty };
            trainer.Fit(new DataLoader(Blobs.Make(100, 5), 10, new Rng(6)), epochs: 20);
            return model.Parameters().Where(p => p.IsWeight).Sum(p => p.Value.Data.Sum(v => (double)v * v));
        }
        Assert.True(WeightNorm(new L2Penalty(0.1)) < 0.8 * WeightNorm(null));
    }

    [Fact]
    public void Evaluation_needs_nothing_but_a_forward_pass_and_leaves_gradients_alone()
    {
        var model = Model();
        var data = Blobs.Make(30, 7);
        var before = model.Parameters().Select(p => p.Grad.Clone()).ToArray();
        var result = Trainer.Evaluate(model, new SoftmaxCrossEntropy(), data, batchSize: 7);
        Assert.InRange(result.Accuracy, 0, 1);
        Assert.True(result.Loss > 0);
        Assert.All(model.Parameters().Zip(before), pair => Assert.Equal(pair.Second.Data, pair.First.Grad.Data));
        // Batching does not change the result.
        Assert.Equal(result.Loss, Trainer.Evaluate(model, new SoftmaxCrossEntropy(), data, batchSize: 30).Loss, 6);
    }

    private sealed class AfterBackwardProbe(Action<TrainingContext> action) : TrainingCallback
    {
        public override void AfterBackward(TrainingContext context) => action(context);
    }
}

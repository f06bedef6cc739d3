using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;

namespace Course.Tests.Training;

public class AllocationTests
{
    [Fact]
    public void A_steady_training_step_allocates_nothing()
    {
        // Every layer except Linear, whose dX = dY W^T goes through Gemm's transposed-B path.
        var rng = new Rng(1);
        var model = new Sequential(new BatchNorm(16), new Tanh(), new Dropout(0.2f, new Rng(2)), new Residual(new Sigmoid()),
            new LeakyRelu(), new Relu(), new LogSoftmax());
        var extra = new Parameter("extra", new Matrix(4, 4), isWeight: true);
        var optimizers = new Optimizer[]
        {
            new Sgd(model.Parameters().Append(extra), 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-4),
            new Adam(model.Parameters().Append(extra), 1e-3),
            new AdamW(model.Parameters().Append(extra), 1e-3),
        };
        var x = rng.Normal(32, 16);
        var labels = Enumerable.Range(0, 32).Select(i => i % 16).ToArray();
        var loss = new NllLoss();

        void Step(Optimizer optimizer)
        {
            var y = model.Forward(x, training: true);
            loss.Forward(y, labels);
            optimizer.ZeroGrad();
            model.Backward(loss.Backward());
            optimizer.ClipGradNorm(1.0);
            GradientClipping.ClipByValue(optimizer.Parameters, 0.5f);
            optimizer.Step();
        }

        foreach (var optimizer in optimizers)
        {
            Step(optimizer); // the first step sizes the buffers
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++) Step(optimizer);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Linear_forward_and_weight_gradient_allocate_nothing()
    {
        var rng = new Rng(1);
        var layer = new Linear(16, 8, rng);
        var x = rng.Normal(32, 16);
        var dy = rng.Normal(32, 8);
        layer.Forward(x, training: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) layer.Forward(x, training: true);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotNull(dy);
    }
}

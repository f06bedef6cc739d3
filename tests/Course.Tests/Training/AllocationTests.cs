using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;

namespace Course.Tests.Training;

/// <summary>
/// Counts the bytes a steady step allocates on the test's thread. The class runs alone: a test running beside it
/// could hold the matrix products' thread team, and the runtime's first contended lock allocates once.
/// </summary>
[Collection(nameof(AllocationTests))]
public class AllocationTests
{
    [Fact]
    public void A_steady_training_step_allocates_nothing()
    {
        // Every kind of layer, each with its forward and backward pass.
        var rng = new Rng(1);
        var model = new Sequential(new Linear(16, 16, rng), new BatchNorm(16), new Tanh(), new Dropout(0.2f, new Rng(2)),
            new Residual(new Sigmoid()), new LeakyRelu(), new Linear(16, 16, rng), new Relu(), new LogSoftmax());
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
    public void Linear_forward_and_backward_allocate_nothing_at_training_sizes()
    {
        // The MLP benchmark's first layer: large enough for the matrix product to use both cores.
        var rng = new Rng(1);
        var layer = new Linear(784, 256, rng);
        var x = rng.Normal(64, 784);
        var dy = rng.Normal(64, 256);
        layer.Forward(x, training: true);
        layer.Backward(dy);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            layer.Forward(x, training: true);
            layer.Backward(dy);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public class AllocationTestsRunAlone;

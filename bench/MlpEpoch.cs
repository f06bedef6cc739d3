using BenchmarkDotNet.Attributes;
using Course.Data;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;

namespace Course.Bench;

/// <summary>
/// mlp-epoch: one epoch over 10,000 random 784-feature inputs in [0, 1) with labels 0..9, through a 784-256-256-10
/// ReLU MLP, batch 64, SGD with momentum 0.9 and lr 0.01, softmax cross-entropy; the loop pytorch_reference.py runs.
/// <see cref="Step"/> is one training step on one batch, for the memory diagnoser's bytes per step.
/// </summary>
[MemoryDiagnoser]
public class MlpEpoch : IWorkload
{
    private const int Samples = 10_000, Features = 784, Classes = 10, BatchSize = 64;
    private Sequential _model = null!;
    private SoftmaxCrossEntropy _loss = null!;
    private Sgd _optimizer = null!;
    private DataLoader _loader = null!;
    private Batch _batch;

    public string Name => "mlp-epoch";
    public int Repeats => 3;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(3);
        var x = rng.Uniform(Samples, Features, 0, 1);
        var labels = new int[Samples];
        for (int i = 0; i < Samples; i++) labels[i] = rng.NextInt(Classes);
        _loader = new DataLoader(new Dataset(x, labels, Classes), BatchSize, rng);
        _model = new Sequential(
            new Linear(Features, 256, rng), new Relu(),
            new Linear(256, 256, rng), new Relu(),
            new Linear(256, Classes, rng));
        _loss = new SoftmaxCrossEntropy();
        _optimizer = new Sgd(_model.Parameters(), learningRate: 0.01, momentum: 0.9);
        _batch = _loader.First();
        _batch = new Batch(_batch.Features.Clone(), (int[])_batch.Labels.Clone());
    }

    [Benchmark]
    public void Run()
    {
        foreach (var batch in _loader) Train(batch);
    }

    [Benchmark]
    public void Step() => Train(_batch);

    private void Train(Batch batch)
    {
        _optimizer.ZeroGrad();
        var output = _model.Forward(batch.Features, training: true);
        _loss.Forward(output, batch.Labels);
        _model.Backward(_loss.Backward());
        _optimizer.Step();
    }

    public string Detail(double seconds) => "median seconds per epoch";
}

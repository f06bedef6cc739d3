using BenchmarkDotNet.Attributes;
using Course.Tensors;

namespace Course.Bench;

/// <summary>
/// The matrix products of one mlp-epoch alone (157 steps of batch 64 through 784-256-256-10): forward x*W,
/// backward dW = X^T*dY and dX = dY*W^T. The floor under mlp-epoch that the layers add to.
/// </summary>
[MemoryDiagnoser]
public class MlpGemms : IWorkload
{
    private const int Batch = 64, Steps = 157;
    private static readonly int[] Sizes = [784, 256, 256, 10];
    private readonly Matrix[] _weights = new Matrix[3], _gradients = new Matrix[3], _activations = new Matrix[4], _deltas = new Matrix[4];

    public string Name => "mlp-gemms";
    public int Repeats => 3;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(2);
        for (int l = 0; l < 4; l++)
        {
            _activations[l] = rng.Normal(Batch, Sizes[l]);
            _deltas[l] = rng.Normal(Batch, Sizes[l]);
        }
        for (int l = 0; l < 3; l++)
        {
            _weights[l] = rng.Normal(Sizes[l], Sizes[l + 1], 0, 0.05f);
            _gradients[l] = new Matrix(Sizes[l], Sizes[l + 1]);
        }
    }

    [Benchmark]
    public void Step()
    {
        for (int l = 0; l < 3; l++)
            Gemm.Multiply(_activations[l], _weights[l], _activations[l + 1]);
        for (int l = 2; l >= 0; l--)
        {
            Gemm.Multiply(_activations[l], _deltas[l + 1], _gradients[l], transposeA: true);
            if (l > 0) Gemm.Multiply(_deltas[l + 1], _weights[l], _deltas[l], transposeB: true);
        }
    }

    public void Run()
    {
        for (int s = 0; s < Steps; s++) Step();
    }

    public string Detail(double seconds) =>
        $"median seconds per epoch of products alone, {Steps * 2.0 * Batch * 3 * (784 * 256 + 256 * 256 + 256 * 10) / seconds / 1e9:F1} GFLOP/s";
}

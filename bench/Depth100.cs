using BenchmarkDotNet.Attributes;
using Course.Nn;
using Course.Tensors;

namespace Course.Bench;

/// <summary>
/// depth100, the seed experiment: 100 runs of x = tanh(W x) through 100 freshly sampled Xavier-uniform 256 x 256
/// layers (bound sqrt(6 / 512)), x starting as a standard normal 256-vector.
/// </summary>
[MemoryDiagnoser]
public class Depth100 : IWorkload
{
    private const int Width = 256, Layers = 100, Runs = 100;
    private readonly Matrix _w = new(Width, Width), _x0 = new(Width, 1), _y = new(Width, 1);
    private readonly Tanh _tanh = new();

    public string Name => "depth100";
    public int Repeats => 3;

    [GlobalSetup]
    public void Setup() { }

    [Benchmark]
    public void Run()
    {
        var rng = new Rng(0);
        float bound = MathF.Sqrt(6f / (Width + Width));
        for (int run = 0; run < Runs; run++)
        {
            rng.FillNormal(_x0.Data);
            var x = _x0;
            for (int layer = 0; layer < Layers; layer++)
            {
                rng.FillUniform(_w.Data, -bound, bound);
                Gemm.Multiply(_w, x, _y);
                x = _tanh.Forward(_y, training: false);
            }
        }
    }

    public string Detail(double seconds) => "median seconds for 100 forward passes incl. weight sampling";
}

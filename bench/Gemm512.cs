using BenchmarkDotNet.Attributes;
using Course.Tensors;

namespace Course.Bench;

/// <summary>gemm512: 20 products of two 512 x 512 matrices.</summary>
[MemoryDiagnoser]
public class Gemm512 : IWorkload
{
    private const int Size = 512, Products = 20;
    private Matrix _a = null!, _b = null!, _c = null!;

    public string Name => "gemm512";
    public int Repeats => 5;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _a = rng.Normal(Size, Size);
        _b = rng.Normal(Size, Size);
        _c = new Matrix(Size, Size);
    }

    [Benchmark]
    public void Run()
    {
        for (int i = 0; i < Products; i++)
            Gemm.Multiply(_a, _b, _c);
    }

    public string Detail(double seconds) => $"median {Products * 2.0 * Size * Size * Size / seconds / 1e9:F1} GFLOP/s";
}

using System.Diagnostics;
using System.Globalization;
using Course.Tensors;

namespace Course.Bench;

/// <summary>gemm-kernels: gemm512 with each kernel on one thread and on all, to compare 256- and 512-bit vectors.</summary>
public class GemmKernels : IWorkload
{
    private const int Size = 512;
    private Matrix _a = null!, _b = null!, _c = null!;
    private string _detail = "";

    public string Name => "gemm-kernels";
    public int Repeats => 1;

    public void Setup()
    {
        var rng = new Rng(1);
        _a = rng.Normal(Size, Size);
        _b = rng.Normal(Size, Size);
        _c = new Matrix(Size, Size);
    }

    public void Run()
    {
        var parts = new List<string>();
        foreach (var kernel in Enum.GetValues<GemmKernelKind>().Where(k => k <= GemmKernel.Best))
            foreach (int threads in new[] { 1, Environment.ProcessorCount })
            {
                int products = kernel == GemmKernelKind.Scalar ? 2 : 20;
                Gemm.Multiply(_a, _b, _c, false, false, 1f, 0f, threads, kernel);
                var watch = Stopwatch.StartNew();
                for (int i = 0; i < products; i++)
                    Gemm.Multiply(_a, _b, _c, false, false, 1f, 0f, threads, kernel);
                double gflops = products * 2.0 * Size * Size * Size / watch.Elapsed.TotalSeconds / 1e9;
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{kernel}x{threads} {gflops:F1}"));
            }
        _detail = "GFLOP/s " + string.Join(", ", parts);
    }

    public string Detail(double seconds) => _detail;
}

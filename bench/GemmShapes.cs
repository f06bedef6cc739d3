using System.Diagnostics;
using System.Globalization;
using Course.Tensors;

namespace Course.Bench;

/// <summary>
/// gemm-shapes: time and GFLOP/s of each product shape the course uses, on one thread and on all (the best of
/// five batches after a warm-up one), to see where a workload's time goes. Shapes are m x k x n, with T marking a transposed operand.
/// </summary>
public class GemmShapes : IWorkload
{
    private static readonly (string Name, int M, int K, int N, bool TransposeA, bool TransposeB)[] Shapes =
    [
        ("512", 512, 512, 512, false, false),
        ("x*W1 64x784x256", 64, 784, 256, false, false),
        ("x*W2 64x256x256", 64, 256, 256, false, false),
        ("x*W3 64x256x10", 64, 256, 10, false, false),
        ("dW1 T784x64x256", 784, 64, 256, true, false),
        ("dW2 T256x64x256", 256, 64, 256, true, false),
        ("dW3 T256x64x10", 256, 64, 10, true, false),
        ("dX2 64x256x256T", 64, 256, 256, false, true),
        ("dX3 64x10x256T", 64, 10, 256, false, true),
        ("W*x 256x256x1", 256, 256, 1, false, false),
    ];

    private string _detail = "";

    public string Name => "gemm-shapes";
    public int Repeats => 1;

    public void Setup() { }

    public void Run()
    {
        var rng = new Rng(4);
        var parts = new List<string>();
        foreach (var (name, m, k, n, ta, tb) in Shapes)
        {
            var a = ta ? rng.Normal(k, m) : rng.Normal(m, k);
            var b = tb ? rng.Normal(n, k) : rng.Normal(k, n);
            var c = new Matrix(m, n);
            double flops = 2.0 * m * n * k;
            int calls = (int)Math.Clamp(4e9 / flops, 50, 200_000);
            var rates = new List<string>();
            foreach (int threads in new[] { 1, Environment.ProcessorCount })
            {
                // The best of five batches: on a shared machine the fastest batch is the least disturbed.
                // Processor time (all threads) shows the cost of threading even when other programs take the cores.
                double seconds = double.MaxValue, cpuSeconds = double.MaxValue;
                var process = Process.GetCurrentProcess();
                for (int batch = 0; batch < 6; batch++)
                {
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    for (int i = 0; i < calls / 5; i++) Gemm.Multiply(a, b, c, ta, tb, 1f, 0f, threads, GemmKernel.Best);
                    double elapsed = watch.Elapsed.TotalSeconds;
                    process.Refresh();
                    if (batch == 0) continue;
                    seconds = Math.Min(seconds, elapsed / (calls / 5));
                    cpuSeconds = Math.Min(cpuSeconds, (process.TotalProcessorTime - cpu).TotalSeconds / (calls / 5));
                }
                rates.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e6:F1} us ({cpuSeconds * 1e6:F1} us cpu) {flops / seconds / 1e9:F0} GF/s"));
            }
            parts.Add($"\n  {name}: 1 thread {rates[0]}, {Environment.ProcessorCount} threads {rates[1]}");
        }
        _detail = string.Concat(parts);
    }

    public string Detail(double seconds) => _detail;
}

using System.Diagnostics;
using System.Globalization;
using Course.Tensors;

namespace Course.Bench;

/// <summary>Times each workload without BenchmarkDotNet's long runs: one warm-up, then the median of a few runs.</summary>
public static class Quick
{
    private static readonly IWorkload[] Workloads = [new Gemm512(), new MlpEpoch(), new Depth100(), new MlpGemms(), new GemmKernels(), new GemmShapes()];

    public static int Run(string[] names)
    {
        var unknown = names.Where(n => Workloads.All(w => w.Name != n)).ToArray();
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"Unknown workload {string.Join(", ", unknown)}; the workloads are {string.Join(", ", Workloads.Select(w => w.Name))}.");
            return 1;
        }
        var chosen = names.Length == 0 ? Workloads.Take(3) : Workloads.Where(w => names.Contains(w.Name));
        Console.WriteLine($"# Course {Environment.Version}, threads {Environment.ProcessorCount}, GEMM kernel {GemmKernel.Best}");
        foreach (var workload in chosen)
        {
            workload.Setup();
            workload.Run();
            var times = new double[workload.Repeats];
            for (int i = 0; i < times.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                workload.Run();
                times[i] = watch.Elapsed.TotalSeconds;
            }
            Array.Sort(times);
            double median = times[times.Length / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload.Name} {median:F4} {workload.Detail(median)}"));
        }
        return 0;
    }
}

using System.Diagnostics;
using System.Globalization;
using Course.Tensors;

namespace Course.Bench;

/// <summary>Times each workload without BenchmarkDotNet's long runs: one warm-up, then the median of a few runs.</summary>
public static class Quick
{
    private static readonly IWorkload[] Workloads = [new Gemm512(), new MlpEpoch(), new Depth100(), new MlpGemms(), new GemmKernels(), new GemmShapes()];

    /// <param name="args">Workload names, and optionally <c>--threads N</c> to cap the threads of every product.</param>
    public static int Run(string[] args)
    {
        var names = args.ToList();
        int option = names.IndexOf("--threads");
        if (option >= 0)
        {
            if (option + 1 >= names.Count || !int.TryParse(names[option + 1], out int threads) || threads < 1)
            {
                Console.Error.WriteLine("--threads needs a number of threads of at least 1.");
                return 1;
            }
            Gemm.MaxThreads = threads;
            names.RemoveRange(option, 2);
        }
        var unknown = names.Where(n => Workloads.All(w => w.Name != n)).ToArray();
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"Unknown workload {string.Join(", ", unknown)}; the workloads are {string.Join(", ", Workloads.Select(w => w.Name))}.");
            return 1;
        }
        var chosen = names.Count == 0 ? Workloads.Take(3) : Workloads.Where(w => names.Contains(w.Name));
        Console.WriteLine($"# Course {Environment.Version}, threads {Gemm.MaxThreads} of {Environment.ProcessorCount}, GEMM kernel {GemmKernel.Best}");
        foreach (var workload in chosen)
        {
            workload.Setup();
            workload.Run();
            var times = new double[workload.Repeats];
            var cpuTimes = new double[workload.Repeats];
            var process = Process.GetCurrentProcess();
            for (int i = 0; i < times.Length; i++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                workload.Run();
                times[i] = watch.Elapsed.TotalSeconds;
                process.Refresh();
                cpuTimes[i] = (process.TotalProcessorTime - cpu).TotalSeconds;
            }
            double median = Median(times);
            // Processor time (all threads) is less disturbed than wall time when other programs share the cores.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{workload.Name} {median:F4} {workload.Detail(median)} (processor time {Median(cpuTimes):F4} s)"));
        }
        return 0;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

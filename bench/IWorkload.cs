namespace Course.Bench;

/// <summary>A workload of BENCHMARKS.md, run by BenchmarkDotNet and by the quick mode alike.</summary>
public interface IWorkload
{
    /// <summary>The name BENCHMARKS.md and pytorch_reference.py use.</summary>
    string Name { get; }

    /// <summary>How many timed runs the quick mode takes the median of (pytorch_reference.py's count).</summary>
    int Repeats { get; }

    void Setup();

    /// <summary>The whole workload, once.</summary>
    void Run();

    /// <summary>The detail column for a run that took <paramref name="seconds"/>.</summary>
    string Detail(double seconds);
}

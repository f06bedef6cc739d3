using System.Runtime.CompilerServices;
using TorchSharp;

// torch's generator is one per process: tests that seed it and draw must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Course.Tests;

internal static class TorchThreads
{
    /// <summary>One libtorch thread, as the lessons use: the tests' tensors are small.</summary>
    [ModuleInitializer]
    internal static void OneIntraOpThread() => torch.set_num_threads(1);
}

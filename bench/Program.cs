using BenchmarkDotNet.Running;
using Course.Bench;

// `quick [workload...]`: one line per workload, `name seconds detail`, like ../shared/bench/pytorch_reference.py.
// Anything else goes to BenchmarkDotNet, e.g. `--filter *Gemm512*` or `--list flat`.
if (args.Length > 0 && args[0] == "quick")
    return Quick.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Quick).Assembly).Run(args);
return 0;

using System.Globalization;
using Course.Bench;
using TorchSharp;

// `dotnet run -c Release --project bench -- [--threads N] [workload...]`: one line per workload, `name seconds detail`,
// in the format of ../shared/bench/pytorch_reference.py, so side-by-side.sh can pair them.
var names = args.ToList();
int option = names.IndexOf("--threads");
if (option >= 0)
{
    if (option + 1 >= names.Count || !int.TryParse(names[option + 1], out int threads) || threads < 1)
    {
        Console.Error.WriteLine("--threads needs a number of threads of at least 1.");
        return 2;
    }
    torch.set_num_threads(threads);
    names.RemoveRange(option, 2);
}
var unknown = names.Where(n => !Workloads.All.ContainsKey(n)).ToArray();
if (unknown.Length > 0)
{
    Console.Error.WriteLine($"Unknown workload {string.Join(", ", unknown)}; the workloads are {string.Join(", ", Workloads.All.Keys)}.");
    return 2;
}
Console.WriteLine($"# TorchSharp {torch.__version__}, threads {torch.get_num_threads()} of {Environment.ProcessorCount}");
foreach (var name in names.Count > 0 ? names.ToArray() : Workloads.Default)
    foreach (var line in Workloads.All[name]())
        Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
return 0;

using System.Diagnostics;
using Course.Data;
using Course.Models;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Bench;

/// <summary>One output line: workload, seconds (or the measured value), and what the number means.</summary>
public readonly record struct Line(string Name, double Value, string Detail)
{
    public string ToString(IFormatProvider format) => string.Format(format, "{0} {1:F4} {2}", Name, Value, Detail);
}

/// <summary>The workloads of BENCHMARKS.md. Times are medians of a few runs after a warm-up.</summary>
public static class Workloads
{
    public static readonly IReadOnlyDictionary<string, Func<IEnumerable<Line>>> All = new Dictionary<string, Func<IEnumerable<Line>>>
    {
        ["gemm512"] = Gemm512,
        ["mlp-epoch"] = MlpEpoch,
        ["depth100"] = Depth100,
        ["leak"] = Leak,
        ["probe-overhead"] = ProbeOverhead,
        ["course"] = CourseRun.Lessons,
    };

    /// <summary>The workloads pytorch_reference.py also runs.</summary>
    public static readonly string[] Default = ["gemm512", "mlp-epoch", "depth100"];

    internal static double Median(int repeats, Action run)
    {
        run();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            times[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }

    private static IEnumerable<Line> Gemm512()
    {
        torch.manual_seed(0);
        using var a = randn(512, 512);
        using var b = randn(512, 512);
        double seconds = Median(5, () => { for (int i = 0; i < 20; i++) mm(a, b).Dispose(); });
        yield return new("gemm512", seconds, $"median {20 * 2.0 * Math.Pow(512, 3) / seconds / 1e9:F1} GFLOP/s");
    }

    /// <summary>10,000 x 784 inputs, a 784-256-256-10 ReLU MLP, batch 64, SGD momentum 0.9, lr 0.01, one epoch:
    /// through the course's Trainer, and as the bare loop pytorch_reference.py runs.</summary>
    private static IEnumerable<Line> MlpEpoch()
    {
        torch.manual_seed(0);
        using var data = new Dataset(rand(10_000, 784), randint(0, 10, [10_000]), 10);
        var model = Mlp.Build([784, 256, 256, 10]);
        var sgd = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        var loss = nn.CrossEntropyLoss();
        var trainer = new Trainer(model, loss, sgd);
        yield return new("mlp-epoch", Median(3, () => trainer.Fit(data, 1, 64)), "median seconds per epoch through the course's Trainer");
        using var shuffle = new Generator(0);
        yield return new("mlp-epoch-bare", Median(3, () => BareEpoch(model, sgd, loss, data, shuffle)),
            "median seconds per epoch, the bare loop of pytorch_reference.py");
    }

    /// <summary>The seed experiment: x = tanh(W x) through 100 freshly drawn Xavier-uniform 256x256 layers, 100 times.</summary>
    private static IEnumerable<Line> Depth100()
    {
        torch.manual_seed(0);
        double bound = Math.Sqrt(6.0 / 512);
        yield return new("depth100", Median(3, () =>
        {
            for (int run = 0; run < 100; run++)
            {
                using var scope = NewDisposeScope();
                var x = randn(256);
                for (int layer = 0; layer < 100; layer++)
                    x = tanh(empty(256, 256).uniform_(-bound, bound).matmul(x));
            }
        }), "median seconds for 100 forward passes incl. weight sampling");
    }

    /// <summary>
    /// One training step of the 784-256-256-10 MLP (batch 64, SGD momentum 0.9): the bare TorchSharp step, the same step
    /// through the course's Trainer, and through the Trainer with a TrainingMonitor probing every step (activation
    /// statistics on every layer, gradient norms, update:data ratios). Median seconds per step over 150-step epochs.
    /// </summary>
    private static IEnumerable<Line> ProbeOverhead()
    {
        torch.manual_seed(0);
        using var data = new Dataset(rand(9_600, 784), randint(0, 10, [9_600]), 10);
        var model = Mlp.Build([784, 256, 256, 10]);
        var sgd = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        var loss = nn.CrossEntropyLoss();
        var trainer = new Trainer(model, loss, sgd);
        int steps = data.BatchCount(64);
        // Alternate the three, so that each sees the same machine load.
        var times = new List<double>[3] { [], [], [] };
        Action[] runs = [() => BareEpoch(model, sgd, loss, data, shuffle: null), () => trainer.Fit(data, 1, 64, shuffleSeed: null), () => trainer.Fit(data, 1, 64, shuffleSeed: null, callbacks: new Diagnostics.TrainingMonitor())];
        foreach (var run in runs) run();
        for (int round = 0; round < 5; round++)
            for (int k = 0; k < runs.Length; k++)
                times[k].Add(Median(1, runs[k]) / steps);
        var (bare, trained, probed) = (Mid(times[0]), Mid(times[1]), Mid(times[2]));
        yield return new("step-bare", bare, "median seconds per step, the bare TorchSharp loop");
        yield return new("step-trainer", trained, $"median seconds per step through the Trainer: {trained / bare:F3}x the bare step");
        yield return new("step-probed", probed, $"median seconds per step, Trainer + TrainingMonitor every step: {probed / bare:F3}x the bare step, {probed / trained:F3}x the Trainer's");
    }

    /// <summary>One epoch of the plain TorchSharp loop, batches of 64: zero_grad, forward, loss, backward, step.</summary>
    private static void BareEpoch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> loss, Dataset data, Generator? shuffle)
    {
        foreach (var (x, y) in data.Batches(64, shuffle))
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            loss.call(model.call(x), y).backward();
            optimizer.step();
        }
    }

    private static double Mid(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Five epochs of the MLP through the Trainer: live tensors and resident memory after each epoch.</summary>
    private static IEnumerable<Line> Leak()
    {
        torch.manual_seed(0);
        using var data = new Dataset(rand(10_000, 784), randint(0, 10, [10_000]), 10);
        var model = Mlp.Build([784, 256, 256, 10]);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.01, momentum: 0.9));
        var lines = new List<Line>();
        trainer.Fit(data, 5, 64, callbacks: TrainingCallback.OnEpoch(c =>
        {
            using var process = Process.GetCurrentProcess();
            lines.Add(new($"leak-epoch{c.Epoch}", DisposeScopeManager.Statistics.ThreadTotalLiveCount, $"live tensors; RSS {process.WorkingSet64 / 1e6:F1} MB"));
        }));
        return lines;
    }
}

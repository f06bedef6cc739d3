using Course.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// The running mean and variance a BatchNorm1d keeps, computed by your own code and compared with the layer's: the
/// check behind lesson 05's exercise. The answer is a function from the batches a fresh layer sees in training mode
/// (default momentum 0.1) to the two running statistics after them.
/// </summary>
public static class RunningStatistics
{
    public const string Hint =
        "A fresh layer starts from mean 0 and variance 1, and each batch moves them a tenth of the way: " +
        "new = 0.9·old + 0.1·(the batch's value). Look closely at which variance the layer stores: " +
        "divided by n, or by n − 1?";

    /// <summary>The verdict on your function, for the lesson's check cell: "Not yet" (with what differed and a hint) until it matches.</summary>
    public static Feedback Check(Func<IReadOnlyList<Tensor>, (Tensor Mean, Tensor Var)>? yours) =>
        Exercise.CheckFunction("running mean and variance after k training steps", yours, Mismatch,
            "your function gives nn.BatchNorm1d's running statistics on every test sequence", Hint);

    /// <summary>
    /// Null when <paramref name="yours"/> gives nn.BatchNorm1d's running mean and variance (within 1e-4, relative) on
    /// several seeded sequences of batches of different sizes and shifts; otherwise what differed, and by how much.
    /// </summary>
    public static string? Mismatch(Func<IReadOnlyList<Tensor>, (Tensor Mean, Tensor Var)> yours)
    {
        ArgumentNullException.ThrowIfNull(yours);
        for (int trial = 0; trial < 3; trial++)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)(100 + trial));
            long features = 3 + trial;
            var batches = Enumerable.Range(0, 4 + trial).Select(k =>
                    randn([4 + 3 * k, features], generator: generator) * (1 + k) + 2 * k - 1)
                .ToArray();
            using var layer = nn.BatchNorm1d(features);
            using (no_grad())
                foreach (var batch in batches) layer.call(batch);
            var (mean, variance) = yours(batches.Select(b => b.clone()).ToArray());
            string steps = $"{batches.Length} batches of {features} features";
            if (Differs(mean, layer.running_mean!, "running mean", steps) is { } meanProblem) return meanProblem;
            if (Differs(variance, layer.running_var!, "running variance", steps) is { } varProblem) return varProblem;
        }
        return null;
    }

    private static string? Differs(Tensor? yours, Tensor expected, string what, string steps)
    {
        if (yours is null) return $"your {what} is null";
        if (!yours.shape.SequenceEqual(expected.shape))
            return $"your {what} has shape [{string.Join(", ", yours.shape)}], the layer's [{string.Join(", ", expected.shape)}]";
        var gap = (yours.to(float64) - expected.to(float64)).abs().max().item<double>();
        var size = expected.to(float64).abs().max().item<double>();
        return gap <= 1e-4 * Math.Max(1, size) ? null
            : $"after {steps}, your {what} is off by up to {gap.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}";
    }
}

using Course.Data;
using Course.Models;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>A random search's trials: each trial's learning rate and width, and which held-out examples it got right.</summary>
public sealed record SearchTrials(double[] LearningRates, int[] Widths, bool[][] Correct)
{
    public int Count => Correct.Length;
    public int PoolSize => Correct[0].Length;
}

/// <summary>
/// What choosing the best of <see cref="Trials"/> trials on a validation set of <see cref="ValidationSize"/> examples costs:
/// the chosen trial's validation accuracy, its accuracy on the rest of the pool (a fresh test set), and the gap between
/// them, averaged over random draws of the validation set (with the gap's standard deviation over draws).
/// </summary>
public sealed record SelectionGap(int Trials, int ValidationSize, double BestValidation, double Test, double Gap, double GapStd);

/// <summary>
/// Overfitting the validation set, measured: many small trials (a random learning rate and width each), scored on a
/// validation set; the best trial's validation score is optimistic, by more the more trials were compared and the smaller
/// the validation set. Each trial predicts once on a pool of held-out examples; validation sets are then drawn from that
/// pool and the rest is the test set, so thousands of selections cost no training.
/// </summary>
public static class ValidationOverfitting
{
    /// <summary>
    /// <paramref name="count"/> trials, trial t after <c>torch.manual_seed(seed * 1000 + t)</c>: a 784-w-10 ReLU net, w from
    /// {8, 16, 32, 64}, Adam at a learning rate drawn log-uniformly from [1e-4, 1e-2], two epochs on <paramref name="train"/>.
    /// </summary>
    public static SearchTrials Search(Dataset train, Dataset pool, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(pool);
        CheckAtLeastOne(count, nameof(count));
        var draw = new Random((int)seed);
        var (rates, widths, correct) = (new double[count], new int[count], new bool[count][]);
        for (int t = 0; t < count; t++)
        {
            rates[t] = Math.Pow(10, -4 + 2 * draw.NextDouble());
            widths[t] = 8 << draw.Next(4);
            manual_seed(seed * 1000 + t);
            using var model = Mlp.Build([train.FeatureCount, widths[t], train.ClassCount]);
            using var loss = nn.CrossEntropyLoss();
            using var optimizer = optim.Adam(model.parameters(), rates[t]);
            new Trainer(model, loss, optimizer).Fit(train, 2, 64, shuffleSeed: seed * 1000 + t);
            using var scope = NewDisposeScope();
            correct[t] = Trainer.Predict(model, pool.Features).eq(pool.Labels).data<bool>().ToArray();
        }
        return new SearchTrials(rates, widths, correct);
    }

    /// <summary>
    /// Picks the best of the first <paramref name="trials"/> trials on a validation set of <paramref name="validationSize"/>
    /// examples drawn from the pool, scores it on the rest, <paramref name="repeats"/> times (draws seeded with <paramref name="seed"/>).
    /// </summary>
    public static SelectionGap Gap(SearchTrials search, int trials, int validationSize, int repeats = 200, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(search);
        CheckAtLeastOne(trials, nameof(trials));
        CheckAtLeastOne(repeats, nameof(repeats));
        if (trials > search.Count)
            throw new ArgumentOutOfRangeException(nameof(trials), $"Expected at most the {search.Count} trials searched, but {trials} came.");
        if (validationSize < 1 || validationSize >= search.PoolSize)
            throw new ArgumentOutOfRangeException(nameof(validationSize),
                $"Expected a validation size between 1 and {search.PoolSize - 1} (the pool keeps the rest for testing), but {validationSize} came.");
        using var scope = NewDisposeScope();
        var correct = tensor(search.Correct.Take(trials).SelectMany(row => row).ToArray(), [trials, search.PoolSize]).to(float32);
        using var g = new Generator((ulong)seed);
        var (best, test, gaps) = (new double[repeats], new double[repeats], new double[repeats]);
        for (int r = 0; r < repeats; r++)
        {
            using var draw = NewDisposeScope();
            var order = randperm(search.PoolSize, generator: g);
            var validation = correct.index_select(1, order.narrow(0, 0, validationSize)).mean([1]);
            long chosen = validation.argmax().ToInt64();
            best[r] = validation[chosen].ToDouble();
            test[r] = correct[chosen].index_select(0, order.narrow(0, validationSize, search.PoolSize - validationSize)).mean().ToDouble();
            gaps[r] = best[r] - test[r];
        }
        double mean = gaps.Average();
        return new SelectionGap(trials, validationSize, best.Average(), test.Average(), mean, Math.Sqrt(gaps.Sum(x => (x - mean) * (x - mean)) / repeats));
    }

    private static void CheckAtLeastOne(int value, string name)
    {
        if (value < 1)
            throw new ArgumentOutOfRangeException(name, $"Expected at least 1 for {name}, but {value} came.");
    }
}

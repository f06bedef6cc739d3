using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

/// <summary>Where each example goes: indices into the original dataset, disjoint, together covering all of it.</summary>
public sealed record SplitIndices(long[] Train, long[] Validation, long[] Test);

/// <summary>One round of k-fold cross-validation: fold <see cref="Index"/> validates, the other folds train.</summary>
public sealed record Fold(int Index, long[] Train, long[] Validation);

/// <summary>
/// Seeded random splits (every permutation drawn from a generator seeded with <c>seed</c>). Stratified splits keep
/// each class's share the same in every part, which matters for small or imbalanced sets (a rare class could
/// otherwise miss the validation set altogether).
/// </summary>
public static class Splits
{
    /// <summary>
    /// Shuffles the examples and deals round(N x fraction) of them to validation and to test (per class when
    /// <paramref name="stratify"/>), the rest to training. Each part comes out in random order.
    /// </summary>
    public static SplitIndices Indices(Dataset data, double validationFraction, double testFraction, long seed, bool stratify = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction),
                $"The validation and test fractions must be >= 0 and leave something to train on, but {validationFraction} and {testFraction} came.");
        using var generator = new Generator((ulong)seed);
        List<long> train = [], validation = [], test = [];
        foreach (var group in Groups(data, generator, stratify))
        {
            int v = (int)Math.Round(group.Length * validationFraction, MidpointRounding.AwayFromZero);
            int t = Math.Min((int)Math.Round(group.Length * testFraction, MidpointRounding.AwayFromZero), group.Length - v);
            validation.AddRange(group[..v]);
            test.AddRange(group[v..(v + t)]);
            train.AddRange(group[(v + t)..]);
        }
        return new SplitIndices(Shuffled(train, generator), Shuffled(validation, generator), Shuffled(test, generator));
    }

    /// <summary>Training and validation sets: <c>var (train, val) = Splits.TrainValidation(mnist, 0.2, seed: 1);</c></summary>
    public static (Dataset Train, Dataset Validation) TrainValidation(Dataset data, double validationFraction, long seed, bool stratify = false)
    {
        var split = Indices(data, validationFraction, 0, seed, stratify);
        return (Part(data, split.Train, "training"), Part(data, split.Validation, "validation"));
    }

    /// <summary>Training, validation and test sets: <c>var (train, val, test) = Splits.TrainValidationTest(mnist, 0.1, 0.1, seed: 1);</c></summary>
    public static (Dataset Train, Dataset Validation, Dataset Test) TrainValidationTest(
        Dataset data, double validationFraction, double testFraction, long seed, bool stratify = false)
    {
        var split = Indices(data, validationFraction, testFraction, seed, stratify);
        return (Part(data, split.Train, "training"), Part(data, split.Validation, "validation"), Part(data, split.Test, "test"));
    }

    /// <summary>
    /// k folds for cross-validation: every example validates in exactly one fold and trains in the other k - 1.
    /// Fold sizes differ by at most one (and, when stratified, so do each class's counts).
    /// </summary>
    public static Fold[] KFold(Dataset data, int k, long seed, bool stratify = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (k < 2 || k > data.Count)
            throw new ArgumentOutOfRangeException(nameof(k), $"k-fold needs 2 <= k <= {data.Count} (the number of examples), but k = {k} came.");
        using var generator = new Generator((ulong)seed);
        // Deal the shuffled examples (class after class when stratified) like cards: example number i goes to fold i mod k.
        var folds = Enumerable.Range(0, k).Select(_ => new List<long>()).ToArray();
        int dealt = 0;
        foreach (var group in Groups(data, generator, stratify))
            foreach (var index in group)
                folds[dealt++ % k].Add(index);
        return [.. Enumerable.Range(0, k).Select(f => new Fold(f, [.. folds.Where((_, g) => g != f).SelectMany(g => g)], [.. folds[f]]))];
    }

    /// <summary>The examples in random order: one group, or one group per class when stratified.</summary>
    private static IEnumerable<long[]> Groups(Dataset data, Generator generator, bool stratify)
    {
        if (!stratify)
        {
            yield return Permutation(data.Count, generator);
            yield break;
        }
        var labels = data.Labels.data<long>().ToArray();
        for (int c = 0; c < data.ClassCount; c++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Select(i => (long)i).ToArray();
            yield return Shuffled(members, generator);
        }
    }

    private static long[] Permutation(int count, Generator generator)
    {
        using var order = randperm(count, generator: generator);
        return order.data<long>().ToArray();
    }

    private static long[] Shuffled(IReadOnlyList<long> indices, Generator generator) =>
        [.. Permutation(indices.Count, generator).Select(i => indices[(int)i])];

    private static Dataset Part(Dataset data, long[] indices, string name) =>
        indices.Length > 0
            ? data.Subset(indices)
            : throw new ArgumentException($"The {name} set came out empty from {data.Count} examples; choose a larger fraction.");
}

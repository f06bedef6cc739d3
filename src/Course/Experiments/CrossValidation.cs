using Course.Data;
using TorchSharp;

namespace Course.Experiments;

/// <summary>
/// k-fold cross-validation of one model: every digit validates once, so the k scores show how much a single
/// validation split's accuracy depends on which digits it happened to get.
/// </summary>
public static class CrossValidation
{
    /// <summary>
    /// The validation accuracy of Mlp.Build(<paramref name="widths"/>) on each of <paramref name="k"/> stratified folds of
    /// <paramref name="data"/>, each model trained on the other folds (see <see cref="Capacity.Train"/>).
    /// </summary>
    public static double[] Scores(long[] widths, Dataset data, int k, int epochs, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (k < 2 || k > data.Count)
            throw new ArgumentException($"k-fold cross-validation needs 2 <= k <= {data.Count} (the number of examples), but k = {k} came.", nameof(k));
        return [.. Splits.KFold(data, k, seed, stratify: true).Select(fold =>
        {
            using var train = data.Subset(fold.Train);
            using var validation = data.Subset(fold.Validation);
            return Capacity.Train(widths, train, validation, epochs, seed).ValidationAccuracy;
        })];
    }
}

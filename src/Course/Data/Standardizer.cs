using Course.Tensors;

namespace Course.Data;

/// <summary>
/// Shifts and scales each feature to mean 0 and standard deviation 1, using statistics measured on the
/// training set only. Validation and test data are transformed with those same numbers: measuring them
/// on held-out data would leak it into training and flatter the validation score.
/// </summary>
public sealed class Standardizer
{
    /// <summary>A feature whose training std is below this is only centred, not divided (it is constant, e.g. an MNIST corner pixel).</summary>
    public const float MinStd = 1e-6f;

    /// <summary>Per-feature mean of the training data.</summary>
    public float[] Mean { get; }

    /// <summary>Per-feature population standard deviation of the training data.</summary>
    public float[] Std { get; }

    public int FeatureCount => Mean.Length;

    private Standardizer(float[] mean, float[] std)
    {
        Mean = mean;
        Std = std;
    }

    /// <summary>Measures each column's mean and standard deviation (in double precision).</summary>
    public static Standardizer Fit(Matrix training)
    {
        ArgumentNullException.ThrowIfNull(training);
        training.RequireFinite("The training features");
        int n = training.Rows, d = training.Cols;
        // Two passes (mean, then squared deviations from it): exact enough where sum-of-squares minus square-of-sum is not.
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = training.Row(i);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        var variance = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = training.Row(i);
            for (int j = 0; j < d; j++) variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
        return new Standardizer(
            mean.Select(m => (float)m).ToArray(),
            variance.Select(v => (float)Math.Sqrt(v / n)).ToArray());
    }

    public static Standardizer Fit(Dataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return Fit(training.Features);
    }

    /// <summary>(x - mean) / std per column, in a new matrix; constant features are only centred.</summary>
    public Matrix Transform(Matrix features)
    {
        RequireColumns(features);
        var result = features.Clone();
        for (int i = 0; i < result.Rows; i++)
        {
            var row = result.Row(i);
            for (int j = 0; j < row.Length; j++) row[j] = (row[j] - Mean[j]) / Divisor(j);
        }
        return result;
    }

    /// <summary>The same examples with standardized features.</summary>
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Dataset(Transform(data.Features), (int[])data.Labels.Clone(), data.ClassCount, data.ClassNames);
    }

    /// <summary>Undoes <see cref="Transform(Matrix)"/>: x * std + mean, in a new matrix.</summary>
    public Matrix InverseTransform(Matrix standardized)
    {
        RequireColumns(standardized);
        var result = standardized.Clone();
        for (int i = 0; i < result.Rows; i++)
        {
            var row = result.Row(i);
            for (int j = 0; j < row.Length; j++) row[j] = row[j] * Divisor(j) + Mean[j];
        }
        return result;
    }

    private float Divisor(int feature) => Std[feature] < MinStd ? 1f : Std[feature];

    private void RequireColumns(Matrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Cols != FeatureCount)
            throw new ArgumentException(
                $"This standardizer was fitted on {FeatureCount} features, but the {features.Shape} matrix has {features.Cols}.");
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

/// <summary>
/// Shifts and scales each feature to mean 0 and standard deviation 1, using statistics measured on the
/// training set only. Validation and test data are transformed with those same numbers: measuring them
/// on held-out data would leak it into training and flatter the validation score.
/// </summary>
public sealed class Standardizer : IDisposable
{
    /// <summary>A feature whose training std is below this is only centred, not divided (it is constant, e.g. an MNIST corner pixel).</summary>
    public const double MinStd = 1e-6;

    private readonly Tensor _divisor;

    /// <summary>Per-feature mean of the training data.</summary>
    public Tensor Mean { get; }

    /// <summary>Per-feature population standard deviation of the training data.</summary>
    public Tensor Std { get; }

    public long FeatureCount => Mean.shape[0];

    private Standardizer(Tensor mean, Tensor std)
    {
        Mean = mean.DetachFromDisposeScope();
        Std = std.DetachFromDisposeScope();
        _divisor = where(std < MinStd, ones_like(std), std).DetachFromDisposeScope();
    }

    /// <summary>Measures each feature's mean and standard deviation (in float64) over the examples of <paramref name="training"/>.</summary>
    public static Standardizer Fit(Dataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        using var scope = NewDisposeScope();
        var x = training.Features.reshape(training.Count, -1).to(float64);
        return new Standardizer(x.mean([0]).to(float32), x.std(0, unbiased: false).to(float32));
    }

    /// <summary>(x - mean) / std per feature, as a new dataset with the same labels; constant features are only centred.</summary>
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"This standardizer was fitted on {FeatureCount} features, but the dataset has {data.FeatureCount} per example.", nameof(data));
        using var scope = NewDisposeScope();
        var flat = data.Features.reshape(data.Count, -1);
        var features = ((flat - Mean) / _divisor).reshape(data.Features.shape);
        return new Dataset(features, data.Labels.clone(), data.ClassCount, data.ClassNames);
    }

    /// <summary>Undoes <see cref="Transform"/> on (examples x features) values: x * std + mean.</summary>
    public Tensor InverseTransform(Tensor standardized)
    {
        ArgumentNullException.ThrowIfNull(standardized);
        if (standardized.dim() != 2 || standardized.shape[1] != FeatureCount)
            throw new ArgumentException($"Expected (examples x {FeatureCount}) values, but shape [{Dataset.Shape(standardized)}] came.", nameof(standardized));
        return standardized * _divisor + Mean;
    }

    public void Dispose()
    {
        Mean.Dispose();
        Std.Dispose();
        _divisor.Dispose();
    }
}

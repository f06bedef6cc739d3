using Course.Data;
using Course.Tensors;

namespace Course.Tests.Data;

public class StandardizerTests
{
    [Fact]
    public void Fit_measures_each_feature_mean_and_population_std()
    {
        var s = Standardizer.Fit(Matrix.FromRows([1, 10, 5], [3, 30, 5], [5, 20, 5]));
        Assert.Equal([3f, 20f, 5f], s.Mean);
        Assert.Equal(MathF.Sqrt(8f / 3), s.Std[0], 6);
        Assert.Equal(MathF.Sqrt(200f / 3), s.Std[1], 4);
        Assert.Equal(0f, s.Std[2]);
    }

    [Fact]
    public void Training_features_come_out_with_mean_0_and_std_1_and_constant_ones_centred()
    {
        var rng = new Rng(2);
        var x = rng.Normal(500, 3, mean: 4, std: 7);
        for (int i = 0; i < 500; i++) x[i, 2] = 0.25f; // a constant feature, like an MNIST corner pixel
        var z = Standardizer.Fit(x).Transform(x);
        for (int j = 0; j < 2; j++)
        {
            var column = Enumerable.Range(0, 500).Select(i => z[i, j]).ToArray();
            Assert.Equal(0, column.Average(), 4);
            Assert.Equal(1, Math.Sqrt(column.Select(v => v * (double)v).Average()), 4);
        }
        Assert.All(Enumerable.Range(0, 500), i => Assert.Equal(0f, z[i, 2]));
        Assert.True(z.IsFinite());
    }

    [Fact]
    public void Validation_data_never_changes_the_statistics()
    {
        var rng = new Rng(11);
        var (train, validation) = Splits.TrainValidation(
            new Dataset(rng.Normal(400, 5, 2, 3), new int[400], 1), 0.25, rng);
        var standardizer = Standardizer.Fit(train);
        var mean = (float[])standardizer.Mean.Clone();
        var std = (float[])standardizer.Std.Clone();

        var before = standardizer.Transform(validation);
        validation.Features.Fill(1000);  // wildly different validation data
        var after = standardizer.Transform(validation);

        Assert.Equal(mean, standardizer.Mean);
        Assert.Equal(std, standardizer.Std);
        // Validation rows are scaled with the training statistics, not their own.
        Assert.Equal((1000 - mean[0]) / std[0], after.Features[0, 0], 3);
        Assert.NotEqual(before.Features[0, 0], after.Features[0, 0]);
    }

    [Fact]
    public void Inverse_transform_restores_the_original_values()
    {
        var x = new Rng(3).Normal(50, 4, 10, 2);
        var s = Standardizer.Fit(x);
        var back = s.InverseTransform(s.Transform(x));
        for (int i = 0; i < x.Length; i++) Assert.Equal(x.Data[i], back.Data[i], 4);
    }

    [Fact]
    public void A_matrix_with_another_number_of_features_is_refused()
    {
        var s = Standardizer.Fit(new Matrix(4, 3));
        var e = Assert.Throws<ArgumentException>(() => s.Transform(new Matrix(2, 5)));
        Assert.Contains("fitted on 3 features, but the (2x5) matrix has 5", e.Message);
    }
}

using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Data;

public class StandardizerTests
{
    [Fact]
    public void Training_features_come_out_with_mean_0_and_std_1_and_a_constant_feature_is_only_centred()
    {
        torch.manual_seed(1);
        using var train = new Dataset(cat([randn(500, 1) * 5 + 3, full(500, 1, 2f)], 1), zeros(500, dtype: int64), 1);
        using var scaler = Standardizer.Fit(train);
        using var scaled = scaler.Transform(train);

        Assert.Equal(3, scaler.Mean[0].item<float>(), 0.5);
        Assert.Equal(0, scaled.Features.select(1, 0).mean().item<float>(), 1e-5);
        Assert.Equal(1, scaled.Features.select(1, 0).std(unbiased: false).item<float>(), 1e-5);
        Assert.True(scaled.Features.select(1, 1).eq(0).all().item<bool>());
        using var back = scaler.InverseTransform(scaled.Features);
        Assert.True(back.allclose(train.Features, atol: 1e-5));
    }

    [Fact]
    public void Held_out_data_is_transformed_with_the_training_statistics()
    {
        using var train = new Dataset(tensor(new[] { 0f, 2f }, [2, 1]), zeros(2, dtype: int64), 1);
        using var test = new Dataset(tensor(new[] { 4f }, [1, 1]), zeros(1, dtype: int64), 1);
        using var scaler = Standardizer.Fit(train);
        using var scaled = scaler.Transform(test);
        Assert.Equal(3f, scaled.Features.item<float>());   // (4 - 1) / 1, not 0 as its own statistics would give
    }

    [Fact]
    public void A_dataset_with_another_feature_count_is_refused()
    {
        using var train = new Dataset(zeros(2, 3), zeros(2, dtype: int64), 1);
        using var other = new Dataset(zeros(2, 4), zeros(2, dtype: int64), 1);
        using var scaler = Standardizer.Fit(train);
        Assert.Contains("fitted on 3 features, but the dataset has 4", Assert.Throws<ArgumentException>(() => scaler.Transform(other)).Message);
    }
}

using Course.Data;
using Course.Experiments;
using TorchSharp;

namespace Course.Tests.Experiments;

/// <summary>Lesson 08's input-scaling table: the same net and optimiser on the same digits, scaled four ways.</summary>
public class InputScalingTests
{
    private static readonly Lazy<ScalingResult[][]> s_runs = new(() =>
    {
        using var first = Digits.All.Take(2500);
        var (train, validation) = Splits.TrainValidation(first, 0.2, 1, stratify: true);
        using var _ = train;
        using var __ = validation;
        return [.. Enumerable.Range(0, 3).Select(seed => InputScaling.All.Select(s => InputScaling.Train(s, train, validation, 5, seed)).ToArray())];
    });

    private static IEnumerable<ScalingResult> Rows(string scaling) => s_runs.Value.Select(run => run.Single(r => r.Scaling == scaling));

    [Fact]
    public void Pixels_in_the_unit_range_start_at_chance_and_raw_pixels_start_ten_times_above_it()
    {
        Assert.All(Rows(InputScaling.UnitRange), r => Assert.InRange(r.InitialLoss, Math.Log(10) - 0.05, Math.Log(10) + 0.05));
        Assert.All(Rows(InputScaling.Centred), r => Assert.InRange(r.InitialLoss, Math.Log(10) - 0.05, Math.Log(10) + 0.05));
        Assert.All(Rows(InputScaling.Raw), r => Assert.True(r.InitialLoss > 10 * Math.Log(10), $"{r.InitialLoss}"));
        Assert.All(Rows(InputScaling.Raw), r => Assert.Equal((0.0, 255.0), (r.Low, r.High)));
    }

    [Fact]
    public void Standardised_pixels_validate_best_and_raw_pixels_worse_than_the_unit_range_for_every_seed()
    {
        foreach (var run in s_runs.Value)
        {
            var accuracy = run.ToDictionary(r => r.Scaling, r => r.ValidationAccuracy);
            Assert.True(accuracy[InputScaling.Standardised] > accuracy[InputScaling.UnitRange] + 0.01, string.Join(", ", accuracy));
            Assert.True(accuracy[InputScaling.Raw] < accuracy[InputScaling.UnitRange], string.Join(", ", accuracy));
            Assert.InRange(accuracy[InputScaling.UnitRange], 0.82, 0.88);
        }
    }

    [Fact]
    public void Standardising_fits_on_the_training_set_only()
    {
        using var train = Digits.All.Take(200);
        using var other = Digits.All.Subset([.. Enumerable.Range(5000, 200).Select(i => (long)i)]);
        var (a, b) = InputScaling.Apply(InputScaling.Standardised, train, other);
        using var _ = a;
        using var __ = b;
        using var scope = torch.NewDisposeScope();
        Assert.Equal(0, a.Features.mean([0]).abs().max().ToDouble(), 4);
        Assert.True(b.Features.mean([0]).abs().max().ToDouble() > 0.01); // the other set keeps the training set's statistics
    }

    [Fact]
    public void An_unknown_scaling_names_the_ones_there_are()
    {
        using var data = Digits.All.Take(10);
        Assert.Contains("[0, 1], [-0.5, 0.5], [0, 255], standardised, but \"[-1, 1]\" came",
            Assert.Throws<ArgumentException>(() => InputScaling.Apply("[-1, 1]", data, data)).Message);
    }

    [Fact]
    public void A_scaling_run_leaves_no_tensor_behind()
    {
        using var train = Digits.All.Take(100);
        InputScaling.Train(InputScaling.Standardised, train, train, 1, 0);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        InputScaling.Train(InputScaling.Standardised, train, train, 1, 0);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}

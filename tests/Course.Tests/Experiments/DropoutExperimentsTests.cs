using Course.Data;
using Course.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Experiments;

public sealed class DropoutExperimentsTests
{
    // The lesson's setting: 200 training digits and 500 validation digits, shrunk to 14 x 14.
    private static readonly Lazy<(Dataset Train, Dataset Validation)> Digits = new(() =>
    {
        using var all = Mnist.Load();
        var small = DropoutExperiments.Downsample(all, 2);
        return (small.Take(200), small.Subset(Enumerable.Range(5000, 500).Select(i => (long)i).ToArray()));
    });

    [Fact]
    public void The_layer_check_finds_nn_Dropout_keeping_q_redrawing_its_mask_and_breaking_no_rule()
    {
        for (long seed = 1; seed <= 3; seed++)
        {
            var check = DropoutExperiments.CheckLayer(0.2, seed);
            Assert.InRange(check.KeptShare, 0.785, 0.815);    // 16,384 values: std 0.003
            Assert.InRange(check.ChangedShare, 0.30, 0.34);   // 2q(1 - q) = 0.32, std 0.004
            Assert.Equal((0L, 0L, 0L, 0L), (check.GradientMismatches, check.OtherFactors, check.EvalMismatches, check.FromScratchMismatches));
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Inverted_dropout_keeps_the_mean_and_the_unscaled_variant_shrinks_it_to_q(double keep)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var activations = rand([400, 256], generator: generator);
        double mean = activations.to(float64).mean().item<double>();
        manual_seed(2);
        var scaled = DropoutExperiments.Means(activations, keep, scaled: true);
        var unscaled = DropoutExperiments.Means(activations, keep, scaled: false);
        Assert.Equal(mean, scaled.Eval, 12);
        Assert.Equal(1, scaled.Ratio, 0.015);     // std of the ratio about 0.004 at q = 0.5
        Assert.Equal(keep, unscaled.Ratio, 0.008); // std about 0.002
    }

    [Fact]
    public void Downsampling_averages_square_blocks_and_refuses_shapes_it_cannot_split()
    {
        using var scope = NewDisposeScope();
        var image = zeros(1, 16);
        image[0, 0] = image[0, 1] = image[0, 4] = image[0, 5] = tensor(1f); // the top-left 2 x 2 block
        image[0, 15] = tensor(0.5f);                                       // the bottom-right pixel
        using var small = DropoutExperiments.Downsample(new Dataset(image, tensor(new long[] { 0 }), 1), 2);
        Assert.Equal([1f, 0f, 0f, 0.125f], small.Features.data<float>().ToArray());
        Assert.Contains("square", Assert.Throws<ArgumentException>(() =>
            DropoutExperiments.Downsample(new Dataset(zeros(1, 15), tensor(new long[] { 0 }), 1), 2)).Message);
        Assert.Contains("divide the image side 4, but 3 came", Assert.Throws<ArgumentOutOfRangeException>(() =>
            DropoutExperiments.Downsample(new Dataset(zeros(1, 16), tensor(new long[] { 0 }), 1), 3)).Message);
    }

    [Fact]
    public void Without_dropout_the_net_memorises_and_dropout_lowers_the_validation_loss_even_at_the_best_epoch()
    {
        var (train, validation) = Digits.Value;
        for (long seed = 1; seed <= 2; seed++)
        {
            var plain = DropoutExperiments.Overfit(train, validation, 0, seed);
            var dropped = DropoutExperiments.Overfit(train, validation, 0.6, seed, trainLossEveryEpoch: true);
            Assert.Equal(1.0, plain.Train.Accuracy);
            Assert.True(plain.ValidationLoss - dropped.ValidationLoss > 0.4,
                $"seed {seed}: validation loss {plain.ValidationLoss} without, {dropped.ValidationLoss} with dropout");
            Assert.True(plain.BestValidationLoss - dropped.BestValidationLoss > 0.04,
                $"seed {seed}: best validation loss {plain.BestValidationLoss} without, {dropped.BestValidationLoss} with dropout");
            Assert.Equal(20, dropped.TrainLossPerEpoch.Count);
            Assert.Equal(dropped.Train.Loss, dropped.TrainLossPerEpoch[^1]);
            Assert.Empty(plain.TrainLossPerEpoch);
            Assert.True(dropped.History.TrainLoss[^1] > dropped.Train.Loss, "the loss logged with dropout on is higher than in eval mode");
        }
    }

    [Fact]
    public void A_run_leaves_no_tensor_behind()
    {
        var (train, validation) = Digits.Value;
        DropoutExperiments.Overfit(train, validation, 0.5, 1, new OverfitSetup { Epochs = 2 });
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        DropoutExperiments.Overfit(train, validation, 0.5, 1, new OverfitSetup { Epochs = 2 });
        DropoutExperiments.Mismatch(train, validation, 0.5, 1, setup: new OverfitSetup { Epochs = 2 });
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Unscaled_dropout_shrinks_the_output_layers_input_by_q_per_layer_and_costs_validation_loss_until_the_weights_are_scaled()
    {
        var (train, validation) = Digits.Value;
        var run = DropoutExperiments.Mismatch(train, validation, 0.5, seed: 1);
        Assert.Equal(0.25, run.Ratio, 0.02); // two dropout layers: q * q
        Assert.True(run.AsTrained.Loss > run.WeightsTimesKeep.Loss + 0.5, $"as trained {run.AsTrained.Loss}, weights x q {run.WeightsTimesKeep.Loss}");
        Assert.Contains("(0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => DropoutExperiments.Mismatch(train, validation, 0, 1)).Message);
    }

    [Fact]
    public void Scaled_from_scratch_dropout_trains_exactly_as_nn_Dropout_does()
    {
        var (train, validation) = Digits.Value;
        var setup = new OverfitSetup { Epochs = 5 };
        var mine = DropoutExperiments.Mismatch(train, validation, 0.6, seed: 3, scaled: true, setup);
        var torchs = DropoutExperiments.Overfit(train, validation, 0.6, seed: 3, setup);
        Assert.Equal(torchs.ValidationLoss, mine.AsTrained.Loss);
        // Not exactly 1: the ReLU after the first dropout turns the extra spread of its input into a slightly larger mean.
        Assert.InRange(mine.Ratio, 1.0, 1.1);
    }

    [Fact]
    public void The_sweep_table_has_one_row_per_run()
    {
        var (train, validation) = Digits.Value;
        var setup = new OverfitSetup { Epochs = 3 };
        var table = DropoutExperiments.SweepTable(new[] { 0.0, 0.5 }.Select(p => DropoutExperiments.Overfit(train, validation, p, 1, setup)));
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(["p", "train loss", "train accuracy", "validation loss", "best validation loss", "best epoch", "validation accuracy"],
            table.Columns.Select(c => c.Name));
        Assert.Equal(0.5, (double)table.Rows[1][0]);
    }
}

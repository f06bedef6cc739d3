using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Models;

public sealed class DropoutFromScratchTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.7)]
    [InlineData(0.9)]
    public void Under_the_same_seed_it_keeps_the_same_positions_and_gives_the_same_outputs_as_nn_Dropout(double p)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var x = randn([32, 4, 50], generator: generator); // 3-D: the mask is per element, whatever the shape

        manual_seed(11);
        var expected = nn.Dropout(p).call(x);
        manual_seed(11);
        var actual = new DropoutFromScratch(p).call(x);

        Assert.True(expected.eq(0).Equals(actual.eq(0)), "the kept positions differ");
        Assert.Equal(0, expected.ne(actual).sum().item<long>()); // bit for bit
        double keptShare = actual.ne(0).to(float64).mean().item<double>();
        Assert.InRange(keptShare, 1 - p - 0.02, 1 - p + 0.02);   // 6,400 values: the share's std is below 0.007
    }

    [Fact]
    public void Kept_values_are_divided_by_the_keep_probability_and_the_others_are_zero()
    {
        using var scope = NewDisposeScope();
        var x = ones(100, 100);
        manual_seed(5);
        var y = new DropoutFromScratch(0.2).call(x);
        var values = y.unique().output.data<float>().ToArray();
        Assert.Equal([0f, 1.25f], values);
        Assert.Equal([0f, 1f], new DropoutFromScratch(0.2, scaled: false).call(x).unique().output.data<float>().ToArray());
    }

    [Fact]
    public void Backward_multiplies_by_the_forward_mask_over_q()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        var x = randn([64, 128], generator: generator).requires_grad_();
        var upstream = randn([64, 128], generator: generator);
        manual_seed(6);
        var y = new DropoutFromScratch(0.3).call(x);
        y.backward([upstream]);

        var maskOverQ = y.ne(0).to(float32).div_(0.7); // the mask, read from the output (randn is never exactly 0)
        Assert.Equal(0, x.grad!.ne(upstream * maskOverQ).sum().item<long>());
        Assert.Equal(y.eq(0).sum().item<long>(), x.grad!.eq(0).sum().item<long>()); // a dropped value gets no gradient

        // and the same gradient as nn.Dropout's under the same seed
        var x2 = x.detach().clone().requires_grad_();
        manual_seed(6);
        nn.Dropout(0.3).call(x2).backward([upstream]);
        Assert.True(x2.grad!.Equals(x.grad!));
    }

    [Fact]
    public void A_new_mask_is_drawn_every_training_forward()
    {
        using var scope = NewDisposeScope();
        var x = ones(64, 256);
        var dropout = new DropoutFromScratch(0.5);
        manual_seed(7);
        var first = dropout.call(x).ne(0);
        double changed = dropout.call(x).ne(0).ne(first).to(float64).mean().item<double>();
        Assert.InRange(changed, 0.48, 0.52); // two independent coins of q = 0.5 differ with probability 2q(1 - q) = 0.5
    }

    [Fact]
    public void Evaluation_mode_is_the_identity_in_both_variants_and_draws_nothing()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(8);
        var x = randn([16, 32], generator: generator);
        foreach (var scaled in new[] { true, false })
        {
            var dropout = new DropoutFromScratch(0.5, scaled);
            dropout.eval();
            manual_seed(9);
            Assert.True(dropout.call(x).Equals(x));
            var next = rand(1).item<float>();
            manual_seed(9);
            Assert.Equal(rand(1).item<float>(), next); // the generator did not move
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.2)]
    public void The_unscaled_variant_shrinks_the_expected_activation_to_q_times_it(double p)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(10);
        var x = rand([1000, 1000], generator: generator) * 2; // 1e6 values, mean 1
        double mean = x.to(float64).mean().item<double>();
        manual_seed(12);
        double unscaled = new DropoutFromScratch(p, scaled: false).call(x).to(float64).mean().item<double>() / mean;
        double scaled = new DropoutFromScratch(p).call(x).to(float64).mean().item<double>() / mean;
        // The ratio's std is about 0.0007 unscaled and 0.0013 / q scaled: bands of 4 to 5 stds.
        Assert.InRange(unscaled, 1 - p - 0.003, 1 - p + 0.003);
        Assert.InRange(scaled, 1 - 0.006, 1 + 0.006);
    }

    [Fact]
    public void With_p_zero_it_passes_the_input_through_like_nn_Dropout()
    {
        using var scope = NewDisposeScope();
        var x = arange(10f);
        Assert.True(new DropoutFromScratch(0).call(x).Equals(x));
        Assert.True(nn.Dropout(0).call(x).Equals(x));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_drop_probability_outside_0_to_1_is_refused_with_the_value(double p)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DropoutFromScratch(p));
        Assert.Contains("[0, 1)", e.Message);
        Assert.Contains(p.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }
}

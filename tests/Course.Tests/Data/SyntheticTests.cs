using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Data;

public class SyntheticTests
{
    [Fact]
    public void Blobs_have_perClass_examples_of_each_class_around_their_centres()
    {
        using var blobs = Synthetic.Blobs(200, 4, std: 0.5, seed: 1, radius: 3);
        Assert.Equal([200L, 200, 200, 200], blobs.ClassCounts());
        for (int c = 0; c < 4; c++)
        {
            using var members = blobs.Features.index_select(0, (blobs.Labels == c).nonzero().squeeze(1));
            var centre = members.mean([0]).data<float>().ToArray();
            double angle = 2 * Math.PI * c / 4;
            Assert.Equal(3 * Math.Cos(angle), centre[0], 0.12);
            Assert.Equal(3 * Math.Sin(angle), centre[1], 0.12);
            Assert.Equal(0.5, members.std(0).mean().item<float>(), 0.05);
        }
    }

    [Fact]
    public void Moons_lie_on_their_arcs_and_spirals_within_the_unit_disc()
    {
        using var moons = Synthetic.Moons(300, noise: 0, seed: 2);
        using var upper = moons.Features.index_select(0, (moons.Labels == 0).nonzero().squeeze(1));
        Assert.True(upper.norm(1, true).sub(1).abs().max().item<float>() < 1e-5);   // |p| = 1 on the upper arc
        using var spirals = Synthetic.Spirals(100, 3, noise: 0, seed: 3);
        Assert.True(spirals.Features.norm(1, true).max().item<float>() <= 1.0001f);
        Assert.Equal([100L, 100, 100], spirals.ClassCounts());
    }

    [Fact]
    public void The_same_seed_gives_the_same_set_whatever_else_was_drawn_and_another_seed_another()
    {
        using var a = Synthetic.Moons(50, 0.1, seed: 7);
        torch.manual_seed(123);
        using var _ = randn(1000);
        using var b = Synthetic.Moons(50, 0.1, seed: 7);
        using var c = Synthetic.Moons(50, 0.1, seed: 8);
        Assert.True(a.Features.Equals(b.Features) && a.Labels.Equals(b.Labels));
        Assert.False(a.Features.Equals(c.Features));
    }

    [Fact]
    public void Bad_sizes_and_noise_are_refused()
    {
        Assert.Contains("perClass = 0", Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.Blobs(0, 2, 1, 1)).Message);
        Assert.Contains("noise must be a finite number >= 0, but -1 came", Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.Moons(5, -1, 1)).Message);
    }
}

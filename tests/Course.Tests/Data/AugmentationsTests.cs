using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Data;

public class AugmentationsTests
{
    // Four 3-channel 6x8 images of distinct values in (0, 1).
    private static Tensor Colour() => (arange(4 * 3 * 6 * 8, dtype: float32).reshape(4, 3, 6, 8) + 1) / 600;

    private static Tensor Run(Func<Tensor, Generator, Tensor> augment, Tensor x, ulong seed = 7)
    {
        using var generator = new Generator(seed);
        return augment(x, generator);
    }

    [Fact]
    public void Flip_with_probability_one_mirrors_every_channel_and_zero_changes_nothing()
    {
        using var x = Colour();
        using var all = Run((t, g) => Augmentations.HorizontalFlip(t, 1, g), x);
        using var none = Run((t, g) => Augmentations.HorizontalFlip(t, 0, g), x);
        using var mirrored = x.flip(3);
        Assert.True(all.Equals(mirrored));
        Assert.True(none.Equals(x));
    }

    [Fact]
    public void Flip_at_one_half_mirrors_about_half_the_images()
    {
        using var x = rand(2000, 3, 4, 4);
        using var y = Run((t, g) => Augmentations.HorizontalFlip(t, 0.5, g), x);
        using var same = (y == x).reshape(2000, -1).all(1).to(float32).mean();
        Assert.InRange(same.item<float>(), 0.46, 0.54);
    }

    [Fact]
    public void The_same_seed_gives_the_same_batch_and_another_seed_another()
    {
        using var x = Colour();
        using var a = Run((t, g) => Augmentations.ColourShift(t, 0.2, g), x, 1);
        using var b = Run((t, g) => Augmentations.ColourShift(t, 0.2, g), x, 1);
        using var c = Run((t, g) => Augmentations.ColourShift(t, 0.2, g), x, 2);
        Assert.True(a.Equals(b));
        Assert.False(a.Equals(c));
    }

    [Fact]
    public void Colour_shift_moves_each_channel_of_each_image_by_one_offset_within_the_bound()
    {
        using var x = Colour() * 0.5 + 0.25;   // in [0.25, 0.75]: no clamping for shifts up to 0.2
        using var y = Run((t, g) => Augmentations.ColourShift(t, 0.2, g), x);
        using var shift = y - x;
        using var perChannel = shift.amax([2, 3]) - shift.amin([2, 3]);
        Assert.True(perChannel.max().item<float>() < 1e-6);
        Assert.InRange(shift.abs().max().item<float>(), 0.05, 0.2);
        using var acrossChannels = shift.amax([1, 2, 3]) - shift.amin([1, 2, 3]);
        Assert.True(acrossChannels.min().item<float>() > 1e-3, "the channels of an image shift by different amounts: a colour change");
    }

    [Fact]
    public void Rotation_by_zero_degrees_is_the_identity_and_a_turn_keeps_the_centre_pixel()
    {
        using var x = rand(3, 2, 5, 5);
        using var same = Run((t, g) => Augmentations.Rotate(t, 0, g), x);
        Assert.True(same.allclose(x, rtol: 0, atol: 1e-5));
        // A turn about the centre moves every pixel but the centre one of an odd-sized image.
        using var turned = Run((t, g) => Augmentations.Rotate(t, 90, g), x);
        using var centreMoved = (turned[.., .., 2, 2] - x[.., .., 2, 2]).abs().max();
        Assert.True(centreMoved.item<float>() < 1e-5);
        Assert.False(turned.allclose(x, rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void Random_crop_shifts_the_image_within_the_padding_and_keeps_the_shape()
    {
        using var x = rand(50, 1, 10, 10) + 1;   // every pixel >= 1: zeros can only come from the padding
        using var y = Run((t, g) => Augmentations.RandomCrop(t, 2, g), x);
        Assert.Equal(x.shape, y.shape);
        using var zeroRows = (y == 0).all(3).sum([1, 2]);   // whole zero rows per image: the vertical shift
        Assert.InRange(zeroRows.max().item<long>(), 1, 2);
        using var unchanged = Run((t, g) => Augmentations.RandomCrop(t, 0, g), x);
        Assert.True(unchanged.Equals(x));
    }

    [Fact]
    public void Cutout_zeroes_one_square_of_the_given_size_in_every_channel()
    {
        using var x = rand(20, 3, 12, 12) + 0.5;   // nothing is 0 before
        using var y = Run((t, g) => Augmentations.Cutout(t, 4, g), x);
        using var zeros = (y == 0).sum([2, 3]);
        Assert.True(zeros.eq(16).all().item<bool>());
    }

    [Fact]
    public void Contrast_keeps_each_image_mean_and_noise_has_the_asked_std()
    {
        using var x = rand(10, 1, 8, 8) * 0.2 + 0.4;
        using var y = Run((t, g) => Augmentations.Contrast(t, 0.5, g), x);
        using var meanChange = (y.mean([1, 2, 3]) - x.mean([1, 2, 3])).abs().max();
        Assert.True(meanChange.item<float>() < 1e-5);
        using var half = full(1000, 1, 16, 16, 0.5f);
        using var noisy = Run((t, g) => Augmentations.Noise(t, 0.1, g), half);
        Assert.InRange((noisy - half).std().item<float>(), 0.099, 0.101);
    }

    [Fact]
    public void Mnist_rows_go_in_and_come_out_as_rows()
    {
        using var rows = rand(6, 784);
        using var y = Run((t, g) => Augmentations.HorizontalFlip(t, 1, g), rows);
        using var expected = rows.reshape(6, 1, 28, 28).flip(3).reshape(6, 784);
        Assert.Equal(new long[] { 6, 784 }, y.shape);
        Assert.True(y.Equals(expected));
    }

    [Fact]
    public void Wrong_shapes_and_arguments_are_refused_naming_what_was_expected()
    {
        using var generator = new Generator(1);
        using var flat = rand(4, 10);
        var e = Assert.Throws<ArgumentException>(() => Augmentations.Noise(flat, 0.1, generator));
        Assert.Contains("[N, C, H, W]", e.Message);
        Assert.Contains("[4, 10]", e.Message);
        using var three = rand(3, 28, 28);
        Assert.Contains("[3, 28, 28]", Assert.Throws<ArgumentException>(() => Augmentations.Rotate(three, 10, generator)).Message);
        using var ints = zeros(2, 1, 4, 4, dtype: int64);
        Assert.Contains("Int64", Assert.Throws<ArgumentException>(() => Augmentations.Cutout(ints, 2, generator)).Message);
        using var ok = rand(2, 1, 4, 4);
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => Augmentations.HorizontalFlip(ok, 1.5, generator)).Message);
        Assert.Contains("padding", Assert.Throws<ArgumentOutOfRangeException>(() => Augmentations.RandomCrop(ok, -1, generator)).Message);
    }

    [Fact]
    public void Augmenting_leaves_no_tensor_behind()
    {
        using var x = rand(8, 3, 10, 10);
        using var generator = new Generator(3);
        void All()
        {
            foreach (var f in new Func<Tensor, Tensor>[]
            {
                t => Augmentations.HorizontalFlip(t, 0.5, generator), t => Augmentations.Rotate(t, 20, generator),
                t => Augmentations.RandomCrop(t, 2, generator), t => Augmentations.ColourShift(t, 0.1, generator),
                t => Augmentations.Contrast(t, 0.3, generator), t => Augmentations.Noise(t, 0.05, generator),
                t => Augmentations.Cutout(t, 3, generator),
            })
                f(x).Dispose();
        }
        All();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        All();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}

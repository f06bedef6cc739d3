using Course.Data;
using Course.Tensors;

namespace Course.Tests.Data;

public class AugmentationTests
{
    private static readonly ImageShape Rgb = new(3, 5, 7);

    // Distinct values everywhere, so any misplaced pixel shows.
    private static float[] Numbered(ImageShape shape) =>
        Enumerable.Range(0, shape.Size).Select(i => (i + 1) / (float)shape.Size).ToArray();

    public static TheoryData<string> Names => new(All().Keys);

    private static Dictionary<string, Augmentation> All() => new()
    {
        ["flip horizontal"] = new FlipHorizontal(),
        ["flip vertical"] = new FlipVertical(),
        ["rotate bilinear"] = new Rotate(30),
        ["rotate nearest"] = new Rotate(30, Interpolation.Nearest),
        ["random crop"] = new RandomCrop(2),
        ["gaussian noise"] = new GaussianNoise(0.1f),
        ["cutout"] = new Cutout(3),
        ["colour shift"] = new ColourShift(180, 0.1f),
        ["contrast"] = new Contrast(0.5f, 1.5f),
        ["compose"] = new Compose(new FlipHorizontal(), new Rotate(10), new Contrast(0.8f, 1.2f)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_augmentation_keeps_labels_and_shape_and_changes_pixels(string name)
    {
        var shapes = Synthetic.ColouredShapes(10, HueRange.All, new Rng(1));
        var augmented = All()[name].Apply(shapes, Synthetic.ShapeImage(), new Rng(2));

        Assert.Equal(shapes.Labels, augmented.Labels);
        Assert.Equal(shapes.Features.Shape, augmented.Features.Shape);
        Assert.Equal(shapes.ClassNames, augmented.ClassNames);
        Assert.NotEqual(shapes.Features.Data, augmented.Features.Data);
        Assert.All(augmented.Features.Data, v => Assert.InRange(v, 0f, 1f));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_same_seed_replays_the_same_changes(string name)
    {
        var digits = Synthetic.ColouredShapes(5, HueRange.Blue, new Rng(1));
        var a = All()[name].Apply(digits, Synthetic.ShapeImage(), new Rng(7));
        var b = All()[name].Apply(digits, Synthetic.ShapeImage(), new Rng(7));
        Assert.Equal(a.Features.Data, b.Features.Data);
    }

    [Fact]
    public void Flips_mirror_and_undo_themselves()
    {
        var image = Numbered(Rgb);
        var flipped = (float[])image.Clone();
        Images.FlipHorizontal(flipped, Rgb);
        Assert.Equal(image[Rgb.Index(1, 2, 0)], flipped[Rgb.Index(1, 2, 6)]);
        Images.FlipHorizontal(flipped, Rgb);
        Assert.Equal(image, flipped);

        Images.FlipVertical(flipped, Rgb);
        Assert.Equal(image[Rgb.Index(2, 0, 3)], flipped[Rgb.Index(2, 4, 3)]);
        Assert.Equal(image[Rgb.Index(2, 2, 3)], flipped[Rgb.Index(2, 2, 3)]); // the middle row stays
        Images.FlipVertical(flipped, Rgb);
        Assert.Equal(image, flipped);
    }

    [Theory]
    [InlineData(Interpolation.Nearest)]
    [InlineData(Interpolation.Bilinear)]
    public void Rotating_by_0_degrees_changes_nothing(Interpolation interpolation)
    {
        var image = Numbered(Rgb);
        var rotated = new float[image.Length];
        Images.Rotate(image, rotated, Rgb, 0, interpolation);
        Assert.Equal(image, rotated);
    }

    [Theory]
    [InlineData(Interpolation.Nearest)]
    [InlineData(Interpolation.Bilinear)]
    public void Rotating_by_90_degrees_turns_the_image_counter_clockwise(Interpolation interpolation)
    {
        var square = new ImageShape(2, 6, 6);
        var image = Numbered(square);
        var rotated = new float[image.Length];
        Images.Rotate(image, rotated, square, 90, interpolation);
        // Counter-clockwise on screen: the right edge moves to the top, so (x, y) takes the value at (5 - y, x).
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 6; x++)
                    Assert.Equal(image[square.Index(c, x, 5 - y)], rotated[square.Index(c, y, x)], 4);
    }

    [Fact]
    public void Rotation_fills_corners_that_come_from_outside_with_black()
    {
        var ones = Enumerable.Repeat(1f, 9 * 9).ToArray();
        var rotated = new float[ones.Length];
        Images.Rotate(ones, rotated, new ImageShape(1, 9, 9), 45, Interpolation.Nearest);
        Assert.Equal(0f, rotated[0]);
        Assert.Equal(1f, rotated[4 * 9 + 4]);
    }

    [Fact]
    public void Cropping_the_full_image_is_the_identity_and_an_offset_shifts_with_black_fill()
    {
        var image = Numbered(Rgb);
        var copy = new float[image.Length];
        Images.Crop(image, Rgb, 0, 0, Rgb.Height, Rgb.Width, copy);
        Assert.Equal(image, copy);

        Images.Crop(image, Rgb, -1, 2, Rgb.Height, Rgb.Width, copy);
        Assert.Equal(0f, copy[Rgb.Index(0, 0, 0)]);                         // the padded top row
        Assert.Equal(image[Rgb.Index(1, 0, 2)], copy[Rgb.Index(1, 1, 0)]);  // content moved down 1, left 2
        Assert.Equal(0f, copy[Rgb.Index(2, 3, 5)]);                         // the padded right columns

        var small = new float[3 * 2 * 2];
        Images.Crop(image, Rgb, 1, 1, 2, 2, small);
        Assert.Equal(image[Rgb.Index(2, 2, 2)], small[new ImageShape(3, 2, 2).Index(2, 1, 1)]);
    }

    [Fact]
    public void Random_crop_without_padding_is_the_identity()
    {
        var image = Numbered(Rgb);
        var copy = (float[])image.Clone();
        new RandomCrop(0).Apply(copy, Rgb, new Rng(1));
        Assert.Equal(image, copy);
    }

    [Fact]
    public void Cutout_blanks_a_square_of_the_requested_size()
    {
        var shape = new ImageShape(1, 28, 28);
        var rng = new Rng(4);
        int full = 0;
        for (int trial = 0; trial < 50; trial++)
        {
            var image = Enumerable.Repeat(1f, shape.Size).ToArray();
            new Cutout(6).Apply(image, shape, rng);
            int erased = image.Count(v => v == 0);
            Assert.InRange(erased, 9, 36); // at least a 3x3 corner of the 6x6 square stays inside
            if (erased == 36) full++;
        }
        Assert.True(full > 25, $"Only {full} of 50 squares fell wholly inside the image.");
    }

    [Fact]
    public void Hue_rotation_by_120_degrees_turns_red_into_green_and_keeps_grey()
    {
        var pixel = new ImageShape(3, 1, 2);
        float[] image = [1f, 0.5f, 0f, 0.5f, 0f, 0.5f]; // pixel 0 pure red, pixel 1 grey 0.5
        Images.RotateHue(image, pixel, 120);
        Assert.Equal([0f, 0.5f, 1f, 0.5f, 0f, 0.5f], image.Select(v => MathF.Round(v, 5)));
    }

    [Fact]
    public void Colour_shift_refuses_grey_images()
    {
        var e = Assert.Throws<ArgumentException>(() => new ColourShift(30).Apply(new float[784], Mnist.Shape, new Rng(1)));
        Assert.Contains("1x28x28", e.Message);
    }

    [Fact]
    public void Contrast_scales_the_distance_from_each_channel_mean()
    {
        var shape = new ImageShape(1, 1, 4);
        float[] image = [0.2f, 0.4f, 0.6f, 0.8f];
        Images.ScaleContrast(image, shape, 0.5f);
        Assert.Equal([0.35f, 0.45f, 0.55f, 0.65f], image.Select(v => MathF.Round(v, 5)));
    }

    [Fact]
    public void Gaussian_noise_has_the_requested_spread()
    {
        var shape = new ImageShape(1, 100, 100);
        var image = Enumerable.Repeat(0.5f, shape.Size).ToArray();
        new GaussianNoise(0.1f).Apply(image, shape, new Rng(6));
        double std = Math.Sqrt(image.Select(v => (v - 0.5) * (v - 0.5)).Average());
        Assert.InRange(std, 0.098, 0.102);
    }

    [Fact]
    public void A_row_of_the_wrong_length_is_refused_with_both_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new FlipHorizontal(1).ApplyToRows(new Matrix(2, 100), Mnist.Shape, new Rng(1)));
        Assert.Contains("100 values", e.Message);
        Assert.Contains("784", e.Message);
    }
}

using Course.Charts;
using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Data;

public class ColouredShapesTests
{
    [Fact]
    public void A_set_has_perClass_colour_images_of_each_shape_with_pixels_in_the_unit_range()
    {
        using var shapes = ColouredShapes.Generate(30, ["blue", "red"], seed: 1, size: 16);
        Assert.Equal([120L, 3, 16, 16], shapes.Features.shape);
        Assert.Equal([30L, 30, 30, 30], shapes.ClassCounts());
        Assert.Equal(ColouredShapes.Shapes, shapes.ClassNames);
        using var scope = NewDisposeScope();
        Assert.True(shapes.Features.min().ToDouble() >= 0 && shapes.Features.max().ToDouble() <= 1);
    }

    [Fact]
    public void The_same_seed_draws_the_same_images_and_another_seed_others()
    {
        using var a = ColouredShapes.Generate(10, ColouredShapes.AllColours, seed: 3);
        using var b = ColouredShapes.Generate(10, ColouredShapes.AllColours, seed: 3);
        using var c = ColouredShapes.Generate(10, ColouredShapes.AllColours, seed: 4);
        Assert.True(a.Features.Equals(b.Features) && a.Labels.Equals(b.Labels));
        Assert.False(a.Features.Equals(c.Features));
    }

    [Fact]
    public void Blue_shapes_are_brightest_in_the_blue_channel_and_red_ones_in_the_red()
    {
        using var scope = NewDisposeScope();
        using var blue = ColouredShapes.Generate(20, ["blue"], seed: 5, noise: 0);
        using var red = ColouredShapes.Generate(20, ["red"], seed: 5, noise: 0);
        var blueChannels = blue.Features.sum([0, 2, 3]).data<float>().ToArray();
        var redChannels = red.Features.sum([0, 2, 3]).data<float>().ToArray();
        Assert.Equal(2, Array.IndexOf(blueChannels, blueChannels.Max()));
        Assert.Equal(0, Array.IndexOf(redChannels, redChannels.Max()));
        // Every image holds a shape of a few dozen pixels, not an empty or a full frame.
        var pixels = blue.Features.amax([1]).gt(0).sum([1, 2]).to(float64);
        Assert.InRange(pixels.min().ToDouble(), 9, 256);
        Assert.True(pixels.max().ToDouble() < 0.6 * 256);
    }

    [Fact]
    public void Right_facing_triangles_and_ells_lean_left_and_either_way_sets_balance_out()
    {
        static double LeftShare(Dataset data, long shape)
        {
            using var scope = NewDisposeScope();
            var members = data.Features.index_select(0, (data.Labels == shape).nonzero().squeeze(1)).sum([0, 1, 2]);   // mass per column
            return members.narrow(0, 0, 8).sum().ToDouble() / members.sum().ToDouble();
        }
        using var right = ColouredShapes.Generate(200, ["grey"], seed: 6, facing: Facing.Right, noise: 0);
        using var either = ColouredShapes.Generate(200, ["grey"], seed: 6, facing: Facing.Either, noise: 0);
        Assert.True(LeftShare(right, 2) > 0.55, $"triangle {LeftShare(right, 2)}");
        Assert.True(LeftShare(right, 3) > 0.55, $"ell {LeftShare(right, 3)}");
        Assert.InRange(LeftShare(either, 2), 0.45, 0.55);
        Assert.InRange(LeftShare(right, 0), 0.45, 0.55);   // squares have no side
    }

    [Fact]
    public void Bad_requests_name_what_was_expected_and_what_came()
    {
        Assert.Contains("Expected colours from blue, red, yellow, green, grey, purple, but \"pink\" came",
            Assert.Throws<ArgumentException>(() => ColouredShapes.Generate(5, ["blue", "pink"], 0)).Message);
        Assert.Contains("at least one colour", Assert.Throws<ArgumentException>(() => ColouredShapes.Generate(5, [], 0)).Message);
        Assert.Contains("at least 10 pixels wide", Assert.Throws<ArgumentOutOfRangeException>(() => ColouredShapes.Generate(5, ["blue"], 0, size: 6)).Message);
        Assert.Contains("size = 6", Assert.Throws<ArgumentOutOfRangeException>(() => ColouredShapes.Generate(5, ["blue"], 0, size: 6)).Message);
        Assert.Contains("perClass = 0", Assert.Throws<ArgumentOutOfRangeException>(() => ColouredShapes.Generate(0, ["blue"], 0)).Message);
    }

    [Fact]
    public void The_image_grid_draws_each_image_in_its_own_colour()
    {
        using var red = ColouredShapes.Generate(2, ["red"], seed: 7);
        var figure = ImageGrid.Of(red, 8, columns: 4);
        Assert.Equal(8, figure.Traces.Count);
        Assert.Equal((2, 4), (figure.Rows, figure.Cols));
        Assert.Contains("rgb(255,", figure.ToJson());
        Assert.Contains("Expected between 1 and 8 images, but 9 came", Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Of(red, 9)).Message);
    }

    [Fact]
    public void Generating_leaves_no_tensor_behind()
    {
        ColouredShapes.Generate(5, ["blue"], 0).Dispose();
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        ColouredShapes.Generate(5, ["blue"], 0).Dispose();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}

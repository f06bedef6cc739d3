using Course.Data;
using Course.Tensors;

namespace Course.Tests.Data;

public class SyntheticTests
{
    public static TheoryData<string> Names => ["blobs", "moons", "spirals", "shapes"];

    private static Dataset Make(string name, int perClass, ulong seed) => name switch
    {
        "blobs" => Synthetic.Blobs(perClass, 5, 0.5f, new Rng(seed)),
        "moons" => Synthetic.Moons(perClass, 0.1f, new Rng(seed)),
        "spirals" => Synthetic.Spirals(perClass, 3, 0.05f, new Rng(seed)),
        _ => Synthetic.ColouredShapes(perClass, HueRange.Blue, new Rng(seed)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_set_is_deterministic_per_seed_with_the_requested_class_counts(string name)
    {
        var a = Make(name, 37, 1);
        Assert.All(a.ClassCounts(), count => Assert.Equal(37, count));
        Assert.Equal(a.Features.Data, Make(name, 37, 1).Features.Data);
        Assert.Equal(a.Labels, Make(name, 37, 1).Labels);
        Assert.NotEqual(a.Features.Data, Make(name, 37, 2).Features.Data);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Classes_are_mixed_rather_than_sorted(string name)
    {
        var first = Make(name, 100, 3).Take(40);
        Assert.True(first.ClassCounts().Count(c => c > 0) >= 2, $"The first 40 {name} examples hold one class only.");
    }

    [Fact]
    public void Blobs_sit_around_their_centres_with_the_requested_spread()
    {
        var blobs = Synthetic.Blobs(2000, 4, 0.5f, new Rng(4), radius: 3);
        for (int c = 0; c < 4; c++)
        {
            var rows = Enumerable.Range(0, blobs.Count).Where(i => blobs.Labels[i] == c).ToArray();
            double mx = rows.Average(i => blobs.Features[i, 0]), my = rows.Average(i => blobs.Features[i, 1]);
            Assert.Equal(3 * Math.Cos(Math.PI / 2 * c), mx, 0.05);
            Assert.Equal(3 * Math.Sin(Math.PI / 2 * c), my, 0.05);
            Assert.Equal(0.5, Math.Sqrt(rows.Average(i => Math.Pow(blobs.Features[i, 0] - mx, 2))), 0.03);
        }
    }

    [Fact]
    public void Noise_free_moons_lie_on_their_two_arcs()
    {
        var moons = Synthetic.Moons(200, 0, new Rng(5));
        for (int i = 0; i < moons.Count; i++)
        {
            float x = moons.Features[i, 0], y = moons.Features[i, 1];
            var (cx, cy) = moons.Labels[i] == 0 ? (0f, 0f) : (1f, 0.5f);
            Assert.Equal(1f, MathF.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)), 4);
            Assert.True(moons.Labels[i] == 0 ? y >= 0 : y <= 0.5f);
        }
    }

    [Fact]
    public void Noise_free_spiral_points_stay_within_the_unit_disc()
    {
        var spirals = Synthetic.Spirals(300, 4, 0, new Rng(6));
        Assert.All(Enumerable.Range(0, spirals.Count), i =>
            Assert.True(spirals.Features[i, 0] * spirals.Features[i, 0] + spirals.Features[i, 1] * spirals.Features[i, 1] <= 1.0001f));
    }

    [Fact]
    public void Blue_shapes_are_blue_and_the_colour_wheel_gives_every_colour()
    {
        var shape = Synthetic.ShapeImage();
        static float[] ChannelSums(Dataset d, ImageShape s) =>
            [.. Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, d.Count).Sum(i => d.Features.Row(i).Slice(c * s.PlaneSize, s.PlaneSize).ToArray().Sum()))];

        var blue = Synthetic.ColouredShapes(50, HueRange.Blue, new Rng(7));
        Assert.Equal(["square", "disc", "triangle", "cross"], blue.ClassNames!);
        Assert.All(blue.Features.Data, v => Assert.InRange(v, 0f, 1f));
        var sums = ChannelSums(blue, shape);
        Assert.True(sums[2] > 2 * sums[0] && sums[2] > 2 * sums[1], $"Blue sums to {sums[2]}, red to {sums[0]}, green to {sums[1]}.");

        // Over the whole colour wheel no channel dominates.
        var all = ChannelSums(Synthetic.ColouredShapes(200, HueRange.All, new Rng(7)), shape);
        Assert.InRange(all.Max() / all.Min(), 1f, 1.15f);
    }

    [Fact]
    public void Each_shape_covers_a_typical_area()
    {
        // In shape units the areas are: triangle 2, cross 2.31, square 2.89 (side 1.7), disc pi.
        var shapes = Synthetic.ColouredShapes(300, HueRange.All, new Rng(8));
        var s = Synthetic.ShapeImage();
        var coverage = new double[4];
        for (int i = 0; i < shapes.Count; i++)
        {
            var row = shapes.Features.Row(i).ToArray();
            float brightest = Enumerable.Range(0, s.PlaneSize).Max(p => Math.Max(row[p], Math.Max(row[p + s.PlaneSize], row[p + 2 * s.PlaneSize])));
            int covered = Enumerable.Range(0, s.PlaneSize).Count(p => row[p] + row[p + s.PlaneSize] + row[p + 2 * s.PlaneSize] > 0.05f);
            coverage[shapes.Labels[i]] += covered / 300.0;
            Assert.InRange(brightest, 0.6f, 1f); // some pixel lies wholly inside the shape, at full colour
        }
        Assert.True(coverage[2] < coverage[3] && coverage[3] < coverage[0] && coverage[0] < coverage[1],
            $"Mean covered pixels: square {coverage[0]:F1}, disc {coverage[1]:F1}, triangle {coverage[2]:F1}, cross {coverage[3]:F1}.");
    }
}

using Course.Charts;
using static TorchSharp.torch;

namespace Course.Tests.Charts;

public class ImageGridTests
{
    [Fact]
    public void Rows_of_784_become_upright_28x28_heatmaps_laid_out_in_rows()
    {
        using var images = zeros(5, 784);
        images[0, 0] = 1;   // the top-left pixel of the first image
        var figure = ImageGrid.Of(images, columns: 3, titles: ["a", "b", "c", "d", "e"]);
        Assert.Equal((2, 3), (figure.Rows, figure.Cols));
        Assert.Equal(5, figure.Traces.Count);
        var z = figure.Traces[0].Z!;
        Assert.Equal(28, z.Length);
        Assert.Equal(1, z[27][0]);   // drawn at the top: the last row of z, since y grows upwards
    }

    [Fact]
    public void Colour_images_and_a_title_count_that_does_not_match_are_refused()
    {
        using var colour = zeros(2, 3, 8, 8);
        Assert.Contains("[2, 3, 8, 8]", Assert.Throws<ArgumentException>(() => ImageGrid.Of(colour, 2)).Message);
        using var grey = zeros(2, 8, 8);
        Assert.Contains("one title per image (2), but 1 came", Assert.Throws<ArgumentException>(() => ImageGrid.Of(grey, 2, ["x"])).Message);
    }
}

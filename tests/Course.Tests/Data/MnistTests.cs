using System.IO.Compression;
using System.Security.Cryptography;
using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Data;

public sealed class MnistTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_course_digits_load_as_784_pixels_in_0_1_with_labels_0_to_9()
    {
        var mnist = Mnist.Load();
        Assert.Equal(10_000, mnist.Count);
        Assert.Equal(784, mnist.FeatureCount);
        Assert.Equal(10, mnist.ClassCount);
        Assert.Equal(0f, mnist.Features.min().item<float>());
        Assert.Equal(1f, mnist.Features.max().item<float>());
        // Real handwriting: about a fifth of the pixels carry ink, and the mean grey is near 0.13.
        Assert.InRange(mnist.Features.mean().item<float>(), 0.12f, 0.14f);
        Assert.InRange((mnist.Features > 0).to(float32).mean().item<float>(), 0.17, 0.22);
    }

    [Fact]
    public void Class_counts_match_the_data_readme()
    {
        var row = DataReadme.CountsRow();
        var counts = Mnist.Load().ClassCounts();
        Assert.Equal(row[..10].Select(c => (long)c), counts);
        Assert.Equal(row[10], counts.Sum());
    }

    [Fact]
    public void Checksums_of_the_files_and_of_their_content_match_the_data_readme()
    {
        var published = DataReadme.Checksums();
        Assert.Equal(4, published.Count);
        string folder = Mnist.FindDataFolder();
        foreach (var (name, expected) in published)
        {
            byte[] bytes = name.EndsWith(".gz", StringComparison.Ordinal)
                ? File.ReadAllBytes(Path.Combine(folder, name))
                : Gunzip(Path.Combine(folder, name + ".gz"));
            Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    [Fact]
    public void The_file_is_not_sorted_by_class_so_a_prefix_holds_every_digit()
    {
        var counts = Mnist.Load().Take(1000).ClassCounts();
        Assert.All(counts, c => Assert.InRange(c, 70, 130));
    }

    [Fact]
    public void The_data_folder_is_found_from_any_folder_inside_the_repository()
    {
        string data = Mnist.FindDataFolder();
        string deep = Path.Combine(data, "regenerate");
        Assert.Equal(data, Mnist.FindDataFolder(deep));
        Assert.True(File.Exists(Path.Combine(data, Mnist.ImagesFile)));
    }

    [Fact]
    public void No_data_folder_above_a_start_folder_is_an_error_that_says_what_to_do()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => Mnist.FindDataFolder(_temp.Path));
        Assert.Contains(_temp.Path, e.Message);
        Assert.Contains("node regenerate.mjs", e.Message);
    }

    [Fact]
    public void A_missing_file_names_its_path_and_how_to_regenerate_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Mnist.Load(_temp.Path));
        Assert.Contains(Path.Combine(_temp.Path, Mnist.ImagesFile), e.Message);
        Assert.Contains("cd data/regenerate && npm ci && node regenerate.mjs", e.Message);
    }

    [Fact]
    public void A_bad_magic_number_names_the_path_and_how_to_regenerate()
    {
        // Images and labels swapped: each file has the other's magic number.
        string folder = Mnist.FindDataFolder();
        string images = Path.Combine(folder, Mnist.ImagesFile), labels = Path.Combine(folder, Mnist.LabelsFile);
        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(labels, images));
        Assert.Contains(labels, e.Message);
        Assert.Contains("0x00000803", e.Message);
        Assert.Contains("node regenerate.mjs", e.Message);
    }

    [Fact]
    public void A_truncated_gzip_file_names_the_path_and_how_to_regenerate()
    {
        string folder = Mnist.FindDataFolder();
        var bytes = File.ReadAllBytes(Path.Combine(folder, Mnist.ImagesFile));
        string broken = _temp.File(Mnist.ImagesFile);
        File.WriteAllBytes(broken, bytes[..(bytes.Length / 2)]);
        File.Copy(Path.Combine(folder, Mnist.LabelsFile), _temp.File(Mnist.LabelsFile));

        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(_temp.Path));
        Assert.Contains(broken, e.Message);
        Assert.Contains("node regenerate.mjs", e.Message);
    }

    [Fact]
    public void A_truncated_uncompressed_file_names_the_path()
    {
        string images = _temp.File("images"), labels = _temp.File("labels");
        Idx.Write(images, new IdxArray(new byte[2 * 28 * 28], 2, 28, 28));
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..^100]);
        Idx.Write(labels, new IdxArray([3, 4], 2));

        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(images, labels));
        Assert.Contains(images, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Labels_outside_0_to_9_wrong_image_sizes_and_count_mismatches_are_refused()
    {
        string images = _temp.File("images"), labels = _temp.File("labels"), small = _temp.File("small"), three = _temp.File("three");
        Idx.Write(images, new IdxArray(new byte[2 * 28 * 28], 2, 28, 28));
        Idx.Write(labels, new IdxArray([3, 10], 2));
        Idx.Write(small, new IdxArray(new byte[2 * 27 * 28], 2, 27, 28));
        Idx.Write(three, new IdxArray([1, 2, 3], 3));

        Assert.Contains("label 10 at position 1", Assert.Throws<InvalidDataException>(() => Mnist.Load(images, labels)).Message);
        Assert.Contains("27x28", Assert.Throws<InvalidDataException>(() => Mnist.Load(small, labels)).Message);
        Assert.Contains("2 images", Assert.Throws<InvalidDataException>(() => Mnist.Load(images, three)).Message);
    }

    [Fact]
    public void Pixels_are_grey_levels_over_255()
    {
        string images = _temp.File("images"), labels = _temp.File("labels");
        var pixels = new byte[28 * 28];
        pixels[0] = 255;
        pixels[1] = 51;
        pixels[783] = 1;
        Idx.Write(images, new IdxArray(pixels, 1, 28, 28), gzip: true);
        Idx.Write(labels, new IdxArray([7], 1));

        var one = Mnist.Load(images, labels);
        Assert.Equal([1f, 51 / 255f, 1 / 255f], [one.Features[0, 0], one.Features[0, 1], one.Features[0, 783]]);
        Assert.Equal(7, one.Labels[0]);
    }

    private static byte[] Gunzip(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}

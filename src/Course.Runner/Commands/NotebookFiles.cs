namespace Course.Runner.Commands;

/// <summary>Turns command-line inputs (notebook files and folders) into notebook paths.</summary>
public static class NotebookFiles
{
    public const string SolutionFile = "Course.sln";
    public const string NotebooksFolder = "notebooks";

    /// <summary>The .ipynb files named, and those directly inside the folders named, in name order.
    /// With no inputs, the repository's notebooks/ folder (found above the current directory).</summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0)
        {
            var root = RepositoryRoot(Environment.CurrentDirectory)
                ?? throw new ArgumentException($"No notebooks given, and no {SolutionFile} in {Environment.CurrentDirectory} or above to find {NotebooksFolder}/ from.");
            inputs = [Path.Combine(root, NotebooksFolder)];
        }

        var files = new List<string>();
        foreach (var input in inputs)
        {
            var path = Path.GetFullPath(input);
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*.ipynb").Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                    throw new ArgumentException($"No .ipynb files in {path}.");
                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                if (!path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"{path} is not a notebook (.ipynb).");
                files.Add(path);
            }
            else
            {
                throw new ArgumentException($"No such notebook or folder: {path}.");
            }
        }

        return [.. files.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The nearest folder at or above <paramref name="folder"/> holding Course.sln, or null.</summary>
    public static string? RepositoryRoot(string folder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                return dir.FullName;
        }

        return null;
    }
}

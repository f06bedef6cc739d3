using Course.Runner.Commands;

// Notebook runs set the process's current directory and capture the console while a cell runs;
// running test classes one at a time keeps those effects from meeting (and suits two cores).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Course.Notebooks.Tests.Support;

/// <summary>Paths in the repository, found from the test assembly by walking up to Course.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = NotebookFiles.RepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No {NotebookFiles.SolutionFile} above {AppContext.BaseDirectory}.");

    public static string Notebooks => Path.Combine(Root, NotebookFiles.NotebooksFolder);

    public static string Fixtures => Path.Combine(Root, "tests", "Course.Notebooks.Tests", "Fixtures");

    public static string Fixture(string relativePath) => Path.Combine(Fixtures, relativePath);

    /// <summary>artifacts/bin/Course.Notebooks.Tests/&lt;configuration&gt;/: the runner was built beside it.</summary>
    public static string Configuration => Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    public static string RunnerAssembly => Path.Combine(Root, "artifacts", "bin", "Course.Runner", Configuration, "Course.Runner.dll");
}

using Course.Runner.Commands;
using Course.Runner.Execution;
using Course.Runner.Notebooks;

namespace Course.Bench;

/// <summary>Every lesson executed in the runner's kernel, as `course run` does: total, first cell, slowest cell.</summary>
internal static class CourseRun
{
    public static IEnumerable<Line> Lessons()
    {
        var root = NotebookFiles.RepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"No {NotebookFiles.SolutionFile} above {AppContext.BaseDirectory}.");
        var runner = new NotebookRunner();
        var runs = new List<NotebookRun>();
        foreach (var path in NotebookFiles.Resolve([Path.Combine(root, NotebookFiles.NotebooksFolder)]))
        {
            var run = runner.RunAsync(Notebook.Load(path)).GetAwaiter().GetResult();
            if (run.Failure is { } failure)
                throw new InvalidOperationException($"The course does not run: {failure}");
            runs.Add(run);
            yield return new($"course-{Path.GetFileNameWithoutExtension(path)}", run.Elapsed.TotalSeconds,
                $"seconds; slowest cell {run.SlowestCell!.Cell.Number} ({run.SlowestCell.Elapsed.TotalSeconds:F2} s)");
        }
        var slowest = runs.SelectMany(r => r.Cells.Select(c => (r.Notebook.FileName, Cell: c))).MaxBy(c => c.Cell.Elapsed);
        yield return new("course", runs.Sum(r => r.Elapsed.TotalSeconds), $"seconds for {runs.Count} notebooks");
        yield return new("course-first-cell", runs[0].Cells[0].Elapsed.TotalSeconds, "seconds: kernel start and library load");
        yield return new("course-slowest-cell", slowest.Cell.Elapsed.TotalSeconds, $"seconds: {slowest.FileName} cell {slowest.Cell.Cell.Number}");
    }
}

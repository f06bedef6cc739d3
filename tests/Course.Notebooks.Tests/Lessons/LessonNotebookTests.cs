using Course.Notebooks.Tests.Support;
using Course.Runner.Execution;
using Course.Runner.Notebooks;
using Xunit.Abstractions;

namespace Course.Notebooks.Tests.Lessons;

/// <summary>Every lesson in notebooks/ (found, not listed) follows the notebook rules and runs to the end.</summary>
public class LessonNotebookTests(ITestOutputHelper output)
{
    private static IReadOnlyList<string> LessonFiles() =>
        Directory.Exists(Repository.Notebooks)
            ? [.. Directory.EnumerateFiles(Repository.Notebooks, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!]
            : [];

    public static TheoryData<string> Lessons() => new(LessonFiles());

    [Fact]
    public void The_course_has_lessons() =>
        Assert.True(LessonFiles().Count > 0, $"No lessons: {Repository.Notebooks} holds no .ipynb files.");

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Lesson_follows_the_notebook_rules(string lesson) =>
        Assert.Empty(NotebookCheck.File(Path.Combine(Repository.Notebooks, lesson)));

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task Lesson_runs_to_the_end(string lesson)
    {
        var runner = new NotebookRunner(new RunnerOptions
        {
            CellFinished = cell => output.WriteLine($"cell {cell.ExecutionCount,3} {cell.Elapsed.TotalSeconds,6:0.00} s"),
        });

        var run = await runner.RunAsync(Notebook.Load(Path.Combine(Repository.Notebooks, lesson)));

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal(run.Notebook.CodeCells.Count(), run.Cells.Count);
    }
}

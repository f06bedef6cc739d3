using Course.Notebooks.Tests.Support;
using Course.Runner.Execution;
using Course.Runner.Formatting;
using Course.Runner.Notebooks;

namespace Course.Notebooks.Tests.Execution;

public class NotebookRunnerTests
{
    private static Task<NotebookRun> RunFixture(string fixture, RunnerOptions? options = null) =>
        new NotebookRunner(options).RunAsync(Notebook.Load(Repository.Fixture(fixture)));

    private static async Task<NotebookRun> RunCells(params string[] codeCells)
    {
        using var folder = new TempFolder();
        return await new NotebookRunner().RunAsync(TestNotebook.Load(TestNotebook.Create(codeCells), folder.Path));
    }

    private static DisplayOutput Result(NotebookRun run, int cell) =>
        Assert.Single(run.Cells[cell - 1].Outputs.OfType<DisplayOutput>(), o => o.IsResult);

    [Fact]
    public async Task A_compile_error_names_the_notebook_cell_line_and_compiler_message_and_stops_the_notebook()
    {
        var run = await RunFixture("compile-error.ipynb");

        Assert.False(run.Succeeded);
        Assert.Equal(new CellFailure("compile-error.ipynb", 3, 3, "error CS0103: The name 'foo' does not exist in the current context"), run.Failure);
        Assert.Equal("compile-error.ipynb, cell 3, line 3: error CS0103: The name 'foo' does not exist in the current context", run.Failure!.ToString());
        Assert.Equal([1, 2, 3], run.Cells.Select(c => c.ExecutionCount));
        var error = Assert.IsType<ErrorOutput>(Assert.Single(run.Cells[2].Outputs));
        Assert.Contains("line 3: error CS0103", error.Value);
    }

    [Fact]
    public async Task A_runtime_exception_names_the_line_of_the_failing_cell_even_when_thrown_in_an_earlier_cells_method()
    {
        var run = await RunFixture("runtime-error.ipynb");

        Assert.Equal(new CellFailure("runtime-error.ipynb", 2, 4, "System.DivideByZeroException: Attempted to divide by zero."), run.Failure);
        Assert.Equal(2, run.Cells.Count);
        var outputs = run.Cells[1].Outputs;
        Assert.Equal(new StreamOutput("stdout", "before the failure\n"), outputs[0]);
        var error = Assert.IsType<ErrorOutput>(outputs[1]);
        Assert.Equal("System.DivideByZeroException", error.Name);
        Assert.Contains(error.Traceback, line => line.EndsWith("in runtime-error.ipynb, cell 2, line 4", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Traceback, line => line.Contains("Course.Runner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Console_output_display_and_the_trailing_expression_become_outputs_in_order()
    {
        var run = await RunFixture("outputs.ipynb");

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal<CellOutput>(
            [
                new StreamOutput("stdout", "hello from the cell\n"),
                new DisplayOutput([new FormattedValue("text/plain", "shown with display")], IsResult: false),
                new DisplayOutput([new FormattedValue("text/plain", "42")], IsResult: true),
            ],
            run.Cells[0].Outputs,
            OutputComparer.Instance);
        Assert.Empty(run.Cells[1].Outputs);
        Assert.Equal(new StreamOutput("stdout", "a void call shows no value\n"), Assert.Single(run.Cells[2].Outputs));
        Assert.Equal("<null>", Result(run, 6).ValueFor("text/plain"));
    }

    [Fact]
    public async Task A_sequence_of_records_is_an_html_table_with_a_plain_text_fallback()
    {
        var run = await RunFixture("outputs.ipynb");

        var points = Result(run, 4);
        Assert.Equal(
            "<table><thead><tr><th><i>index</i></th><th>X</th><th>Y</th></tr></thead><tbody>" +
            "<tr><td>0</td><td>1</td><td>0.5</td></tr><tr><td>1</td><td>2</td><td>1.5</td></tr></tbody></table>",
            points.ValueFor("text/html"));
        Assert.Equal("[ Point { X = 1, Y = 0.5 }, Point { X = 2, Y = 1.5 } ]", points.ValueFor("text/plain"));
    }

    [Fact]
    public async Task A_type_with_a_TypeFormatterSourceAttribute_of_its_own_is_shown_as_its_formatters_html()
    {
        var run = await RunFixture("formatter.ipynb");

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal("<span class=\"badge\">ok</span>", Result(run, 2).ValueFor("text/html"));
        Assert.Equal("Badge { Text = ok }", Result(run, 2).ValueFor("text/plain"));
        Assert.Equal("<span class=\"badge\">CAREFUL</span>", Result(run, 3).ValueFor("text/html"));
        // The formatter returns false for an empty badge: the default HTML takes over.
        Assert.StartsWith("<table>", Result(run, 4).ValueFor("text/html"));
    }

    [Fact]
    public async Task Relative_r_and_load_resolve_against_the_notebook_folder_whatever_the_current_directory()
    {
        using var elsewhere = new TempFolder();
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = elsewhere.Path;
        try
        {
            var run = await RunFixture("references/relative-references.ipynb", new RunnerOptions { WorkingDirectory = elsewhere.Path });

            Assert.True(run.Succeeded, run.Failure?.ToString());
            Assert.Equal("hello, runner!", Result(run, 2).ValueFor("text/plain"));
            Assert.Equal("6", Result(run, 3).ValueFor("text/plain"));
            Assert.Equal(elsewhere.Path, Result(run, 4).ValueFor("text/plain"));
            Assert.Equal(elsewhere.Path, Environment.CurrentDirectory);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Fact]
    public async Task A_notebook_runs_in_its_own_folder_as_in_VS_Code_and_the_current_directory_is_restored()
    {
        var before = Environment.CurrentDirectory;

        var run = await RunFixture("references/relative-references.ipynb");

        Assert.Equal(Repository.Fixture("references"), Result(run, 4).ValueFor("text/plain"));
        Assert.Equal(before, Environment.CurrentDirectory);
    }

    [Fact]
    public async Task System_IO_is_not_imported_by_default()
    {
        var without = await RunCells("File.Exists(\"no-such-file\")");
        var with = await RunCells("using System.IO;\nFile.Exists(\"no-such-file\")");

        Assert.Equal(new CellFailure("test.ipynb", 1, 1, "error CS0103: The name 'File' does not exist in the current context"), without.Failure);
        Assert.True(with.Succeeded, with.Failure?.ToString());
        Assert.Equal("False", Result(with, 1).ValueFor("text/plain"));
    }

    [Fact]
    public async Task The_kernels_default_imports_are_in_scope()
    {
        var run = await RunCells("new StringBuilder(\"a\").Append(new List<int> { 1, 2 }.Sum()).ToString() + new ArrayList().Count + Task.FromResult(1).Result");

        Assert.Equal("a301", Result(run, 1).ValueFor("text/plain"));
    }

    [Fact]
    public async Task Cells_compile_as_CSharp_12_like_the_kernel()
    {
        var run = await RunCells("int Count(params List<int> items) => items.Count;");

        Assert.NotNull(run.Failure);
        Assert.Contains("C# 12", run.Failure.Message);
    }

    [Fact]
    public async Task Each_notebook_gets_a_fresh_session()
    {
        using var folder = new TempFolder();
        var runner = new NotebookRunner();
        var first = await runner.RunAsync(TestNotebook.Load(TestNotebook.Create("var shared = 1;"), folder.Path, "first.ipynb"));
        var second = await runner.RunAsync(TestNotebook.Load(TestNotebook.Create("shared"), folder.Path, "second.ipynb"));

        Assert.True(first.Succeeded);
        Assert.Equal(new CellFailure("second.ipynb", 1, 1, "error CS0103: The name 'shared' does not exist in the current context"), second.Failure);
    }

    [Fact]
    public async Task A_cell_ending_in_display_shows_the_value_once()
    {
        var run = await RunCells("display(7)");

        var output = Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[0].Outputs));
        Assert.False(output.IsResult);
        Assert.Equal("7", output.ValueFor("text/plain"));
    }

    [Fact]
    public async Task Display_with_mime_types_formats_in_those()
    {
        var run = await RunCells("display(new[] { 1, 2 }, \"text/plain\");");

        var output = Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[0].Outputs));
        Assert.Equal([new FormattedValue("text/plain", "[ 1, 2 ]")], output.Values);
    }

    [Fact]
    public async Task Progress_is_reported_per_cell()
    {
        var started = new List<int>();
        var finished = new List<int>();
        await RunFixture("outputs.ipynb", new RunnerOptions
        {
            CellStarting = cell => started.Add(cell.Number!.Value),
            CellFinished = cell => finished.Add(cell.ExecutionCount),
        });

        Assert.Equal([1, 2, 3, 4, 5, 6], started);
        Assert.Equal(started, finished);
    }

    /// <summary>Outputs compare by value, their lists of formatted values included.</summary>
    private sealed class OutputComparer : IEqualityComparer<CellOutput>
    {
        public static readonly OutputComparer Instance = new();

        public bool Equals(CellOutput? x, CellOutput? y) => (x, y) switch
        {
            (DisplayOutput a, DisplayOutput b) => a.IsResult == b.IsResult && a.Values.SequenceEqual(b.Values),
            _ => object.Equals(x, y),
        };

        public int GetHashCode(CellOutput obj) => obj.GetType().GetHashCode();
    }
}

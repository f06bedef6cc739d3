using Course.Notebooks.Tests.Support;
using Course.Runner.Execution;
using Course.Runner.Notebooks;
using Microsoft.DotNet.Interactive.Documents;

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

    private static ReturnValueElement Result(NotebookRun run, int cell) =>
        Assert.Single(run.Cells[cell - 1].Outputs.OfType<ReturnValueElement>());

    private static string Text(IDictionary<string, object> data) => (string)data["text/plain"];

    private static string Html(IDictionary<string, object> data) => (string)data["text/html"];

    [Fact]
    public async Task A_compile_error_names_the_notebook_cell_line_and_compiler_message_and_stops_the_notebook()
    {
        var run = await RunFixture("compile-error.ipynb");

        Assert.False(run.Succeeded);
        Assert.Equal(new CellFailure("compile-error.ipynb", 3, 3, "error CS0103: The name 'foo' does not exist in the current context"), run.Failure);
        Assert.Equal("compile-error.ipynb, cell 3, line 3: error CS0103: The name 'foo' does not exist in the current context", run.Failure!.ToString());
        Assert.Equal([1, 2, 3], run.Cells.Select(c => c.ExecutionCount));
        var error = Assert.IsType<ErrorElement>(Assert.Single(run.Cells[2].Outputs));
        Assert.Equal("CompilationError", error.ErrorName);
        Assert.Equal("line 3: error CS0103: The name 'foo' does not exist in the current context", error.ErrorValue);
    }

    [Fact]
    public async Task A_runtime_exception_names_the_cell_and_the_exception_and_the_cells_its_frames_belong_to()
    {
        var run = await RunFixture("runtime-error.ipynb");

        Assert.Equal(new CellFailure("runtime-error.ipynb", 2, null, "System.DivideByZeroException: Attempted to divide by zero."), run.Failure);
        Assert.Equal(2, run.Cells.Count);
        var outputs = run.Cells[1].Outputs;
        var stdout = Assert.IsType<TextElement>(outputs[0]);
        Assert.Equal(("stdout", "before the failure\n"), (stdout.Name, stdout.Text));
        var error = Assert.IsType<ErrorElement>(outputs[1]);
        Assert.Equal("System.DivideByZeroException", error.ErrorName);
        Assert.Equal("Attempted to divide by zero.", error.ErrorValue);
        Assert.Contains(error.StackTrace, line => line.Trim() == "at cell 1.Divide(Int32 x, Int32 y)");
        Assert.Contains(error.StackTrace, line => line.Trim().StartsWith("at cell 2.", StringComparison.Ordinal));
        Assert.DoesNotContain(error.StackTrace, line => line.Contains("Microsoft.DotNet.Interactive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Console_output_display_and_the_trailing_expression_become_outputs_in_order()
    {
        var run = await RunFixture("outputs.ipynb");

        Assert.True(run.Succeeded, run.Failure?.ToString());
        var first = run.Cells[0].Outputs;
        Assert.Equal([typeof(TextElement), typeof(DisplayElement), typeof(ReturnValueElement)], first.Select(o => o.GetType()));
        Assert.Equal("hello from the cell\n", ((TextElement)first[0]).Text);
        Assert.Equal("shown with display", Text(((DisplayElement)first[1]).Data));
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>42</pre></div>", Html(((ReturnValueElement)first[2]).Data));
        Assert.Equal(1, ((ReturnValueElement)first[2]).ExecutionOrder);
        Assert.Empty(run.Cells[1].Outputs);
        Assert.Equal("a void call shows no value\n", Assert.IsType<TextElement>(Assert.Single(run.Cells[2].Outputs)).Text);
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>&lt;null&gt;</pre></div>", Html(Result(run, 6).Data));
    }

    [Fact]
    public async Task Strings_are_plain_text_and_other_values_html_only_as_in_VS_Code()
    {
        var run = await RunFixture("outputs.ipynb");

        Assert.Equal(["text/plain"], ((DisplayElement)run.Cells[0].Outputs[1]).Data.Keys);
        var points = Result(run, 4).Data;
        Assert.Equal(["text/html"], points.Keys);
        Assert.Contains("<code>Point { X = 1, Y = 0.5 }</code>", Html(points));
    }

    [Fact]
    public async Task A_type_with_a_TypeFormatterSourceAttribute_of_its_own_is_shown_as_its_formatters_html()
    {
        var run = await RunFixture("formatter.ipynb");

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal("<span class=\"badge\">ok</span>", Result(run, 2).Data["text/html"]);
        Assert.Equal("<span class=\"badge\">CAREFUL</span>", Result(run, 3).Data["text/html"]);
    }

    [Fact]
    public async Task The_librarys_DataFrames_figures_and_claims_render_in_the_kernel()
    {
        var run = await RunFixture("library-outputs.ipynb");

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.StartsWith("<table id=\"table_", Html(Result(run, 2).Data));   // Microsoft.Data.Analysis's own formatter
        Assert.Contains("<th>median</th>", Html(Result(run, 2).Data));
        var figure = Result(run, 3).Data;
        Assert.Equal(["application/vnd.plotly.v1+json", "text/html", "text/plain"], figure.Keys);
        Assert.StartsWith("{\"data\":[{\"type\":\"scatter\"", (string)figure["application/vnd.plotly.v1+json"]);
        Assert.Contains("Plotly.newPlot", Html(figure));
        Assert.StartsWith("<div class=\"course-claim\"", Html(Result(run, 4).Data));
    }

    [Fact]
    public async Task Relative_r_and_load_resolve_against_the_current_directory_which_is_the_notebooks_folder_by_default()
    {
        var before = Environment.CurrentDirectory;

        var run = await RunFixture("references/relative-references.ipynb");

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal("hello, runner!", Text(Result(run, 2).Data));
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>6</pre></div>", Html(Result(run, 3).Data));
        Assert.Equal(Repository.Fixture("references"), Text(Result(run, 4).Data));
        Assert.Equal(before, Environment.CurrentDirectory);
    }

    [Fact]
    public async Task From_another_working_directory_a_relative_r_does_not_resolve_as_in_the_kernel()
    {
        using var elsewhere = new TempFolder();

        var run = await RunFixture("references/relative-references.ipynb", new RunnerOptions { WorkingDirectory = elsewhere.Path });

        Assert.Equal(1, run.Failure?.Cell);
    }

    [Fact]
    public async Task System_IO_is_not_imported_by_default()
    {
        var without = await RunCells("File.Exists(\"no-such-file\")");
        var with = await RunCells("using System.IO;\nFile.Exists(\"no-such-file\")");

        Assert.Equal(new CellFailure("test.ipynb", 1, 1, "error CS0103: The name 'File' does not exist in the current context"), without.Failure);
        Assert.True(with.Succeeded, with.Failure?.ToString());
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>False</pre></div>", Html(Result(with, 1).Data));
    }

    [Fact]
    public async Task Top_level_code_is_not_in_a_class_so_an_unqualified_Equals_does_not_compile()
    {
        var run = await RunCells("Equals(1, 1)", "object.Equals(1, 1)");

        Assert.Equal(new CellFailure("test.ipynb", 1, 1, "error CS0103: The name 'Equals' does not exist in the current context"), run.Failure);
    }

    [Fact]
    public async Task Cells_compile_as_CSharp_14_with_the_kernels_default_imports()
    {
        var run = await RunCells(
            "class Box { public int? Value; }\nBox? box = new Box();\nbox?.Value = 3;   // null-conditional assignment: C# 14\nbox.Value.ToString()",
            "new StringBuilder(\"a\").Append(new List<int> { 1, 2 }.Sum()).ToString() + new ArrayList().Count + Task.FromResult(1).Result");

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal("3", Text(Result(run, 1).Data));
        Assert.Equal("a301", Text(Result(run, 2).Data));
    }

    [Fact]
    public async Task The_kernel_has_the_FSharp_Core_of_the_kernel_tool_loaded_not_a_newer_one()
    {
        var run = await RunCells("AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == \"FSharp.Core\").GetName().Version.ToString()");

        Assert.Equal("10.0.0.0", Text(Result(run, 1).Data));
    }

    [Fact]
    public async Task Each_notebook_gets_a_fresh_kernel()
    {
        using var folder = new TempFolder();
        var runner = new NotebookRunner();
        var first = await runner.RunAsync(TestNotebook.Load(TestNotebook.Create("var shared = 1;"), folder.Path, "first.ipynb"));
        var second = await runner.RunAsync(TestNotebook.Load(TestNotebook.Create("shared"), folder.Path, "second.ipynb"));

        Assert.True(first.Succeeded);
        Assert.Equal(new CellFailure("second.ipynb", 1, 1, "error CS0103: The name 'shared' does not exist in the current context"), second.Failure);
    }

    [Fact]
    public async Task A_cell_ending_in_display_without_a_semicolon_also_shows_the_display_handle()
    {
        var run = await RunCells("display(\"seven\")", "display(\"seven\");");

        Assert.Equal([typeof(DisplayElement), typeof(ReturnValueElement)], run.Cells[0].Outputs.Select(o => o.GetType()));
        Assert.Contains("DisplayedValue", Html(((ReturnValueElement)run.Cells[0].Outputs[1]).Data));
        Assert.Equal("seven", Text(Assert.IsType<DisplayElement>(Assert.Single(run.Cells[1].Outputs)).Data));
    }

    [Fact]
    public async Task Display_takes_mime_types()
    {
        var run = await RunCells("display(new[] { 1, 2 }, \"text/plain\");");

        var plain = Assert.IsType<DisplayElement>(Assert.Single(run.Cells[0].Outputs));
        Assert.Equal(["text/plain"], plain.Data.Keys);
        Assert.Equal("[ 1, 2 ]", Text(plain.Data));
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
}

using System.Text.Json.Nodes;
using Course.Notebooks.Tests.Support;
using Course.Runner.Notebooks;

namespace Course.Notebooks.Tests.Notebooks;

public class NotebookCheckTests
{
    /// <summary>One breach of one rule each, applied to an otherwise valid notebook.</summary>
    private static readonly Dictionary<string, Action<JsonObject>> s_breaches = new()
    {
        ["nbformat 3"] = nb => nb["nbformat"] = 3,
        ["nbformat_minor 3"] = nb => nb["nbformat_minor"] = 3,
        ["cell without id"] = nb => TestNotebook.CodeCell(nb, 2).Remove("id"),
        ["repeated cell id"] = nb => TestNotebook.CodeCell(nb, 2)["id"] = "code-1",
        ["python kernelspec"] = nb => nb["metadata"]!["kernelspec"] = new JsonObject { ["display_name"] = "Python 3", ["language"] = "python", ["name"] = "python3" },
        ["no kernelspec"] = nb => nb["metadata"]!.AsObject().Remove("kernelspec"),
        ["no kernelInfo"] = nb => nb["metadata"]!.AsObject().Remove("polyglot_notebook"),
        ["F# default kernel"] = nb => nb["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"] = "fsharp",
        ["code cell without kernel metadata"] = nb => TestNotebook.CodeCell(nb, 2)["metadata"] = new JsonObject(),
        ["F# code cell"] = nb => TestNotebook.CodeCell(nb, 2)["metadata"]!["dotnet_interactive"]!["language"] = "fsharp",
        ["committed outputs"] = nb => TestNotebook.CodeCell(nb, 2)["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "hi" }),
        ["committed execution count"] = nb => TestNotebook.CodeCell(nb, 2)["execution_count"] = 3,
        ["NuGet reference"] = nb => AddCode(nb, "#r \"nuget: Plotly.NET, 5.0.0\""),
        ["#i source"] = nb => AddCode(nb, "#i \"nuget: https://example.org/feed\""),
        ["#! magic"] = nb => AddCode(nb, "#!time\nvar x = 1;"),
        ["#! kernel switch"] = nb => AddCode(nb, "#!fsharp\nlet x = 1"),
        ["first cell without #r"] = nb => TestNotebook.CodeCell(nb, 1)["source"] = "using TorchSharp;",
        ["first cell with two #r"] = nb => TestNotebook.CodeCell(nb, 1)["source"] = TestNotebook.LibraryReference + "\n#r \"../other/Other.dll\"",
        ["absolute #r"] = nb => TestNotebook.CodeCell(nb, 1)["source"] = "#r \"/home/me/course/artifacts/bin/Course/release/Course.dll\"",
        ["#r of something else"] = nb => TestNotebook.CodeCell(nb, 1)["source"] = "#r \"System.Numerics\"",
        ["cell ending in a display call"] = nb => AddCode(nb, "var x = 1;\ndisplay(x)   // shows x"),
        ["markdown cell with outputs"] = nb => nb["cells"]![0]!["outputs"] = new JsonArray(),
        ["no code cell"] = nb => nb["cells"] = new JsonArray(TestNotebook.Markdown("only", "# Only text")),
    };

    private static void AddCode(JsonObject notebook, string source) =>
        notebook["cells"]!.AsArray().Add(TestNotebook.Code("extra", source));

    [Fact]
    public void A_notebook_in_the_kernels_shape_passes()
    {
        Assert.Empty(NotebookCheck.Json(TestNotebook.Valid().ToJsonString()));
        Assert.Empty(NotebookCheck.File(Repository.Fixture("valid.ipynb")));
    }

    [Theory]
    [InlineData("nbformat 3", "nbformat is 3; expected 4")]
    [InlineData("nbformat_minor 3", "nbformat_minor is 3; expected 5")]
    [InlineData("cell without id", "code cell 2 has id missing; nbformat 4.5 requires")]
    [InlineData("repeated cell id", "code cell 2 repeats the id \"code-1\"")]
    [InlineData("python kernelspec", "metadata.kernelspec is {\"display_name\":\"Python 3\"")]
    [InlineData("no kernelspec", "metadata.kernelspec is missing; expected {\"display_name\": \".NET (C#)\", \"language\": \"C#\", \"name\": \".net-csharp\"}")]
    [InlineData("no kernelInfo", "metadata.polyglot_notebook.kernelInfo is missing")]
    [InlineData("F# default kernel", "metadata.polyglot_notebook.kernelInfo.defaultKernelName is \"fsharp\"; expected \"csharp\"")]
    [InlineData("code cell without kernel metadata", "code cell 2 metadata is {}; expected {\"dotnet_interactive\": {\"language\": \"csharp\"}")]
    [InlineData("F# code cell", "code cell 2 metadata is {\"dotnet_interactive\":{\"language\":\"fsharp\"}")]
    [InlineData("committed outputs", "code cell 2 has outputs [{")]
    [InlineData("committed execution count", "code cell 2 has execution_count 3")]
    [InlineData("NuGet reference", "code cell 3, line 1: #r \"nuget: Plotly.NET, 5.0.0\"; notebooks load no NuGet packages")]
    [InlineData("#i source", "code cell 3, line 1: #i \"nuget: https://example.org/feed\"; notebooks add no package sources")]
    [InlineData("#! magic", "code cell 3, line 1: magic command #!time;")]
    [InlineData("#! kernel switch", "code cell 3, line 1: magic command #!fsharp;")]
    [InlineData("first cell without #r", "code cell 1 has 0 #r lines; the first code cell loads the library with exactly one #r")]
    [InlineData("first cell with two #r", "code cell 1 has 2 #r lines")]
    [InlineData("absolute #r", "code cell 1, line 1: #r \"/home/me/course/artifacts/bin/Course/release/Course.dll\" is an absolute path")]
    [InlineData("#r of something else", "code cell 1, line 1: #r \"System.Numerics\"; expected #r \"<relative path>/Course.dll\"")]
    [InlineData("cell ending in a display call", "code cell 3 ends with a display(...) call without ';'")]
    [InlineData("markdown cell with outputs", "markdown cell 1 has outputs or an execution_count")]
    [InlineData("no code cell", "no code cell")]
    public void Each_rule_breach_is_named(string breach, string expected)
    {
        var notebook = TestNotebook.Valid();
        s_breaches[breach](notebook);

        var problem = Assert.Single(NotebookCheck.Json(notebook.ToJsonString()));

        Assert.StartsWith(expected, problem);
    }

    [Theory]
    [InlineData("{ \"cells\": [", "not valid JSON: ")]
    [InlineData("[]", "not a notebook: the top level is not a JSON object")]
    public void Text_that_is_not_a_notebook_is_named_as_such(string text, string expected) =>
        Assert.StartsWith(expected, Assert.Single(NotebookCheck.Json(text)));

    [Fact]
    public void Every_rule_breach_has_a_case() =>
        Assert.Equal(s_breaches.Count, typeof(NotebookCheckTests).GetMethod(nameof(Each_rule_breach_is_named))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Length);

    [Fact]
    public void Nbformat_4_4_without_cell_ids_is_accepted()
    {
        var notebook = TestNotebook.Valid();
        notebook["nbformat_minor"] = 4;
        foreach (var cell in notebook["cells"]!.AsArray())
            cell!.AsObject().Remove("id");

        Assert.Empty(NotebookCheck.Json(notebook.ToJsonString()));
    }
}

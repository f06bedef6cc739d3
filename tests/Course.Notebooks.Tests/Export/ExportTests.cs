using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Course.Notebooks.Tests.Support;
using Course.Runner.Execution;
using Course.Runner.Export;
using Course.Runner.Notebooks;

namespace Course.Notebooks.Tests.Export;

public class ExportTests
{
    private static readonly WebAssets s_assets = WebAssets.FindAbove(Repository.Root);

    private static Task<NotebookRun> RunFixture(string fixture) => new NotebookRunner().RunAsync(Notebook.Load(Repository.Fixture(fixture)));

    [Fact]
    public async Task Text_outputs_are_escaped_in_the_page_so_a_displayed_script_tag_does_not_run()
    {
        var page = HtmlPage.Render(await RunFixture("outputs.ipynb"));

        Assert.Contains("<pre class=\"output\">&lt;script&gt;alert(1)&lt;/script&gt;</pre>", page);
        Assert.DoesNotContain("<script>alert(1)", page);
        Assert.Contains("<pre class=\"output stdout\">hello from the cell\n</pre>", page);
    }

    [Fact]
    public async Task Html_outputs_go_into_the_page_as_they_are_and_plotly_and_katex_load_from_beside_it()
    {
        var page = HtmlPage.Render(await RunFixture("formatter.ipynb"));

        Assert.Contains("<div class=\"output html\"><span class=\"badge\">ok</span></div>", page);
        Assert.Contains("<script src=\"plotly.min.js\"></script>", page);
        Assert.Contains("<script src=\"katex/katex.min.js\"></script>", page);
        Assert.DoesNotContain("http", page.Replace("http-equiv", ""));
    }

    [Fact]
    public async Task Markdown_is_rendered_with_math_left_for_KaTeX()
    {
        var page = HtmlPage.Render(await RunFixture("plotly-figures.ipynb"));

        Assert.Contains("<h1 id=\"two-figures\">Two figures</h1>", page);
        Assert.Contains("<span class=\"math\">\\(\\sigma^2 = \\frac{1}{n}\\sum_i (x_i - \\bar{x})^2\\)</span>", page);
    }

    [Theory]
    [InlineData("[lesson 06](06-gradients.ipynb)", "href=\"06-gradients.html\"")]
    [InlineData("[its quiz](06-gradients.ipynb#quiz)", "href=\"06-gradients.html#quiz\"")]
    [InlineData("[the README](../README.md)", "href=\"../README.md\"")]
    [InlineData("[a notebook elsewhere](other/01.ipynb)", "href=\"other/01.ipynb\"")]
    [InlineData("[a page](https://example.org/a.ipynb)", "href=\"https://example.org/a.ipynb\"")]
    public void A_link_to_a_sibling_notebook_opens_its_page_and_other_links_stay(string markdown, string expected) =>
        Assert.Contains(expected, MarkdownRenderer.ToHtml(markdown));

    [Fact]
    public async Task A_stopped_notebook_says_where_and_shows_the_error()
    {
        var page = HtmlPage.Render(await RunFixture("compile-error.ipynb"));

        Assert.Contains("This notebook stopped with an error: compile-error.ipynb, cell 3, line 3: error CS0103: The name &#39;foo&#39; does not exist", page);
        Assert.Contains("<pre class=\"output error\">line 3: error CS0103", page);
        Assert.Contains("<section class=\"cell code not-run\" id=\"cell-4\">", page);
    }

    [Fact]
    public async Task The_executed_notebook_has_the_kernels_output_shapes_and_keeps_everything_else()
    {
        var run = await RunFixture("outputs.ipynb");
        var executed = JsonNode.Parse(ExecutedNotebook.ToJson(run))!.AsObject();
        var source = JsonNode.Parse(File.ReadAllText(run.Notebook.Path))!.AsObject();

        var cell = TestNotebook.CodeCell(executed, 1);
        Assert.Equal(1, (int)cell["execution_count"]!);
        var outputs = cell["outputs"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [
              { "name": "stdout", "output_type": "stream", "text": ["hello from the cell\n"] },
              { "data": { "text/plain": ["shown with display"] }, "metadata": {}, "output_type": "display_data" }
            ]
            """), new JsonArray(outputs[0]!.DeepClone(), outputs[1]!.DeepClone())), outputs.ToJsonString());
        Assert.Equal("execute_result", (string)outputs[2]!["output_type"]!);
        Assert.Equal(1, (int)outputs[2]!["execution_count"]!);
        Assert.Equal("<div class=\"dni-plaintext\"><pre>42</pre></div><style>\r\n", (string)outputs[2]!["data"]!["text/html"]![0]!);
        Assert.Equal(6, (int)TestNotebook.CodeCell(executed, 6)["execution_count"]!);

        Assert.True(JsonNode.DeepEquals(source["metadata"], executed["metadata"]));
        Assert.True(JsonNode.DeepEquals(source["cells"]![0], executed["cells"]![0]));
        foreach (var field in new[] { "id", "metadata", "source" })
            Assert.True(JsonNode.DeepEquals(TestNotebook.CodeCell(source, 4)[field], TestNotebook.CodeCell(executed, 4)[field]), field);
    }

    [Fact]
    public async Task The_executed_copy_of_a_stopped_notebook_records_the_error_and_leaves_later_cells_unrun()
    {
        var executed = JsonNode.Parse(ExecutedNotebook.ToJson(await RunFixture("runtime-error.ipynb")))!.AsObject();

        var error = TestNotebook.CodeCell(executed, 2)["outputs"]!.AsArray().Last()!;
        Assert.Equal("error", (string)error["output_type"]!);
        Assert.Equal("System.DivideByZeroException", (string)error["ename"]!);
        Assert.Equal("Attempted to divide by zero.", (string)error["evalue"]!);
        Assert.Null(TestNotebook.CodeCell(executed, 3)["execution_count"]);
        Assert.Empty(TestNotebook.CodeCell(executed, 3)["outputs"]!.AsArray());
    }

    [Fact]
    public async Task The_site_holds_each_notebook_its_page_an_index_and_the_scripts_and_the_sources_are_untouched()
    {
        using var site = new TempFolder();
        var fixtures = new[] { "outputs.ipynb", "compile-error.ipynb" }.Select(Repository.Fixture).ToArray();
        var before = fixtures.Select(Hash).ToArray();

        var runs = new List<NotebookRun>();
        foreach (var fixture in fixtures)
            runs.Add(await new NotebookRunner().RunAsync(Notebook.Load(fixture)));
        Site.Write(runs, site.Path, s_assets);

        Assert.Equal(before, fixtures.Select(Hash));
        foreach (var file in new[] { "outputs.ipynb", "outputs.html", "compile-error.ipynb", "compile-error.html", "index.html", "katex/katex.min.css", "katex/auto-render.min.js" })
            Assert.True(File.Exists(site.File(file)), $"{file} is missing from the site");
        Assert.Equal(Hash(Path.Combine(s_assets.NodeModules, "plotly.js-dist-min", "plotly.min.js")), Hash(site.File("plotly.min.js")));
        Assert.NotEmpty(Directory.GetFiles(site.File("katex/fonts"), "*.woff2"));

        var index = File.ReadAllText(site.File("index.html"));
        Assert.Contains("<a href=\"outputs.html\">Outputs</a>", index);
        Assert.Contains("<a href=\"compile-error.ipynb\">compile-error.ipynb</a>", index);
        Assert.Contains("stopped at cell 3", index);
    }

    [Fact]
    public void The_site_refuses_a_folder_where_an_executed_copy_would_overwrite_its_source()
    {
        var source = Repository.Fixture("valid.ipynb");

        var error = Assert.Throws<ArgumentException>(() => Site.CheckTargets([source], Repository.Fixtures));

        Assert.Contains("would overwrite it", error.Message);
    }

    [Fact]
    public void Two_notebooks_with_one_name_are_refused()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<ArgumentException>(() =>
            Site.CheckTargets([Repository.Fixture("valid.ipynb"), Path.Combine(Repository.Root, "elsewhere", "valid.ipynb")], folder.Path));

        Assert.StartsWith("Two notebooks are named valid.ipynb", error.Message);
    }

    [Fact]
    public void Missing_web_assets_tell_the_user_to_run_npm_ci()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<WebAssetsMissingException>(() => WebAssets.FindAbove(folder.Path));

        Assert.Contains("Run `npm ci` in the repository root", error.Message);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}

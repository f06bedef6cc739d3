using Course.Notebooks.Tests.Support;
using Course.Runner.Execution;
using Course.Runner.Export;
using Course.Runner.Notebooks;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Course.Notebooks.Tests.Browser;

/// <summary>
/// Opens exported pages in headless Chromium with the network off and checks that every figure is
/// drawn, all math is typeset, and nothing reports an error or reaches for the network.
/// </summary>
public class ExportedPageBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>The notebooks (paths from the repository root) whose pages are checked.</summary>
    public static TheoryData<string> Pages => new()
    {
        "tests/Course.Notebooks.Tests/Fixtures/plotly-figures.ipynb",
        "notebooks/01-variance-explosion.ipynb",
        "notebooks/02-xavier-and-he.ipynb",
        "notebooks/06-vanishing-and-exploding-gradients.ipynb",
        "notebooks/07-overfitting-and-regularization.ipynb",
        "notebooks/08-troubleshooting-playbook.ipynb",
        "notebooks/09-distribution-shift-and-augmentation.ipynb",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_figure_is_drawn_offline_with_no_console_errors(string notebookPath)
    {
        if (!File.Exists(Chromium))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"CI needs Chromium at {Chromium} for the browser test (apt-get install chromium).");
            output.WriteLine($"Not run: no Chromium at {Chromium} (install it with apt-get install chromium; on CI this fails).");
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await new NotebookRunner().RunAsync(Notebook.Load(Path.Combine(Repository.Root, notebookPath)));
        Assert.True(run.Succeeded, run.Failure?.ToString());
        var figures = run.Cells.SelectMany(c => c.Outputs)
                         .Select(o => o switch { DisplayElement d => d.Data, ReturnValueElement r => r.Data, _ => null })
                         .Count(data => data?.TryGetValue("text/html", out var html) == true && ((string)html).Contains("Plotly.", StringComparison.Ordinal));
        Assert.True(figures > 0, $"{notebookPath} shows no plotly figure, so there is nothing to check.");

        using var site = new TempFolder();
        Site.Write([run], site.Path, WebAssets.FindAbove(Repository.Root));

        output.WriteLine($"ran and exported in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Offline = true });
        var problems = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            problems.Add($"network request: {route.Request.Url}");
            await route.AbortAsync();
        });

        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                problems.Add($"console error: {message.Text}");
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Add($"failed request: {request.Url}");

        await page.GotoAsync(new Uri(Path.Combine(site.Path, Site.PageFile(run))).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        // A drawn trace: lines, bars and scatters are .trace groups; a heatmap is an image in a g.hm group.
        const string DrawnFigures = "Array.from(document.querySelectorAll('.js-plotly-plot')).filter(f => f.querySelector('svg.main-svg') && f.querySelector('.trace, g.hm image')).length";
        try
        {
            await page.WaitForFunctionAsync($"n => {DrawnFigures} >= n", figures, new PageWaitForFunctionOptions { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            // The counts below say what is missing.
        }

        var drawn = await page.EvaluateAsync<int>(DrawnFigures);
        var plots = await page.EvaluateAsync<int>("document.querySelectorAll('.js-plotly-plot').length");
        var math = await page.EvaluateAsync<int>("document.querySelectorAll('.markdown .math').length");
        var typeset = await page.EvaluateAsync<int>("document.querySelectorAll('.markdown .math .katex').length");
        output.WriteLine($"{notebookPath}: {figures} figures, {drawn} drawn; {math} math elements, {typeset} typeset; browser {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Empty(problems);
        Assert.Equal(figures, plots);
        Assert.Equal(figures, drawn);
        Assert.Equal(math, typeset);
    }
}

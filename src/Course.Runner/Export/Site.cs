using System.Globalization;
using System.Text;
using Course.Runner.Execution;

namespace Course.Runner.Export;

/// <summary>
/// Writes the executed notebooks into one folder: for each, the executed <c>.ipynb</c> and an <c>.html</c>
/// page, plus <c>index.html</c> linking them and the scripts the pages load. Source notebooks are never
/// written: a folder that would put an executed copy over its source is refused.
/// </summary>
public static class Site
{
    public const string IndexFile = "index.html";

    /// <summary>Throws <see cref="ArgumentException"/> when writing the given notebooks' copies into
    /// <paramref name="outputFolder"/> would overwrite a source, or two notebooks share a file name.</summary>
    public static void CheckTargets(IEnumerable<string> notebookPaths, string outputFolder)
    {
        var output = Path.GetFullPath(outputFolder);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in notebookPaths.Select(Path.GetFullPath))
        {
            var name = Path.GetFileName(path);
            var target = Path.Combine(output, name);
            if (string.Equals(target, path, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"The output folder {output} holds the source notebook {name}; its executed copy would overwrite it. Choose another output folder.");
            if (names.TryGetValue(name, out var other))
                throw new ArgumentException($"Two notebooks are named {name} ({other} and {path}); their pages would overwrite each other. Run them into different output folders.");
            names[name] = path;
        }
    }

    public static string PageFile(NotebookRun run) => PageFile(run.Notebook.FileName);

    /// <summary>The page written for the notebook <paramref name="notebookFileName"/>: its name with .html for .ipynb.</summary>
    public static string PageFile(string notebookFileName) => Path.GetFileNameWithoutExtension(notebookFileName) + ".html";

    public static void Write(IReadOnlyList<NotebookRun> runs, string outputFolder, WebAssets assets)
    {
        CheckTargets(runs.Select(r => r.Notebook.Path), outputFolder);
        Directory.CreateDirectory(outputFolder);
        foreach (var run in runs)
        {
            File.WriteAllText(Path.Combine(outputFolder, run.Notebook.FileName), ExecutedNotebook.ToJson(run));
            File.WriteAllText(Path.Combine(outputFolder, PageFile(run)), HtmlPage.Render(run));
        }

        File.WriteAllText(Path.Combine(outputFolder, IndexFile), Index(runs));
        assets.CopyTo(outputFolder);
    }

    public static string Index(IReadOnlyList<NotebookRun> runs)
    {
        var rows = new StringBuilder();
        foreach (var run in runs)
        {
            var result = run.Failure is { } failure
                ? $"<span class=\"failed\">stopped at cell {failure.Cell}</span>"
                : "ok";
            rows.Append($"<tr><td><a href=\"{HtmlPage.Encode(PageFile(run))}\">{HtmlPage.Encode(run.Notebook.Title)}</a></td>")
                .Append($"<td><a href=\"{HtmlPage.Encode(run.Notebook.FileName)}\">{HtmlPage.Encode(run.Notebook.FileName)}</a></td>")
                .Append($"<td>{result}</td><td>{run.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s</td></tr>\n");
        }

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Course notebooks</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 980px; margin: 2rem auto; padding: 0 1.5rem; color: #1f2328; }
            table { border-collapse: collapse; }
            th, td { border-bottom: 1px solid #d0d7de; padding: 0.4rem 0.8rem; text-align: left; }
            .failed { color: #a40e26; }
            </style>
            </head>
            <body>
            <h1>Course notebooks</h1>
            <p>Each notebook as executed by the headless runner: the page, and the executed .ipynb with its outputs.</p>
            <table>
            <thead><tr><th>Notebook</th><th>Executed .ipynb</th><th>Result</th><th>Time</th></tr></thead>
            <tbody>
            {{rows}}</tbody>
            </table>
            </body>
            </html>

            """;
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using Course.Runner.Execution;
using Course.Runner.Notebooks;
using Microsoft.DotNet.Interactive.Documents;

namespace Course.Runner.Export;

/// <summary>
/// One executed notebook as a static page: markdown rendered, code shown with its outputs. Text
/// outputs are escaped; HTML outputs (charts, tables) are inserted as they are, as the notebook shows
/// them. plotly.js and KaTeX load from beside the page, so it works offline.
/// </summary>
public static class HtmlPage
{
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; color: #1f2328; margin: 0; }
        main { max-width: 980px; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
        nav { max-width: 980px; margin: 0 auto; padding: 0.75rem 1.5rem 0; font-size: 0.9rem; }
        .cell { margin: 1rem 0; }
        .code { display: grid; grid-template-columns: 3.5rem 1fr; column-gap: 0.5rem; }
        .prompt { color: #6e7781; font-family: ui-monospace, monospace; font-size: 0.85rem; padding-top: 0.6rem; text-align: right; }
        .source, .outputs { grid-column: 2; min-width: 0; }
        pre { font-family: ui-monospace, SFMono-Regular, Consolas, monospace; font-size: 0.85rem; overflow-x: auto; margin: 0.25rem 0; }
        .source pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 0.6rem 0.8rem; }
        .output { margin: 0.4rem 0; overflow-x: auto; }
        .stderr, .error { color: #a40e26; background: #fff5f5; padding: 0.4rem 0.6rem; border-radius: 6px; }
        .not-run .source pre { opacity: 0.6; }
        .failure { background: #ffebe9; border: 1px solid #ff818266; border-radius: 6px; padding: 0.6rem 0.8rem; }
        table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
        th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.6rem; text-align: left; }
        th { background: #f6f8fa; }
        .markdown code { background: #f6f8fa; padding: 0.1rem 0.3rem; border-radius: 4px; }
        .markdown pre code { background: none; padding: 0; }
        .markdown pre { background: #f6f8fa; padding: 0.6rem 0.8rem; border-radius: 6px; }
        blockquote { border-left: 4px solid #d0d7de; margin: 0.5rem 0; padding: 0 1rem; color: #57606a; }
        """;

    // Math stays as text in .math elements until KaTeX renders it; an error there goes to the console,
    // where the browser test sees it.
    private const string RenderMath = """
        document.querySelectorAll(".markdown .math").forEach(function (element) {
          renderMathInElement(element, {
            delimiters: [{ left: "\\[", right: "\\]", display: true }, { left: "\\(", right: "\\)", display: false }],
            throwOnError: true
          });
        });
        """;

    public static string Render(NotebookRun run)
    {
        var notebook = run.Notebook;
        var ran = run.Cells.ToDictionary(c => c.Cell.Index);
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(notebook.Title)}</title>
            <link rel="stylesheet" href="{WebAssets.KatexFolder}/katex.min.css">
            <script src="{WebAssets.PlotlyFile}"></script>
            <script src="{WebAssets.KatexFolder}/katex.min.js"></script>
            <script src="{WebAssets.KatexFolder}/auto-render.min.js"></script>
            <style>
            {Style}
            </style>
            </head>
            <body>
            <nav><a href="index.html">All notebooks</a> · {Encode(notebook.FileName)}</nav>
            <main>

            """);

        if (run.Failure is { } failure)
            html.Append($"<p class=\"failure\">This notebook stopped with an error: {Encode(failure.ToString())}</p>\n");

        foreach (var cell in notebook.Cells)
        {
            switch (cell.Kind)
            {
                case CellKind.Markdown:
                    html.Append("<section class=\"cell markdown\">\n").Append(MarkdownRenderer.ToHtml(cell.Source)).Append("</section>\n");
                    break;
                case CellKind.Code:
                    AppendCode(html, cell, ran.GetValueOrDefault(cell.Index));
                    break;
            }
        }

        html.Append($"""
            </main>
            <script>
            {RenderMath}
            </script>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void AppendCode(StringBuilder html, Cell cell, CellRun? run)
    {
        var prompt = run is null ? "[ ]" : $"[{run.ExecutionCount}]";
        var title = run is null ? $"cell {cell.Number}, not run" : $"cell {cell.Number}, {run.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s";
        html.Append($"<section class=\"cell code{(run is null ? " not-run" : "")}\" id=\"cell-{cell.Number}\">")
            .Append($"<div class=\"prompt\" title=\"{Encode(title)}\">{prompt}</div>")
            .Append("<div class=\"source\"><pre><code class=\"language-csharp\">").Append(Encode(cell.Source)).Append("</code></pre></div>\n");

        if (run is { Outputs.Count: > 0 })
        {
            html.Append("<div class=\"outputs\">\n");
            foreach (var output in run.Outputs)
                html.Append(Output(output)).Append('\n');
            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    private static string Output(InteractiveDocumentOutputElement output) => output switch
    {
        TextElement text => $"<pre class=\"output {text.Name}\">{Encode(text.Text)}</pre>",
        DisplayElement display => Data(display.Data),
        ReturnValueElement result => Data(result.Data),
        ErrorElement error => $"<pre class=\"output error\">{Encode(string.Join("\n", error.StackTrace.DefaultIfEmpty($"{error.ErrorName}: {error.ErrorValue}")))}</pre>",
        _ => "",
    };

    /// <summary>A displayed value as the notebook shows it: its HTML if it has one, else its text, escaped.</summary>
    private static string Data(IDictionary<string, object> data) =>
        data.TryGetValue("text/html", out var markup)
            ? $"<div class=\"output html\">{markup}</div>"
            : $"<pre class=\"output\">{Encode(data.TryGetValue("text/plain", out var text) ? text.ToString() ?? "" : "")}</pre>";

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);
}

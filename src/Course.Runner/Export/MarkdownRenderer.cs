using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Course.Runner.Export;

/// <summary>Markdown cells as HTML, with what Jupyter and VS Code render: tables, task lists, autolinks,
/// strikethrough, and math (<c>$...$</c>, <c>$$...$$</c>) left in <c>.math</c> elements for KaTeX.
/// A link to a sibling notebook (<c>06-gradients.ipynb#quiz</c>) opens that notebook's page, which the site writes beside it.</summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .UseMathematics()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, s_pipeline);
        foreach (var link in document.Descendants<LinkInline>())
            if (PageOf(link.Url) is { } page)
                link.Url = page;
        return document.ToHtml(s_pipeline);
    }

    /// <summary>"NAME.ipynb" or "NAME.ipynb#anchor" in the same folder becomes "NAME.html" (with the anchor); any other URL stays.</summary>
    private static string? PageOf(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Contains(':') || url.Contains('/') || url.Contains('\\'))
            return null;
        int hash = url.IndexOf('#');
        var (path, anchor) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        return path.EndsWith(".ipynb", StringComparison.Ordinal) && path.Length > ".ipynb".Length ? Site.PageFile(path) + anchor : null;
    }
}

using Markdig;
using Markdig.Extensions.AutoIdentifiers;

namespace Course.Runner.Export;

/// <summary>Markdown cells as HTML, with what Jupyter and VS Code render: tables, task lists, autolinks,
/// strikethrough, and math (<c>$...$</c>, <c>$$...$$</c>) left in <c>.math</c> elements for KaTeX.</summary>
internal static class MarkdownRenderer
{
    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .UseMathematics()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Build();

    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, s_pipeline);
}

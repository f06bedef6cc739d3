namespace Course.Display;

/// <summary>
/// Something a notebook shows as HTML: a chart, a table, a checked claim, feedback on an answer.
/// Each implementing class also carries <c>[TypeFormatterSource(typeof(HtmlFormatterSource))]</c>,
/// which is how the notebook kernel and our runner find <see cref="ToHtml"/>; its
/// <c>ToString()</c> is the plain-text fallback.
/// </summary>
public interface IHtmlDisplay
{
    /// <summary>A self-contained HTML fragment: every piece of user text in it is escaped.</summary>
    string ToHtml();
}

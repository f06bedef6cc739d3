using System.Collections;
using System.Net;
using System.Text;

namespace Course.Runner.Formatting;

/// <summary>text/html for values without a formatter of their own: sequences and dictionaries as tables
/// (one row per item, one column per property), other objects as a table of their properties, anything
/// else as escaped text.</summary>
internal static class HtmlFormatter
{
    public static string Format(object? value) => value switch
    {
        IDictionary dictionary => DictionaryTable(dictionary),
        string => Preformatted(value),
        IEnumerable sequence => SequenceTable(sequence),
        null => Preformatted(value),
        _ when KernelFormatter.IsScalar(value.GetType()) || KernelFormatter.Properties(value.GetType()).Count == 0 => Preformatted(value),
        _ => PropertyTable(value!),
    };

    private static string Preformatted(object? value) => $"<pre>{Encode(PlainTextFormatter.Format(value))}</pre>";

    private static string SequenceTable(IEnumerable sequence)
    {
        var (items, more, hasMore) = KernelFormatter.Take(sequence);
        var columns = items.Where(item => !KernelFormatter.IsAtomic(item))
                           .SelectMany(item => KernelFormatter.Properties(item!.GetType()))
                           .Select(p => p.Name)
                           .Distinct()
                           .ToList();
        var hasValueColumn = items.Any(KernelFormatter.IsAtomic);

        var html = new StringBuilder("<table><thead><tr><th><i>index</i></th>");
        if (hasValueColumn)
            html.Append("<th>value</th>");
        foreach (var column in columns)
            html.Append("<th>").Append(Encode(column)).Append("</th>");
        html.Append("</tr></thead><tbody>");

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            html.Append("<tr><td>").Append(i).Append("</td>");
            var atomic = KernelFormatter.IsAtomic(item);
            if (hasValueColumn)
                html.Append("<td>").Append(atomic ? Cell(item) : "").Append("</td>");
            foreach (var column in columns)
            {
                var property = atomic ? null : item!.GetType().GetProperty(column);
                html.Append("<td>").Append(property is null ? "" : Cell(KernelFormatter.ValueOf(property, item!))).Append("</td>");
            }

            html.Append("</tr>");
        }

        if (hasMore)
        {
            var span = 1 + (hasValueColumn ? 1 : 0) + columns.Count;
            html.Append($"<tr><td colspan=\"{span}\"><i>{(more is { } count ? $"({count} more)" : "(more)")}</i></td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private static string DictionaryTable(IDictionary dictionary)
    {
        var (keys, more, hasMore) = KernelFormatter.Take(dictionary.Keys);
        var html = new StringBuilder("<table><thead><tr><th><i>key</i></th><th>value</th></tr></thead><tbody>");
        foreach (var key in keys)
            html.Append("<tr><td>").Append(Cell(key)).Append("</td><td>").Append(Cell(dictionary[key!])).Append("</td></tr>");
        if (hasMore)
            html.Append($"<tr><td colspan=\"2\"><i>{(more is { } count ? $"({count} more)" : "(more)")}</i></td></tr>");
        return html.Append("</tbody></table>").ToString();
    }

    private static string PropertyTable(object value)
    {
        var html = new StringBuilder("<table><thead><tr><th colspan=\"2\">").Append(Encode(value.GetType().Name)).Append("</th></tr></thead><tbody>");
        foreach (var property in KernelFormatter.Properties(value.GetType()))
            html.Append("<tr><td>").Append(Encode(property.Name)).Append("</td><td>").Append(Cell(KernelFormatter.ValueOf(property, value))).Append("</td></tr>");
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>A table cell: the value's own HTML when it has a formatter (a chart in a table of charts), else its text.</summary>
    private static string Cell(object? value) =>
        value is not null && KernelFormatter.HasConventionHtml(value)
            ? KernelFormatter.ToDisplayString(value, KernelFormatter.Html)
            : Encode(PlainTextFormatter.Format(value));

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);
}

using System.Reflection;
using System.Text;

namespace Course.Display;

/// <summary>
/// Rows of values shown as an HTML table: numbers right-aligned and formatted with the invariant
/// culture, text escaped. <c>Table.From(records)</c> takes its headers from the record's properties.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class Table : IHtmlDisplay
{
    private readonly string[] headers;
    private readonly object?[][] rows;

    public IReadOnlyList<string> Headers => headers;
    public int RowCount => rows.Length;
    public string? Caption { get; private set; }

    /// <summary><c>new Table(["init", "std"], ["randn", 16.0], ["1/sqrt(n)", 1.0])</c></summary>
    public Table(string[] headers, params object?[][] rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Length == 0) throw new ArgumentException("A table needs at least one column header.", nameof(headers));
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null || rows[i].Length != headers.Length)
                throw new ArgumentException(
                    $"Row {i} has {rows[i]?.Length ?? 0} values but the table has {headers.Length} columns ({string.Join(", ", headers)}).",
                    nameof(rows));
        }
        this.headers = (string[])headers.Clone();
        this.rows = rows.Select(r => (object?[])r.Clone()).ToArray();
    }

    /// <summary>One row per record, one column per public property: <c>Table.From(results)</c>.</summary>
    public static Table From<T>(IEnumerable<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .ToArray();
        if (properties.Length == 0)
            throw new ArgumentException($"{typeof(T).Name} has no public properties to use as columns.", nameof(records));
        var rows = records.Select(r => properties.Select(p => p.GetValue(r)).ToArray()).ToArray();
        return new Table(properties.Select(p => p.Name).ToArray(), rows);
    }

    /// <summary>A line shown above the table.</summary>
    public Table WithCaption(string caption)
    {
        Caption = caption;
        return this;
    }

    /// <summary>The cell at (row, column) as displayed text.</summary>
    public string Cell(int row, int column) => Html.Value(rows[row][column]);

    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"course-table\" style=\"border-collapse:collapse\">");
        if (Caption is not null) html.Append("<caption>").Append(Html.Escape(Caption)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var header in headers)
            html.Append("<th style=\"padding:2px 8px;border-bottom:1px solid #888\">").Append(Html.Escape(header)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var value in row)
            {
                var align = Html.IsNumber(value) ? "right" : "left";
                html.Append($"<td style=\"padding:2px 8px;text-align:{align}\">").Append(Html.Escape(Html.Value(value))).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Columns padded to their widest cell, for plain-text outputs.</summary>
    public override string ToString()
    {
        var cells = rows.Select(r => r.Select(Html.Value).ToArray()).ToArray();
        var widths = headers.Select((h, j) => cells.Select(r => r[j].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        if (Caption is not null) text.AppendLine(Caption);
        text.AppendLine(string.Join("  ", headers.Select((h, j) => h.PadRight(widths[j]))).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        for (var i = 0; i < rows.Length; i++)
        {
            var line = cells[i].Select((c, j) => Html.IsNumber(rows[i][j]) ? c.PadLeft(widths[j]) : c.PadRight(widths[j]));
            text.AppendLine(string.Join("  ", line).TrimEnd());
        }
        return text.ToString().TrimEnd();
    }
}

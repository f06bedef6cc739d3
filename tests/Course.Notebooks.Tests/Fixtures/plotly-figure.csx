// A minimal chart type shown through the kernel's convention-based formatter: a <div> and a script
// that draws into it with plotly.js when the page has loaded it.
using System.Globalization;
using System.IO;
using System.Threading;

[AttributeUsage(AttributeTargets.Class)]
internal class TypeFormatterSourceAttribute : Attribute
{
    public TypeFormatterSourceAttribute(Type formatterSourceType) => FormatterSourceType = formatterSourceType;

    public Type FormatterSourceType { get; }
}

internal class PlotlyFigureFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new PlotlyFigureHtmlFormatter();
    }
}

internal class PlotlyFigureHtmlFormatter
{
    private static int s_count;

    public string MimeType => "text/html";

    public bool Format(object instance, TextWriter writer)
    {
        var figure = (PlotlyFigure)instance;
        var id = $"figure-{Interlocked.Increment(ref s_count)}";
        var y = string.Join(",", figure.Y.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var type = figure.Title == "bars" ? "bar" : "scatter";
        writer.Write($$"""
            <div id="{{id}}" class="figure" style="height:320px"></div>
            <script>
            if (window.Plotly) Plotly.newPlot("{{id}}", [{ "type": "{{type}}", "y": [{{y}}] }], { "title": { "text": "{{figure.Title}}" } });
            </script>
            """);
        return true;
    }
}

[TypeFormatterSource(typeof(PlotlyFigureFormatterSource))]
public record PlotlyFigure(string Title, double[] Y);

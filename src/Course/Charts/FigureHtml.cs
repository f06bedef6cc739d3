using System.Security.Cryptography;
using System.Text;
using Course.Display;

namespace Course.Charts;

public sealed partial class Figure
{
    /// <summary>The plotly.js version we draw with; package.json's plotly.js-dist-min has the same one.</summary>
    public const string PlotlyVersion = "4.1.2";

    /// <summary>Where the notebook loads plotly.js from when the page does not have it yet.</summary>
    public const string PlotlyCdn = "https://cdn.plot.ly/plotly-" + PlotlyVersion + ".min.js";

    private const string RequireJsCdn = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js";

    /// <summary>
    /// The div's id is a hash of the figure's JSON: the same figure always gives the same HTML, across
    /// reruns and processes, and different figures get different ids. If one page shows the same figure
    /// twice, each script still finds its own div: the one right before it.
    /// </summary>
    public string Id => "plot-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())))[..16];

    /// <summary>
    /// A div and the script that draws the figure into it. Our exported pages put plotly.js in the head,
    /// so window.Plotly is used directly. In a notebook it is loaded from the CDN through require.js, as
    /// Plotly.NET does (its own require context, so it cannot clash with the page's modules); require.js
    /// itself is fetched first if the page lacks it. plotly 3+ bundles do not call define(), hence the
    /// shim that hands require.js the global Plotly.
    /// </summary>
    public string ToHtml()
    {
        var json = ToJson();   // the default encoder escapes <, > and &, so this cannot close the script
        var id = Id;
        var plotlyPath = PlotlyCdn[..^".js".Length];
        return $$"""
            <div id="{{id}}" class="course-figure"></div>
            <script type="text/javascript">
            (function () {
                var me = document.currentScript, before = me && me.previousElementSibling;
                var target = before && before.id === '{{id}}' ? before : document.getElementById('{{id}}');
                var figure = {{json}};
                var draw = function (Plotly) {
                    Plotly.newPlot(target, figure.data, figure.layout, { responsive: true, displaylogo: false });
                };
                if (window.Plotly) { draw(window.Plotly); return; }
                var viaRequire = function () {
                    var load = requirejs.config({
                        context: 'course-plotly',
                        paths: { plotly: '{{plotlyPath}}' },
                        shim: { plotly: { exports: 'Plotly' } }
                    }) || require;
                    load(['plotly'], function (Plotly) { draw(Plotly || window.Plotly); });
                };
                if (typeof requirejs === 'function' && typeof requirejs.config === 'function') { viaRequire(); return; }
                var loader = document.createElement('script');
                loader.setAttribute('charset', 'utf-8');
                loader.setAttribute('src', '{{RequireJsCdn}}');
                loader.onload = viaRequire;
                document.getElementsByTagName('head')[0].appendChild(loader);
            })();
            </script>
            """;
    }

    /// <summary>A whole HTML page showing this figure; plotlySrc is where the page loads plotly.js from
    /// (a local "plotly.min.js" for offline pages, or <see cref="PlotlyCdn"/>).</summary>
    public string ToStandaloneHtml(string plotlySrc)
    {
        if (string.IsNullOrWhiteSpace(plotlySrc)) throw new ArgumentException("Give the plotly.js script location, e.g. \"plotly.min.js\" or Figure.PlotlyCdn.", nameof(plotlySrc));
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{Html.Escape(title ?? "Figure")}</title>
            <script src="{Html.Escape(plotlySrc)}" charset="utf-8"></script>
            </head>
            <body>
            {ToHtml()}
            </body>
            </html>
            """;
    }
}

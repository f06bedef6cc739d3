namespace Course.Runner.Export;

/// <summary>
/// The scripts the exported pages load from beside themselves, so they work offline: plotly.js for
/// charts and KaTeX for math, both from the repository's node_modules (installed by <c>npm ci</c>).
/// </summary>
public sealed class WebAssets
{
    public const string PlotlyFile = "plotly.min.js";
    public const string KatexFolder = "katex";

    private static readonly string[] s_required =
    [
        Path.Combine("plotly.js-dist-min", "plotly.min.js"),
        Path.Combine("katex", "dist", "katex.min.js"),
        Path.Combine("katex", "dist", "katex.min.css"),
        Path.Combine("katex", "dist", "contrib", "auto-render.min.js"),
    ];

    private WebAssets(string nodeModules) => NodeModules = nodeModules;

    public string NodeModules { get; }

    /// <summary>The node_modules folder in <paramref name="folder"/> or the nearest folder above it
    /// that holds plotly.js and KaTeX.</summary>
    public static WebAssets FindAbove(string folder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules");
            if (Directory.Exists(candidate) && s_required.All(f => File.Exists(Path.Combine(candidate, f))))
                return new WebAssets(candidate);
        }

        throw new WebAssetsMissingException(
            $"plotly.js and KaTeX were not found in a node_modules folder in {Path.GetFullPath(folder)} or above " +
            $"(looked for {string.Join(", ", s_required.Select(f => "node_modules/" + f.Replace('\\', '/')))}). " +
            "Run `npm ci` in the repository root, then try again.");
    }

    /// <summary>Copies plotly.min.js and KaTeX (script, style, woff2 fonts) into <paramref name="outputFolder"/>.</summary>
    public void CopyTo(string outputFolder)
    {
        File.Copy(Path.Combine(NodeModules, "plotly.js-dist-min", "plotly.min.js"), Path.Combine(outputFolder, PlotlyFile), overwrite: true);

        var katex = Path.Combine(NodeModules, "katex", "dist");
        var target = Path.Combine(outputFolder, KatexFolder);
        Directory.CreateDirectory(Path.Combine(target, "fonts"));
        foreach (var file in new[] { "katex.min.js", "katex.min.css", "auto-render.min.js" })
        {
            var source = file == "auto-render.min.js" ? Path.Combine(katex, "contrib", file) : Path.Combine(katex, file);
            File.Copy(source, Path.Combine(target, file), overwrite: true);
        }

        // Browsers take the first format they support from the stylesheet's list: woff2 everywhere now.
        foreach (var font in Directory.EnumerateFiles(Path.Combine(katex, "fonts"), "*.woff2"))
            File.Copy(font, Path.Combine(target, "fonts", Path.GetFileName(font)), overwrite: true);
    }
}

public sealed class WebAssetsMissingException(string message) : Exception(message);

using System.Diagnostics;
using System.Globalization;
using Course.Runner.Execution;
using Course.Runner.Export;
using Course.Runner.Notebooks;

namespace Course.Runner.Commands;

/// <summary><c>course run</c>: executes notebooks, writes the executed copies and pages, and reports.</summary>
public static class RunCommand
{
    /// <summary>0 when every notebook ran to the end, 1 when any stopped at a failing cell (each is
    /// named with its cell, line and message), 2 when the inputs or the environment are wrong.</summary>
    public static async Task<int> ExecuteAsync(IReadOnlyList<string> inputs, string outputFolder, TextWriter console, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> paths;
        WebAssets assets;
        try
        {
            paths = NotebookFiles.Resolve(inputs);
            Site.CheckTargets(paths, outputFolder);
            assets = WebAssets.FindAbove(Path.GetDirectoryName(paths[0])!);
        }
        catch (Exception e) when (e is ArgumentException or WebAssetsMissingException)
        {
            console.WriteLine($"error: {e.Message}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var runs = new List<NotebookRun>();
        var failures = new List<string>();
        var runner = new NotebookRunner(new RunnerOptions
        {
            CellStarting = cell => console.Write($"  cell {cell.Number,3} "),
            CellFinished = run => console.WriteLine($"{Seconds(run.Elapsed),7}{(run.Failed ? "  FAILED" : "")}"),
        });

        foreach (var path in paths)
        {
            Notebook notebook;
            try
            {
                notebook = Notebook.Load(path);
            }
            catch (NotebookFormatException e)
            {
                console.WriteLine($"{Path.GetFileName(path)}: {e.Message}");
                failures.Add(e.Message);
                continue;
            }

            console.WriteLine($"{notebook.FileName} ({notebook.CodeCells.Count()} code cells)");
            var run = await runner.RunAsync(notebook, cancellationToken);
            runs.Add(run);
            if (run.Failure is { } failure)
            {
                console.WriteLine($"  stopped: {failure}");
                failures.Add(failure.ToString());
            }
            else
            {
                console.WriteLine($"  ok in {Seconds(run.Elapsed)}");
            }
        }

        Site.Write(runs, outputFolder, assets);

        console.WriteLine();
        var slowest = runs.SelectMany(r => r.Cells.Select(cell => (r.Notebook, Cell: cell))).MaxBy(c => c.Cell.Elapsed);
        console.WriteLine($"Ran {runs.Count} of {paths.Count} notebooks in {Seconds(clock.Elapsed)}" +
            (slowest.Notebook is null ? "." : $"; slowest cell: {slowest.Notebook.FileName} cell {slowest.Cell.Cell.Number} ({Seconds(slowest.Cell.Elapsed)})."));
        console.WriteLine($"Pages: {Path.Combine(Path.GetFullPath(outputFolder), Site.IndexFile)}");
        if (failures.Count == 0)
            return 0;

        console.WriteLine($"FAILED: {failures.Count} notebook{(failures.Count == 1 ? "" : "s")}:");
        foreach (var failure in failures)
            console.WriteLine($"  {failure}");
        return 1;
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}

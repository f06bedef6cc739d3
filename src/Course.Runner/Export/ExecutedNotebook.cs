using Course.Runner.Execution;
using Jupyter = Microsoft.DotNet.Interactive.Documents.Jupyter.Notebook;

namespace Course.Runner.Export;

/// <summary>A copy of the notebook with execution counts and outputs filled in, written by .NET Interactive's
/// own .ipynb writer (as VS Code saves a notebook); every other field is kept as the author wrote it.</summary>
public static class ExecutedNotebook
{
    public static string ToJson(NotebookRun run)
    {
        var document = run.Notebook.Document;
        var ran = run.Cells.ToDictionary(c => c.Cell.Index);
        try
        {
            foreach (var cell in run.Notebook.Cells)
            {
                cell.Element.Outputs.Clear();
                if (ran.TryGetValue(cell.Index, out var cellRun))
                {
                    cell.Element.Outputs.AddRange(cellRun.Outputs);
                    cell.Element.ExecutionOrder = cellRun.ExecutionCount;
                }
            }

            return Jupyter.ToJupyterJson(document, null) + "\n";
        }
        finally
        {
            // The run's notebook stays as it was read: no outputs, as committed.
            foreach (var cell in run.Notebook.Cells)
            {
                cell.Element.Outputs.Clear();
                cell.Element.ExecutionOrder = 0;
            }
        }
    }
}

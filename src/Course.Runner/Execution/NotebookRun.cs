using Course.Runner.Notebooks;

namespace Course.Runner.Execution;

/// <summary>One executed code cell: its execution count (its number among code cells) and outputs.</summary>
public sealed record CellRun(Cell Cell, IReadOnlyList<CellOutput> Outputs, TimeSpan Elapsed)
{
    public int ExecutionCount => Cell.Number ?? 0;
}

/// <summary>Where and why a notebook stopped, e.g.
/// "01-variance-explosion.ipynb, cell 7, line 3: error CS0103: The name 'foo' does not exist in the current context".</summary>
public sealed record CellFailure(string Notebook, int Cell, int? Line, string Message)
{
    public override string ToString() =>
        Line is { } line ? $"{Notebook}, cell {Cell}, line {line}: {Message}" : $"{Notebook}, cell {Cell}: {Message}";
}

/// <summary>The result of running a notebook top to bottom: the cells that ran, in order, and the
/// failure that stopped it, if any (the failing cell is the last one in <see cref="Cells"/>).</summary>
public sealed record NotebookRun(Notebook Notebook, IReadOnlyList<CellRun> Cells, CellFailure? Failure, TimeSpan Elapsed)
{
    public bool Succeeded => Failure is null;

    public CellRun? SlowestCell => Cells.MaxBy(c => c.Elapsed);
}

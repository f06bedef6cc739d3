using Course.Runner.Notebooks;
using Microsoft.DotNet.Interactive.Documents;

namespace Course.Runner.Execution;

/// <summary>One executed code cell: its outputs, in the order the kernel produced them, as .NET Interactive's
/// document model holds them (<see cref="TextElement"/>, <see cref="DisplayElement"/>,
/// <see cref="ReturnValueElement"/>, <see cref="ErrorElement"/>).</summary>
public sealed record CellRun(Cell Cell, IReadOnlyList<InteractiveDocumentOutputElement> Outputs, TimeSpan Elapsed)
{
    /// <summary>The cell's number among code cells: the execution count a top-to-bottom run gives it.</summary>
    public int ExecutionCount => Cell.Number ?? 0;

    public bool Failed => Outputs.OfType<ErrorElement>().Any();
}

/// <summary>Where and why a notebook stopped, e.g.
/// "01-variance-explosion.ipynb, cell 7, line 3: error CS0103: The name 'foo' does not exist in the current context".
/// The kernel knows the line of a compile error; of an exception it knows only the cell.</summary>
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

using System.Diagnostics;
using System.Text.RegularExpressions;
using Course.Runner.Notebooks;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Course.Runner.Execution;

public sealed record RunnerOptions
{
    /// <summary>The current directory while a notebook runs. Null means the notebook's folder, where
    /// VS Code starts the kernel, so relative file paths in cells mean the same in both.</summary>
    public string? WorkingDirectory { get; init; }

    public Action<Cell>? CellStarting { get; init; }

    public Action<CellRun>? CellFinished { get; init; }
}

/// <summary>
/// Runs a notebook top to bottom in .NET Interactive's own C# kernel, in this process, set up as the
/// kernel tool behind VS Code's Polyglot Notebooks sets it up: a composite kernel around a C# kernel with the
/// kernel helpers (<c>display</c>), HTML as the default MIME type, the notebook's folder as the current
/// directory. A fresh kernel per notebook; stops at the first failing cell.
/// </summary>
public sealed partial class NotebookRunner(RunnerOptions? options = null)
{
    private readonly RunnerOptions _options = options ?? new RunnerOptions();

    /// <summary>The kernel a notebook runs in, configured as in Microsoft.dotnet-interactive's KernelBuilder.</summary>
    public static CompositeKernel CreateKernel()
    {
        // The kernel tool has FSharp.Core 10.0 loaded (its F# kernel); load the same one, so a package that
        // needs a newer FSharp.Core (Plotly.NET 6 needs 10.1) fails here as it fails in VS Code.
        _ = typeof(Microsoft.FSharp.Core.Unit).Assembly;
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
        var csharp = new CSharpKernel().UseKernelHelpers().UseWho().UseValueSharing();
        return new CompositeKernel { csharp };
    }

    public async Task<NotebookRun> RunAsync(Notebook notebook, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var cells = new List<CellRun>();
        CellFailure? failure = null;

        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _options.WorkingDirectory ?? notebook.Folder;
        try
        {
            using var kernel = CreateKernel();
            foreach (var cell in notebook.CodeCells)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _options.CellStarting?.Invoke(cell);
                var cellClock = Stopwatch.StartNew();
                var result = await kernel.SendAsync(new SubmitCode(cell.Source, "csharp"), cancellationToken);
                var (outputs, cellFailure) = Collect(result.Events, notebook, cell);
                failure = cellFailure;

                var run = new CellRun(cell, outputs, cellClock.Elapsed);
                cells.Add(run);
                _options.CellFinished?.Invoke(run);
                if (failure is not null)
                    break;
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }

        return new NotebookRun(notebook, cells, failure, clock.Elapsed);
    }

    /// <summary>The kernel's events for one cell as notebook outputs (console text merged per stream, as
    /// Jupyter shows it), and the failure if the cell failed.</summary>
    private static (List<InteractiveDocumentOutputElement>, CellFailure?) Collect(IEnumerable<KernelEvent> events, Notebook notebook, Cell cell)
    {
        var outputs = new List<InteractiveDocumentOutputElement>();
        var errors = new List<Microsoft.DotNet.Interactive.Diagnostic>();
        CellFailure? failure = null;
        foreach (var kernelEvent in events)
        {
            switch (kernelEvent)
            {
                case StandardOutputValueProduced text:
                    Append(outputs, "stdout", text.FormattedValues);
                    break;
                case StandardErrorValueProduced text:
                    Append(outputs, "stderr", text.FormattedValues);
                    break;
                case ReturnValueProduced value:
                    var result = new ReturnValueElement { ExecutionOrder = cell.Number!.Value };
                    foreach (var formatted in value.FormattedValues)
                        result.Data[formatted.MimeType] = formatted.Value;
                    outputs.Add(result);
                    break;
                case DisplayEvent display:
                    outputs.Add(new DisplayElement(display.FormattedValues.ToDictionary(v => v.MimeType, v => (object)v.Value)));
                    break;
                case DiagnosticsProduced diagnostics:
                    errors.AddRange(diagnostics.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
                    break;
                case CommandFailed failed:
                    (var error, failure) = Failure(failed, errors, notebook, cell);
                    outputs.Add(error);
                    break;
            }
        }

        return (outputs, failure);
    }

    private static void Append(List<InteractiveDocumentOutputElement> outputs, string stream, IReadOnlyCollection<FormattedValue> values)
    {
        var text = string.Concat(values.Where(v => v.MimeType == PlainTextFormatter.MimeType).Select(v => v.Value));
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == stream)
            outputs[^1] = new TextElement(last.Text + text, stream);
        else
            outputs.Add(new TextElement(text, stream));
    }

    private static (ErrorElement, CellFailure) Failure(CommandFailed failed, List<Microsoft.DotNet.Interactive.Diagnostic> errors, Notebook notebook, Cell cell)
    {
        if (errors.Count > 0)
        {
            var lines = errors.Select(d => $"line {d.LinePositionSpan.Start.Line + 1}: error {d.Code}: {d.Message}").ToArray();
            var first = errors[0];
            return (new ErrorElement(string.Join("\n", lines), "CompilationError", lines),
                new CellFailure(notebook.FileName, cell.Number!.Value, first.LinePositionSpan.Start.Line + 1, $"error {first.Code}: {first.Message}"));
        }

        var exception = failed.Exception;
        var name = exception?.GetType().FullName ?? "Error";
        var message = exception?.Message ?? failed.Message;
        return (new ErrorElement(message, name, Traceback(exception?.ToString() ?? failed.Message)),
            new CellFailure(notebook.FileName, cell.Number!.Value, null, $"{name}: {message}"));
    }

    /// <summary>The exception as text, its frames' "Submission#k" named as the cell they belong to (submission 0
    /// is the kernel helpers' own, so cell k is submission k), without the kernel's and the runtime's plumbing.</summary>
    private static string[] Traceback(string exception) =>
        [.. exception.Split('\n')
            .Select(line => Submission().Replace(line.TrimEnd('\r'), m => $"cell {m.Groups[1].Value}"))
            .Where(line => !line.StartsWith("   at Microsoft.CodeAnalysis.", StringComparison.Ordinal)
                && !line.StartsWith("   at Microsoft.DotNet.Interactive.", StringComparison.Ordinal)
                && !line.StartsWith("   at System.Runtime.CompilerServices.", StringComparison.Ordinal)
                && !line.StartsWith("   at System.Threading.Tasks.", StringComparison.Ordinal)
                && !line.StartsWith("--- End of stack trace", StringComparison.Ordinal))];

    [GeneratedRegex(@"Submission#(\d+)")]
    private static partial Regex Submission();
}

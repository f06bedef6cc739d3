using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Course.Runner.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;

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
/// Runs a notebook top to bottom the way the Polyglot Notebooks C# kernel does
/// (dotnet/interactive, CSharpKernel): one Roslyn script session per notebook, each code cell a
/// continuation of the previous one, the kernel's imports and language version, <c>display</c> in scope,
/// and <c>#r</c>/<c>#load</c> resolved against the notebook's folder. Stops at the first failing cell.
/// </summary>
public sealed partial class NotebookRunner(RunnerOptions? options = null)
{
    /// <summary>The kernel's default imports; System.IO is not among them.</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    /// <summary>The kernel compiles cells as C# 12; a notebook that runs here runs there.</summary>
    public const LanguageVersion Language = LanguageVersion.CSharp12;

    // The kernel asks Roslyn the same internal question: does the cell end in an expression with a value?
    private static readonly MethodInfo s_hasReturnValue =
        typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException("Script.HasReturnValue is gone from this version of Roslyn scripting.");

    private readonly RunnerOptions _options = options ?? new RunnerOptions();

    public static ScriptOptions ScriptOptionsFor(string notebookFolder) =>
        ScriptOptions.Default
            .WithLanguageVersion(Language)
            .AddImports(DefaultImports)
            .AddReferences(typeof(Enumerable).Assembly, typeof(IEnumerable<>).Assembly, typeof(Task<>).Assembly, typeof(KernelGlobals).Assembly)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(notebookFolder))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, notebookFolder))
            .WithEmitDebugInformation(true);

    /// <summary>
    /// Compiles and runs a two-cell script so the compiler's one-time start-up (seconds of JIT) is not charged
    /// to the first cell of the first notebook. Returns how long it took.
    /// </summary>
    public static async Task<TimeSpan> WarmUpAsync()
    {
        var clock = Stopwatch.StartNew();
        var options = ScriptOptionsFor(Environment.CurrentDirectory);
        var state = await CSharpScript.RunAsync("var warm = new[] { 1, 2 }.Select(x => x * 2).ToList();", options, new KernelGlobals());
        await state.ContinueWithAsync("warm.Sum()", options);
        return clock.Elapsed;
    }

    public async Task<NotebookRun> RunAsync(Notebook notebook, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var session = new Session(notebook, ScriptOptionsFor(notebook.Folder));
        var cells = new List<CellRun>();
        CellFailure? failure = null;

        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _options.WorkingDirectory ?? notebook.Folder;
        try
        {
            foreach (var cell in notebook.CodeCells)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _options.CellStarting?.Invoke(cell);
                var cellClock = Stopwatch.StartNew();
                var outputs = new CellOutputs();
                failure = await session.RunAsync(cell, outputs, cancellationToken);

                var run = new CellRun(cell, outputs.Complete(), cellClock.Elapsed);
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

    /// <summary>One notebook's script state: the chain of submissions so far.</summary>
    private sealed class Session(Notebook notebook, ScriptOptions scriptOptions)
    {
        private readonly KernelGlobals _globals = new();
        private readonly InteractiveAssemblyLoader _loader = new();
        private ScriptState<object>? _state;

        public async Task<CellFailure?> RunAsync(Cell cell, CellOutputs outputs, CancellationToken cancellationToken)
        {
            // Each cell gets a file name of its own, so errors and stack traces point at it; its folder is
            // the notebook's, so relative #r and #load resolve there.
            var cellPath = Path.Combine(notebook.Folder, $"{notebook.FileName}#cell{cell.Number}");
            _globals.Current = outputs;
            using var capture = ConsoleCapture.Begin(outputs);
            try
            {
                _state = await ContinueAsync(cell.Source, scriptOptions.WithFilePath(cellPath), cancellationToken);
                if ((bool)s_hasReturnValue.Invoke(_state.Script, null)! && _state.ReturnValue is not DisplayedValue)
                    outputs.Result(_state.ReturnValue);
                return null;
            }
            catch (CompilationErrorException e)
            {
                var errors = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).DefaultIfEmpty(e.Diagnostics[0]).ToList();
                var lines = errors.Select(d => LineIn(d, cellPath) is { } line ? $"line {line}: {Describe(d, cellPath)}" : Describe(d, cellPath)).ToList();
                outputs.Error(new ErrorOutput("CompilationError", string.Join("\n", lines), lines));
                return new CellFailure(notebook.FileName, cell.Number!.Value, LineIn(errors[0], cellPath), Describe(errors[0], cellPath));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var message = $"{e.GetType().FullName}: {e.Message}";
                outputs.Error(new ErrorOutput(e.GetType().FullName ?? e.GetType().Name, e.Message, Traceback(e, notebook)));
                return new CellFailure(notebook.FileName, cell.Number!.Value, LineIn(e, cellPath), message);
            }
            finally
            {
                _globals.Current = null;
            }
        }

        private async Task<ScriptState<object>> ContinueAsync(string source, ScriptOptions cellOptions, CancellationToken cancellationToken)
        {
            // From a stream, so the source has an encoding and Roslyn can emit debug information (line numbers).
            using var code = new MemoryStream(Encoding.UTF8.GetBytes(source));
            if (_state is null)
            {
                var first = CSharpScript.Create(code, cellOptions, typeof(KernelGlobals), _loader);
                return await first.RunAsync(_globals, cancellationToken: cancellationToken);
            }

            var next = _state.Script.ContinueWith(code, cellOptions);
            return await next.RunFromAsync(_state, cancellationToken: cancellationToken);
        }
    }

    private static string Describe(Diagnostic diagnostic, string cellPath)
    {
        var text = $"{diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
        var span = diagnostic.Location.GetLineSpan();
        return !diagnostic.Location.IsInSource || span.Path == cellPath
            ? text
            : $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {text}";
    }

    private static int? LineIn(Diagnostic diagnostic, string cellPath)
    {
        var span = diagnostic.Location.GetLineSpan();
        return diagnostic.Location.IsInSource && span.Path == cellPath ? span.StartLinePosition.Line + 1 : null;
    }

    /// <summary>The line of the failing cell the exception passed through, innermost call first.</summary>
    private static int? LineIn(Exception exception, string cellPath)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
            {
                if (frame.GetFileName() == cellPath && frame.GetFileLineNumber() > 0)
                    return frame.GetFileLineNumber();
            }
        }

        return null;
    }

    /// <summary>The exception as text, cells named as "notebook.ipynb, cell 2, line 4", without the
    /// frames of the runner and of async plumbing.</summary>
    private static IReadOnlyList<string> Traceback(Exception exception, Notebook notebook) =>
        [.. exception.ToString().Split('\n')
            .Select(line => line.TrimEnd('\r').Replace(Path.Combine(notebook.Folder, notebook.FileName) + "#cell", $"{notebook.FileName}, cell ", StringComparison.Ordinal))
            .Select(line => CellLine().Replace(line, ", line $1"))
            .Where(line => !line.StartsWith("   at Microsoft.CodeAnalysis.", StringComparison.Ordinal)
                && !line.StartsWith("   at Course.Runner.", StringComparison.Ordinal)
                && !line.StartsWith("   at System.Runtime.CompilerServices.", StringComparison.Ordinal)
                && !line.StartsWith("   at System.Threading.Tasks.", StringComparison.Ordinal)
                && !line.StartsWith("--- End of stack trace", StringComparison.Ordinal))];

    [GeneratedRegex(@"(?<=, cell \d+):line (\d+)")]
    private static partial Regex CellLine();
}

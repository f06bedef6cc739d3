using System.Text;

namespace Course.Runner.Execution;

/// <summary>
/// Sends what a running cell writes to <see cref="Console.Out"/> and <see cref="Console.Error"/> into
/// that cell's outputs. The console writers are replaced once by routers that look up the current cell
/// through an <see cref="AsyncLocal{T}"/>, so code outside a cell (or in another notebook running at the
/// same time) still writes to the real console.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly AsyncLocal<CellOutputs?> s_current = new();
    private static readonly object s_gate = new();

    public static IDisposable Begin(CellOutputs outputs)
    {
        lock (s_gate)
        {
            if (Console.Out is not Router)
                Console.SetOut(new Router(Console.Out, "stdout"));
            if (Console.Error is not Router)
                Console.SetError(new Router(Console.Error, "stderr"));
        }

        var previous = s_current.Value;
        s_current.Value = outputs;
        return new Restore(previous);
    }

    private sealed class Restore(CellOutputs? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }

    private sealed class Router(TextWriter console, string stream) : TextWriter
    {
        public override Encoding Encoding => console.Encoding;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            if (value is null)
                return;
            if (s_current.Value is { } outputs)
                outputs.Write(stream, value);
            else
                console.Write(value);
        }

        public override void WriteLine(string? value) => Write(value + NewLine);

        public override void Flush()
        {
            if (s_current.Value is null)
                console.Flush();
        }
    }
}

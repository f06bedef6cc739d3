using System.Text;
using Course.Runner.Formatting;

namespace Course.Runner.Execution;

/// <summary>Collects one cell's outputs in the order they happen. Console text is gathered into
/// stream outputs, cut wherever a displayed value comes between, as the kernel's are.</summary>
internal sealed class CellOutputs
{
    private readonly List<CellOutput> _outputs = [];
    private readonly StringBuilder _pending = new();
    private readonly object _gate = new();
    private string _pendingStream = "stdout";

    public void Write(string stream, string text)
    {
        lock (_gate)
        {
            if (stream != _pendingStream)
                FlushStream();
            _pendingStream = stream;
            _pending.Append(text);
        }
    }

    public void Display(object? value, string[] mimeTypes) => Add(new DisplayOutput(KernelFormatter.Format(value, mimeTypes), IsResult: false));

    public void Result(object? value) => Add(new DisplayOutput(KernelFormatter.Format(value), IsResult: true));

    public void Error(ErrorOutput error) => Add(error);

    public IReadOnlyList<CellOutput> Complete()
    {
        lock (_gate)
        {
            FlushStream();
            return [.. _outputs];
        }
    }

    private void Add(CellOutput output)
    {
        lock (_gate)
        {
            FlushStream();
            _outputs.Add(output);
        }
    }

    private void FlushStream()
    {
        if (_pending.Length == 0)
            return;
        _outputs.Add(new StreamOutput(_pendingStream, _pending.ToString()));
        _pending.Clear();
    }
}

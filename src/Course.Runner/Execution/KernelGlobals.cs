namespace Course.Runner.Execution;

/// <summary>
/// Stands in for <c>using static Microsoft.DotNet.Interactive.Kernel</c>: its members are in scope in
/// every cell, as the kernel's are. Notebooks use only <see cref="display"/>.
/// </summary>
public sealed class KernelGlobals
{
    internal CellOutputs? Current { get; set; }

    /// <summary>Shows <paramref name="value"/> below the cell, formatted as the kernel formats it, in the
    /// given MIME types or in the value's preferred ones.</summary>
#pragma warning disable IDE1006 // the kernel's name, which notebooks call
    public DisplayedValue display(object? value, params string[] mimeTypes)
#pragma warning restore IDE1006
    {
        var outputs = Current ?? throw new InvalidOperationException("display(...) was called while no cell was running.");
        outputs.Display(value, mimeTypes);
        return DisplayedValue.Shown;
    }
}

/// <summary>What <c>display</c> returns. The kernel returns a handle for updating the output; the
/// course does not update outputs, and a cell ending in <c>display(x)</c> shows nothing more.</summary>
public sealed class DisplayedValue
{
    internal static readonly DisplayedValue Shown = new();

    private DisplayedValue()
    {
    }

    public override string ToString() => "";
}

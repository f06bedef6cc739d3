using Course.Runner.Formatting;

namespace Course.Runner.Execution;

/// <summary>What a cell showed, in the order it showed it; each kind maps to one nbformat output type.</summary>
public abstract record CellOutput;

/// <summary>Text the cell wrote to the console: <c>stdout</c> or <c>stderr</c>.</summary>
public sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>A value shown by <c>display(x)</c> (display_data) or as the cell's trailing expression
/// (execute_result), in one or more MIME types.</summary>
public sealed record DisplayOutput(IReadOnlyList<FormattedValue> Values, bool IsResult) : CellOutput
{
    public string? ValueFor(string mimeType) => Values.FirstOrDefault(v => v.MimeType == mimeType)?.Value;
}

/// <summary>A compile error or an exception that stopped the cell.</summary>
public sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : CellOutput;

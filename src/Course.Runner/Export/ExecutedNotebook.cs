using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Runner.Execution;

namespace Course.Runner.Export;

/// <summary>A copy of the notebook with execution counts and outputs filled in, in the shapes
/// Jupyter and VS Code write them; every other field is kept as the author wrote it.</summary>
public static class ExecutedNotebook
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(NotebookRun run)
    {
        var document = (JsonObject)run.Notebook.Document.DeepClone();
        var cells = (JsonArray)document["cells"]!;
        foreach (var cellRun in run.Cells)
        {
            var cell = (JsonObject)cells[cellRun.Cell.Index]!;
            cell["execution_count"] = cellRun.ExecutionCount;
            cell["outputs"] = new JsonArray([.. cellRun.Outputs.Select(o => Output(o, cellRun.ExecutionCount))]);
        }

        return document.ToJsonString(s_json) + "\n";
    }

    private static JsonObject Output(CellOutput output, int executionCount) => output switch
    {
        StreamOutput stream => new JsonObject
        {
            ["name"] = stream.Name,
            ["output_type"] = "stream",
            ["text"] = Lines(stream.Text),
        },
        DisplayOutput { IsResult: true } result => new JsonObject
        {
            ["data"] = Data(result),
            ["execution_count"] = executionCount,
            ["metadata"] = new JsonObject(),
            ["output_type"] = "execute_result",
        },
        DisplayOutput display => new JsonObject
        {
            ["data"] = Data(display),
            ["metadata"] = new JsonObject(),
            ["output_type"] = "display_data",
        },
        ErrorOutput error => new JsonObject
        {
            ["ename"] = error.Name,
            ["evalue"] = error.Value,
            ["output_type"] = "error",
            ["traceback"] = new JsonArray([.. error.Traceback.Select(line => JsonValue.Create(line))]),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, "Unknown output kind."),
    };

    private static JsonObject Data(DisplayOutput display)
    {
        var data = new JsonObject();
        foreach (var value in display.Values)
            data[value.MimeType] = Lines(value.Value);
        return data;
    }

    /// <summary>nbformat's multi-line string: a list of lines, each but the last ending in "\n".</summary>
    private static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }
}

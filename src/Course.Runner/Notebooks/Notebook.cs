using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Runner.Notebooks;

public enum CellKind { Markdown, Code, Raw }

/// <summary>One cell of a notebook. Code cells carry their number among code cells (1, 2, ...):
/// the number progress, errors and the exported page use, and the execution count they get.</summary>
public sealed class Cell
{
    internal Cell(int index, CellKind kind, string source, int? number, JsonObject json)
    {
        Index = index;
        Kind = kind;
        Source = source;
        Number = number;
        Json = json;
    }

    /// <summary>Position in the notebook, from 0, counting every kind of cell.</summary>
    public int Index { get; }
    public CellKind Kind { get; }
    public string Source { get; }
    /// <summary>For code cells, the number among code cells, from 1; null otherwise.</summary>
    public int? Number { get; }
    internal JsonObject Json { get; }
}

/// <summary>A notebook read from an .ipynb file: its cells in order, and the JSON it came from
/// (the exporter fills a copy of that JSON, so every field the author wrote is kept).</summary>
public sealed class Notebook
{
    private Notebook(string path, JsonObject document, IReadOnlyList<Cell> cells)
    {
        Path = path;
        Document = document;
        Cells = cells;
    }

    /// <summary>Full path of the .ipynb file.</summary>
    public string Path { get; }
    public string FileName => System.IO.Path.GetFileName(Path);
    /// <summary>The folder relative <c>#r</c> and <c>#load</c> resolve against.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(Path)!;
    public IReadOnlyList<Cell> Cells { get; }
    public IEnumerable<Cell> CodeCells => Cells.Where(c => c.Kind == CellKind.Code);
    internal JsonObject Document { get; }

    /// <summary>The first markdown heading, or the file name without extension.</summary>
    public string Title =>
        Cells.Where(c => c.Kind == CellKind.Markdown)
             .SelectMany(c => c.Source.Split('\n'))
             .Select(line => line.Trim())
             .Where(line => line.StartsWith("# ", StringComparison.Ordinal))
             .Select(line => line[2..].Trim())
             .FirstOrDefault() ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    public static Notebook Load(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException($"No notebook at {fullPath}.", fullPath);
        return Parse(File.ReadAllText(fullPath), fullPath);
    }

    /// <summary>Reads notebook JSON; <paramref name="path"/> names the file it stands for (its folder
    /// is where relative references resolve).</summary>
    public static Notebook Parse(string json, string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var name = System.IO.Path.GetFileName(fullPath);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{name} is not valid JSON: {e.Message}");
        }

        if (root is not JsonObject document || document["cells"] is not JsonArray cellArray)
            throw new NotebookFormatException($"{name} is not a notebook: expected a JSON object with a \"cells\" array.");

        var cells = new List<Cell>();
        var codeNumber = 0;
        foreach (var node in cellArray)
        {
            var position = cells.Count + 1;
            if (node is not JsonObject cell)
                throw new NotebookFormatException($"{name}: cell at position {position} is not a JSON object.");

            var kind = ReadString(cell["cell_type"]) switch
            {
                "code" => CellKind.Code,
                "markdown" => CellKind.Markdown,
                "raw" => CellKind.Raw,
                var other => throw new NotebookFormatException(
                    $"{name}: cell at position {position} has cell_type {Show(other)}; expected \"code\", \"markdown\" or \"raw\"."),
            };
            var source = ReadSource(cell["source"])
                ?? throw new NotebookFormatException($"{name}: cell at position {position} has no \"source\" string or list of strings.");
            cells.Add(new Cell(cells.Count, kind, source, kind == CellKind.Code ? ++codeNumber : null, cell));
        }

        return new Notebook(fullPath, document, cells);
    }

    /// <summary>nbformat stores text as one string or as a list of lines; both mean their concatenation.</summary>
    internal static string? ReadSource(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonArray lines when lines.All(l => l is JsonValue v && v.TryGetValue(out string? _)) =>
            string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => null,
    };

    private static string? ReadString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static string Show(string? value) => value is null ? "missing" : $"\"{value}\"";
}

public sealed class NotebookFormatException(string message) : Exception(message);

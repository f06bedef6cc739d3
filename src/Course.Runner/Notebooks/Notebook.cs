using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Jupyter = Microsoft.DotNet.Interactive.Documents.Jupyter.Notebook;

namespace Course.Runner.Notebooks;

public enum CellKind { Markdown, Code }

/// <summary>One cell of a notebook. Code cells carry their number among code cells (1, 2, ...):
/// the number progress, errors and the exported page use, and the execution count they get.</summary>
public sealed class Cell
{
    internal Cell(int index, InteractiveDocumentElement element, int? number)
    {
        Index = index;
        Element = element;
        Number = number;
    }

    /// <summary>Position in the notebook, from 0, counting every kind of cell.</summary>
    public int Index { get; }
    public CellKind Kind => Number is null ? CellKind.Markdown : CellKind.Code;
    public string Source => Element.Contents;
    /// <summary>For code cells, the number among code cells, from 1; null otherwise.</summary>
    public int? Number { get; }
    internal InteractiveDocumentElement Element { get; }
}

/// <summary>A notebook read from an .ipynb file by .NET Interactive's own reader (the one Polyglot Notebooks uses).</summary>
public sealed class Notebook
{
    /// <summary>The kernels a course notebook names: C# for code, markdown for text.</summary>
    internal static readonly KernelInfoCollection Kernels = [new("csharp", languageName: "C#"), new("markdown")];

    private Notebook(string path, InteractiveDocument document)
    {
        Path = path;
        Document = document;
        var number = 0;
        Cells = [.. document.Elements.Select((e, i) => new Cell(i, e, e.KernelName == "markdown" ? null : ++number))];
    }

    /// <summary>Full path of the .ipynb file.</summary>
    public string Path { get; }
    public string FileName => System.IO.Path.GetFileName(Path);
    /// <summary>The folder relative <c>#r</c> and <c>#load</c> resolve against.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(Path)!;
    public IReadOnlyList<Cell> Cells { get; }
    public IEnumerable<Cell> CodeCells => Cells.Where(c => c.Kind == CellKind.Code);
    internal InteractiveDocument Document { get; }

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
        // .NET Interactive's reader accepts almost anything; say plainly what is wrong before it sees the file.
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{name} is not valid JSON: {e.Message}");
        }

        if (root is not JsonObject document || document["cells"] is not JsonArray cells)
            throw new NotebookFormatException($"{name} is not a notebook: expected a JSON object with a \"cells\" array.");
        for (var i = 0; i < cells.Count; i++)
        {
            var type = cells[i] is JsonObject cell && cell["cell_type"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            if (type is not ("code" or "markdown"))
                throw new NotebookFormatException(
                    $"{name}: cell at position {i + 1} has cell_type {(type is null ? "missing" : $"\"{type}\"")}; expected \"code\" or \"markdown\" (Polyglot Notebooks has no raw cells).");
        }

        return new Notebook(fullPath, Jupyter.Parse(json, Kernels));
    }
}

public sealed class NotebookFormatException(string message) : Exception(message);

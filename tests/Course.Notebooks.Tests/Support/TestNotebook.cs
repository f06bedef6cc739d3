using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Runner.Notebooks;

namespace Course.Notebooks.Tests.Support;

/// <summary>Notebooks made in memory, in the exact shape <c>course check</c> accepts.</summary>
internal static class TestNotebook
{
    public const string LibraryReference = "#r \"../artifacts/bin/Course/release/Course.dll\"\nusing TorchSharp;";

    /// <summary>A notebook with a title cell and the given code cells, in order.</summary>
    public static JsonObject Create(params string[] codeCells)
    {
        var cells = new JsonArray { Markdown("title", "# A test notebook") };
        for (var i = 0; i < codeCells.Length; i++)
            cells.Add(Code($"code-{i + 1}", codeCells[i]));

        return new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
                ["polyglot_notebook"] = new JsonObject
                {
                    ["kernelInfo"] = new JsonObject
                    {
                        ["defaultKernelName"] = "csharp",
                        ["items"] = new JsonArray { new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" } },
                    },
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
    }

    /// <summary>A notebook that follows every rule: it loads the library first.</summary>
    public static JsonObject Valid() => Create(LibraryReference, "torch.zeros(2, 2).shape");

    public static JsonObject Markdown(string id, string source) => new()
    {
        ["cell_type"] = "markdown",
        ["id"] = id,
        ["metadata"] = new JsonObject(),
        ["source"] = Lines(source),
    };

    public static JsonObject Code(string id, string source) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["id"] = id,
        ["metadata"] = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        },
        ["outputs"] = new JsonArray(),
        ["source"] = Lines(source),
    };

    public static JsonObject CodeCell(JsonObject notebook, int number) =>
        notebook["cells"]!.AsArray().OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "code").ElementAt(number - 1);

    public static string Write(JsonObject notebook, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>Writes the notebook into <paramref name="folder"/> and reads it back as the runner does.</summary>
    public static Notebook Load(JsonObject notebook, string folder, string name = "test.ipynb") => Notebook.Load(Write(notebook, folder, name));

    private static JsonArray Lines(string source)
    {
        var lines = source.Split('\n');
        var array = new JsonArray();
        for (var i = 0; i < lines.Length; i++)
            array.Add(i < lines.Length - 1 ? lines[i] + "\n" : lines[i]);
        return array;
    }
}

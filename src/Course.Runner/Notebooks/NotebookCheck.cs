using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Course.Runner.Notebooks;

/// <summary>
/// The rules a committed lesson follows so that it runs unchanged in Polyglot Notebooks and in the
/// headless runner: valid nbformat 4.5, the .NET C# kernelspec and cell metadata, no outputs, no
/// magics or NuGet references, and a first code cell that loads the library with one relative #r.
/// </summary>
public static partial class NotebookCheck
{
    /// <summary>The problems found in the file at <paramref name="path"/>; empty when it follows every rule.</summary>
    public static IReadOnlyList<string> File(string path) =>
        System.IO.File.Exists(path) ? Json(System.IO.File.ReadAllText(path)) : [$"no such file: {Path.GetFullPath(path)}"];

    /// <summary>The problems found in notebook JSON; empty when it follows every rule.</summary>
    public static IReadOnlyList<string> Json(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            return [$"not valid JSON: {e.Message}"];
        }

        if (root is not JsonObject notebook)
            return ["not a notebook: the top level is not a JSON object"];

        var problems = new List<string>();
        var minor = CheckVersion(notebook, problems);
        CheckNotebookMetadata(notebook["metadata"], problems);

        if (notebook["cells"] is not JsonArray cells)
        {
            problems.Add("no \"cells\" array");
            return problems;
        }

        CheckCells(cells, minor, problems);
        return problems;
    }

    private static int? CheckVersion(JsonObject notebook, List<string> problems)
    {
        var major = Integer(notebook["nbformat"]);
        var minor = Integer(notebook["nbformat_minor"]);
        if (major != NotebookFormat.Major)
            problems.Add($"nbformat is {Show(notebook["nbformat"])}; expected {NotebookFormat.Major}");
        if (minor is null || minor < NotebookFormat.OldestMinor)
            problems.Add($"nbformat_minor is {Show(notebook["nbformat_minor"])}; expected {NotebookFormat.Minor}");
        return minor;
    }

    private static void CheckNotebookMetadata(JsonNode? metadata, List<string> problems)
    {
        var kernelspec = At(metadata, "kernelspec");
        if (Text(At(kernelspec, "name")) != NotebookFormat.KernelspecName
            || Text(At(kernelspec, "display_name")) != NotebookFormat.KernelspecDisplayName
            || Text(At(kernelspec, "language")) != NotebookFormat.KernelspecLanguage)
        {
            problems.Add(
                $"metadata.kernelspec is {Show(kernelspec)}; expected {{\"display_name\": \"{NotebookFormat.KernelspecDisplayName}\", " +
                $"\"language\": \"{NotebookFormat.KernelspecLanguage}\", \"name\": \"{NotebookFormat.KernelspecName}\"}}");
        }

        var kernelInfo = At(metadata, "polyglot_notebook", "kernelInfo");
        if (kernelInfo is null)
        {
            problems.Add("metadata.polyglot_notebook.kernelInfo is missing; Polyglot Notebooks needs it to pick the C# kernel");
            return;
        }

        if (Text(At(kernelInfo, "defaultKernelName")) != NotebookFormat.KernelName)
            problems.Add($"metadata.polyglot_notebook.kernelInfo.defaultKernelName is {Show(At(kernelInfo, "defaultKernelName"))}; expected \"{NotebookFormat.KernelName}\"");
        if (At(kernelInfo, "items") is not JsonArray items || !items.Any(i => Text(At(i, "name")) == NotebookFormat.KernelName))
            problems.Add($"metadata.polyglot_notebook.kernelInfo.items has no kernel named \"{NotebookFormat.KernelName}\"");
    }

    private static void CheckCells(JsonArray cells, int? minor, List<string> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>();
        var position = 0;
        foreach (var node in cells)
        {
            position++;
            var type = Text(At(node, "cell_type"));
            if (node is not JsonObject cell || type is not ("code" or "markdown"))
            {
                problems.Add($"cell at position {position} is not a code or markdown cell (Polyglot Notebooks has no raw cells): {Show(node)}");
                continue;
            }

            counts[type] = counts.GetValueOrDefault(type) + 1;
            var name = $"{type} cell {counts[type]}";
            CheckShape(cell, name, minor, ids, problems);
            if (type == "code")
                CheckCodeCell(cell, name, isFirst: counts[type] == 1, problems);
            else if (cell.ContainsKey("outputs") || cell.ContainsKey("execution_count"))
                problems.Add($"{name} has outputs or an execution_count; only code cells have them");
        }

        if (!counts.ContainsKey("code"))
            problems.Add("no code cell; the first code cell must load the library with one relative #r");
    }

    private static void CheckShape(JsonObject cell, string name, int? minor, HashSet<string> ids, List<string> problems)
    {
        if (ReadSource(cell["source"]) is null)
            problems.Add($"{name} has no \"source\" string or list of strings");
        if (cell["metadata"] is not JsonObject)
            problems.Add($"{name} has no \"metadata\" object");
        if (minor < 5)
            return;

        var id = Text(cell["id"]);
        if (id is null || !CellId().IsMatch(id))
            problems.Add($"{name} has id {Show(cell["id"])}; nbformat 4.5 requires 1-64 letters, digits, '-' or '_'");
        else if (!ids.Add(id))
            problems.Add($"{name} repeats the id \"{id}\"; ids must be unique");
    }

    private static void CheckCodeCell(JsonObject cell, string name, bool isFirst, List<string> problems)
    {
        var metadata = cell["metadata"];
        if (Text(At(metadata, "dotnet_interactive", "language")) != "csharp"
            || Text(At(metadata, "polyglot_notebook", "kernelName")) != NotebookFormat.KernelName)
        {
            problems.Add($"{name} metadata is {Show(metadata)}; expected {{\"dotnet_interactive\": {{\"language\": \"csharp\"}}, \"polyglot_notebook\": {{\"kernelName\": \"csharp\"}}}}");
        }

        if (!cell.TryGetPropertyValue("execution_count", out var count) || count is not null)
            problems.Add($"{name} has execution_count {Show(count)}; commit notebooks with \"execution_count\": null");
        if (cell["outputs"] is not JsonArray outputs || outputs.Count > 0)
            problems.Add($"{name} has outputs {Show(cell["outputs"])}; commit notebooks with \"outputs\": [] (the runner produces executed copies)");

        var lines = (ReadSource(cell["source"]) ?? "").Split('\n').Select(l => l.Trim()).ToArray();
        var references = new List<(int Line, string Text)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var at = $"{name}, line {i + 1}";
            if (line.StartsWith("#!", StringComparison.Ordinal))
                problems.Add($"{at}: magic command {line}; notebooks use no #! magics");
            else if (line == "#i" || line.StartsWith("#i ", StringComparison.Ordinal) || line.StartsWith("#i\"", StringComparison.Ordinal))
                problems.Add($"{at}: {line}; notebooks add no package sources with #i");
            else if (Directive(line) == "#r")
            {
                if (ReferencePath(line)?.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) == true)
                    problems.Add($"{at}: {line}; notebooks load no NuGet packages (the library's dependencies sit beside Course.dll)");
                references.Add((i + 1, line));
            }
        }

        if (isFirst)
            CheckLibraryReference(name, references, problems);
        if (EndsWithBareDisplay(lines))
            problems.Add($"{name} ends with a display(...) call without ';': the kernel would also show the value display returns; end the call with ';'");
    }

    /// <summary>Whether the cell's last statement is a display(...) call with no semicolon, so that it is the
    /// cell's trailing expression (lines are trimmed; comments after the code are ignored).</summary>
    private static bool EndsWithBareDisplay(string[] lines)
    {
        var code = string.Join("\n", lines.Select(l => l.StartsWith("//", StringComparison.Ordinal) ? "" : l.Split("//")[0].TrimEnd())).TrimEnd();
        if (code.EndsWith(';') || code.EndsWith('}'))
            return false;
        var start = code.LastIndexOfAny([';', '}', '{']) + 1;
        return code[start..].TrimStart().StartsWith("display(", StringComparison.Ordinal);
    }

    private static void CheckLibraryReference(string name, List<(int Line, string Text)> references, List<string> problems)
    {
        if (references.Count != 1)
        {
            problems.Add($"{name} has {references.Count} #r lines; the first code cell loads the library with exactly one #r of a path relative to the notebook");
            return;
        }

        var (line, text) = references[0];
        var path = ReferencePath(text);
        if (path is null || !path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            problems.Add($"{name}, line {line}: {text}; expected #r \"<relative path>/Course.dll\"");
        else if (Path.IsPathRooted(path) || path.Contains(':'))
            problems.Add($"{name}, line {line}: {text} is an absolute path; use a path relative to the notebook's folder");
    }

    private static string? Directive(string line)
    {
        var end = 0;
        while (end < line.Length && !char.IsWhiteSpace(line[end]) && line[end] != '"')
            end++;
        return line[..end];
    }

    private static string? ReferencePath(string line)
    {
        var match = QuotedArgument().Match(line);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>nbformat stores text as one string or as a list of lines; both mean their concatenation.</summary>
    private static string? ReadSource(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonArray lines when lines.All(l => l is JsonValue v && v.TryGetValue(out string? _)) =>
            string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => null,
    };

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex CellId();

    [GeneratedRegex("^#r\\s*\"([^\"]*)\"\\s*$")]
    private static partial Regex QuotedArgument();

    /// <summary>The node at a path of property names, or null where any step is missing or not an object.</summary>
    private static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
            node = node is JsonObject obj ? obj[name] : null;
        return node;
    }

    private static int? Integer(JsonNode? node) => node is JsonValue value && value.TryGetValue(out int number) ? number : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static string Show(JsonNode? node)
    {
        var json = node?.ToJsonString() ?? "missing";
        return json.Length <= 100 ? json : json[..100] + "...";
    }
}

using Course.Runner.Notebooks;

namespace Course.Runner.Commands;

/// <summary><c>course check</c>: every notebook follows the rules of <see cref="NotebookCheck"/>.</summary>
public static class CheckCommand
{
    /// <summary>0 when every notebook passes, 1 when any breaks a rule, 2 when the inputs are wrong.</summary>
    public static int Execute(IReadOnlyList<string> inputs, TextWriter console)
    {
        IReadOnlyList<string> notebooks;
        try
        {
            notebooks = NotebookFiles.Resolve(inputs);
        }
        catch (ArgumentException e)
        {
            console.WriteLine($"error: {e.Message}");
            return 2;
        }

        var failing = 0;
        foreach (var path in notebooks)
        {
            var problems = NotebookCheck.File(path);
            if (problems.Count > 0)
                failing++;
            foreach (var problem in problems)
                console.WriteLine($"{Path.GetFileName(path)}: {problem}");
        }

        console.WriteLine(failing == 0
            ? $"OK: {Count(notebooks.Count)} checked."
            : $"FAILED: {Count(failing)} of {notebooks.Count} break the rules above.");
        return failing == 0 ? 0 : 1;
    }

    private static string Count(int n) => n == 1 ? "1 notebook" : $"{n} notebooks";
}

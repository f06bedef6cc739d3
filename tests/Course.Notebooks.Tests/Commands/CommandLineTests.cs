using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Notebooks.Tests.Support;
using Course.Runner.Commands;

namespace Course.Notebooks.Tests.Commands;

public class CommandLineTests
{
    [Fact]
    public async Task The_built_command_runs_notebooks_from_another_directory_and_names_each_failure()
    {
        using var elsewhere = new TempFolder();
        using var site = new TempFolder();

        var (exitCode, output) = await Course(elsewhere.Path,
            "run", Repository.Fixture("references/relative-references.ipynb"), Repository.Fixture("compile-error.ipynb"), "--out", site.Path);

        Assert.True(exitCode == 1, output);
        Assert.Contains("relative-references.ipynb (4 code cells)", output);
        Assert.Contains("  stopped: compile-error.ipynb, cell 3, line 3: error CS0103: The name 'foo' does not exist in the current context", output);
        Assert.Contains("FAILED: 1 notebook:\n  compile-error.ipynb, cell 3, line 3: error CS0103", output);
        Assert.Matches(@"Ran 2 of 2 notebooks in \d+\.\d\d s; slowest cell: [a-z-]+\.ipynb cell \d \(\d+\.\d\d s\)\.", output);

        var executed = JsonNode.Parse(File.ReadAllText(site.File("relative-references.ipynb")))!;
        Assert.Equal("hello, runner!", (string)TestNotebook.CodeCell(executed.AsObject(), 2)["outputs"]![0]!["data"]!["text/plain"]![0]!);
        Assert.True(File.Exists(site.File("index.html")));
    }

    [Fact]
    public async Task The_built_command_checks_notebooks()
    {
        using var elsewhere = new TempFolder();

        var valid = await Course(elsewhere.Path, "check", Repository.Fixture("valid.ipynb"));
        var invalid = await Course(elsewhere.Path, "check", Repository.Fixture("valid.ipynb"), Repository.Fixture("outputs.ipynb"));

        Assert.Equal((0, "OK: 1 notebook checked.\n"), valid);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("outputs.ipynb: code cell 1 has 0 #r lines", invalid.Output);
        Assert.EndsWith("FAILED: 1 notebook of 2 break the rules above.\n", invalid.Output);
    }

    [Fact]
    public async Task Run_refuses_an_output_folder_that_holds_the_sources_and_leaves_them_alone()
    {
        var source = Repository.Fixture("valid.ipynb");
        var before = File.ReadAllBytes(source);
        using var console = new StringWriter();

        var exitCode = await RunCommand.ExecuteAsync([source], Repository.Fixtures, console);

        Assert.Equal(2, exitCode);
        Assert.Contains("its executed copy would overwrite it", console.ToString());
        Assert.Equal(before, File.ReadAllBytes(source));
    }

    [Fact]
    public void Check_reports_inputs_that_are_not_notebooks()
    {
        using var console = new StringWriter();

        var exitCode = CheckCommand.Execute([Path.Combine(Repository.Fixtures, "no-such.ipynb")], console);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: No such notebook or folder: ", console.ToString());
    }

    /// <summary>Runs the built runner (dotnet Course.Runner.dll ...) in <paramref name="workingDirectory"/>.</summary>
    private static async Task<(int ExitCode, string Output)> Course(string workingDirectory, params string[] arguments)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Repository.RunnerAssembly);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await error);
    }
}

using System.CommandLine;
using Course.Runner.Commands;

var notebooks = new Argument<string[]>("notebooks")
{
    Description = "Notebook files or folders of notebooks (default: the repository's notebooks/ folder).",
    Arity = ArgumentArity.ZeroOrMore,
};
var output = new Option<string>("--out", "-o")
{
    Description = "Folder for the executed notebooks, their pages and index.html.",
    DefaultValueFactory = _ => "site",
};

var run = new Command("run", "Execute notebooks top to bottom as the Polyglot Notebooks C# kernel does; write executed copies and HTML pages.")
{
    notebooks,
    output,
};
run.SetAction((parse, cancellation) =>
    RunCommand.ExecuteAsync(parse.GetValue(notebooks) ?? [], parse.GetValue(output)!, Console.Out, cancellation));

var checkNotebooks = new Argument<string[]>("notebooks")
{
    Description = "Notebook files or folders of notebooks (default: the repository's notebooks/ folder).",
    Arity = ArgumentArity.ZeroOrMore,
};
var check = new Command("check", "Check that notebooks are valid nbformat 4.5 for the .NET C# kernel, without outputs, and follow the course's rules.")
{
    checkNotebooks,
};
check.SetAction(parse => CheckCommand.Execute(parse.GetValue(checkNotebooks) ?? [], Console.Out));

var root = new RootCommand("course: run and check the course's notebooks headlessly.") { run, check };
return await root.Parse(args).InvokeAsync();

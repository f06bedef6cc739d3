namespace Course.Runner.Notebooks;

/// <summary>
/// The file shape Polyglot Notebooks writes for a C# notebook, which <c>course check</c> requires.
/// A lesson, as committed (no outputs, no execution counts):
/// <code>
/// {
///  "cells": [
///   { "cell_type": "markdown", "id": "intro", "metadata": {}, "source": ["# Title\n", "Text."] },
///   {
///    "cell_type": "code", "id": "setup", "execution_count": null, "outputs": [],
///    "metadata": { "dotnet_interactive": { "language": "csharp" }, "polyglot_notebook": { "kernelName": "csharp" } },
///    "source": ["#r \"../artifacts/bin/Course/release/Course.dll\"\n", "using TorchSharp;"]
///   }
///  ],
///  "metadata": {
///   "kernelspec": { "display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp" },
///   "language_info": { "name": "polyglot-notebook" },
///   "polyglot_notebook": { "kernelInfo": { "defaultKernelName": "csharp", "items": [ { "aliases": [], "name": "csharp" } ] } }
///  },
///  "nbformat": 4,
///  "nbformat_minor": 5
/// }
/// </code>
/// Cell ids (nbformat 4.5) are 1-64 letters, digits, '-' or '_', unique in the notebook.
/// </summary>
public static class NotebookFormat
{
    public const int Major = 4;
    public const int Minor = 5;
    /// <summary>The oldest minor version accepted: 4.4 has no cell ids, 4.5 requires them.</summary>
    public const int OldestMinor = 4;

    public const string KernelspecName = ".net-csharp";
    public const string KernelspecDisplayName = ".NET (C#)";
    public const string KernelspecLanguage = "C#";

    /// <summary>The kernel every code cell runs in, named in cell and notebook metadata.</summary>
    public const string KernelName = "csharp";
}

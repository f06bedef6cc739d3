using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Course.Display;

/// <summary>
/// In a notebook, a <c>Microsoft.Data.Analysis.DataFrame</c> renders as an HTML table through the formatter its own
/// package ships as a .NET Interactive kernel extension. The kernel loads such extensions only for packages added
/// with <c>#r "nuget:..."</c>; the lessons load the course with a plain <c>#r</c>, so the library loads that
/// extension itself, once, the first time any of its code runs inside a kernel. Outside a kernel it does nothing.
/// Reflection keeps the library free of a reference to the kernel's own packages.
/// </summary>
internal static class KernelExtensions
{
    private const string ExtensionFile = "Microsoft.Data.Analysis.Interactive.dll";
    private const string ExtensionType = "Microsoft.Data.Analysis.Interactive.DataFrameKernelExtension";

#pragma warning disable CA2255 // A library module initializer, on purpose: it runs before any course code shows a DataFrame.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void LoadDataFrameFormatter()
    {
        var kernel = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Microsoft.DotNet.Interactive");
        var folder = Path.GetDirectoryName(typeof(KernelExtensions).Assembly.Location);
        if (kernel is null || folder is null || !File.Exists(Path.Combine(folder, ExtensionFile)))
            return;
        // KernelInvocationContext.Current.HandlingKernel.RootKernel: the kernel running the current cell.
        var context = kernel.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext")?.GetProperty("Current")?.GetValue(null);
        var handling = context?.GetType().GetProperty("HandlingKernel")?.GetValue(context);
        var root = handling?.GetType().GetProperty("RootKernel")?.GetValue(handling);
        try
        {
            // Into the load context of the Microsoft.Data.Analysis the library uses, so that the extension formats the
            // library's DataFrame type and not a second copy of it (Assembly.LoadFrom would load one).
            var analysis = typeof(Microsoft.Data.Analysis.DataFrame).Assembly;
            var loadContext = AssemblyLoadContext.GetLoadContext(analysis) ?? AssemblyLoadContext.Default;
            var extension = loadContext.LoadFromAssemblyPath(Path.Combine(folder, ExtensionFile)).GetType(ExtensionType, throwOnError: true)!;
            var load = extension.GetMethod("OnLoadAsync")!;
            ((Task)load.Invoke(Activator.CreateInstance(extension), [root])!).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            // A table shown as a tree of properties is no reason to stop the library from loading.
            Console.Error.WriteLine($"DataFrames will show without their table formatter: {e.GetBaseException().Message}");
        }
    }
}

namespace Course.Display;

// How a value becomes HTML in a notebook, without referencing .NET Interactive.
//
// The kernel (dotnet/interactive, src/Microsoft.DotNet.Interactive.Formatting/Formatter.cs,
// TryRegisterFromConventionBasedFormatterSources) looks at the displayed value's runtime type:
// - type.GetCustomAttributes(inherit: true), keeping attributes whose class Name is
//   "TypeFormatterSourceAttribute" (any namespace, internal is fine);
// - reads the attribute's public property "FormatterSourceType" (a Type) and calls
//   Activator.CreateInstance on it: a public parameterless constructor;
// - calls the source's public method "CreateTypeFormatters()", which must return an IEnumerable;
// - for each formatter object: public property "MimeType" (string) and one public method
//   "Format(object, TextWriter)" returning bool (it is compiled into a Func<object, TextWriter, bool>);
// - an optional public "Type" property on the formatter says which type it formats; without it the
//   attributed type is used. We leave it out on purpose: a formatter for typeof(object) would take
//   over the display of every value in the notebook;
// - an optional public "PreferredMimeTypes" (string[]) on the attribute sets the MIME types the
//   kernel produces for the type; otherwise the kernel's default (text/html) is used.

/// <summary>Marks a type whose notebook display comes from <see cref="FormatterSourceType"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>HTML first: the notebook shows the richest; text/plain is the fallback.</summary>
    public string[] PreferredMimeTypes { get; set; } = ["text/html", "text/plain"];
}

/// <summary>The one formatter source of the library: HTML from <see cref="IHtmlDisplay"/>, text from ToString().</summary>
internal sealed class HtmlFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
        [new HtmlFormatter(), new PlainTextFormatter()];
}

/// <summary>A figure's formatters: plotly's JSON mime type first, then HTML and text.</summary>
internal sealed class FigureFormatterSource
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    public IEnumerable<object> CreateTypeFormatters() =>
        [new PlotlyJsonFormatter(), new HtmlFormatter(), new PlainTextFormatter()];
}

internal sealed class PlotlyJsonFormatter
{
    public string MimeType => FigureFormatterSource.PlotlyMimeType;

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not Charts.Figure figure) return false;
        writer.Write(figure.ToJson());
        return true;
    }
}

internal sealed class HtmlFormatter
{
    public string MimeType => "text/html";

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not IHtmlDisplay display) return false;
        writer.Write(display.ToHtml());
        return true;
    }
}

internal sealed class PlainTextFormatter
{
    public string MimeType => "text/plain";

    public bool Format(object instance, TextWriter writer)
    {
        writer.Write(instance.ToString());
        return true;
    }
}

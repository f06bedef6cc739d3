using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using Course.Charts;
using Course.Display;

namespace Course.Tests.Display;

/// <summary>Formats values the way the Polyglot Notebooks kernel does: by the attribute's name, through reflection only.</summary>
public class FormatterConventionTests
{
    private static Dictionary<string, Func<object, TextWriter, bool>> FormattersFor(Type type)
    {
        var attribute = type.GetCustomAttributes(inherit: true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = (IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;

        var byMime = new Dictionary<string, Func<object, TextWriter, bool>>();
        foreach (var formatter in formatters)
        {
            var mime = (string)formatter.GetType().GetProperty("MimeType")!.GetValue(formatter)!;
            // No "Type" property: the kernel would otherwise register the formatter for that type instead.
            Assert.Null(formatter.GetType().GetProperty("Type"));
            // The kernel compiles exactly this call; it fails if Format's signature differs.
            var value = Expression.Parameter(typeof(object));
            var writer = Expression.Parameter(typeof(TextWriter));
            var call = Expression.Call(Expression.Constant(formatter), formatter.GetType().GetMethod("Format")!, value, writer);
            byMime[mime] = Expression.Lambda<Func<object, TextWriter, bool>>(call, value, writer).Compile();
        }
        return byMime;
    }

    private static string Format(object value, string mime)
    {
        var writer = new StringWriter();
        Assert.True(FormattersFor(value.GetType())[mime](value, writer));
        return writer.ToString();
    }

    [Fact]
    public void A_figure_formats_as_html_with_its_div_and_newPlot()
    {
        var figure = new Figure().Line(new[] { 1, 2 }, new[] { 1.0, 4.0 }, name: "std");
        var html = Format(figure, "text/html");
        Assert.Contains($"<div id=\"{figure.Id}\"", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Equal(figure.ToString(), Format(figure, "text/plain"));
    }

    [Fact]
    public void A_figure_also_formats_as_plotlys_json_mime_type_first_and_other_displays_prefer_html_then_text()
    {
        static string[] Preferred(Type type) => (string[])type.GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute")
            .GetType().GetProperty("PreferredMimeTypes")!.GetValue(type.GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute"))!;
        Assert.Equal(["application/vnd.plotly.v1+json", "text/html", "text/plain"], Preferred(typeof(Figure)));
        Assert.Equal(["text/html", "text/plain"], Preferred(typeof(Table)));

        var figure = new Figure().Line(new[] { 1, 2 }, new[] { 1.0, 4.0 }, name: "std").Title("t");
        Assert.Equal(figure.ToJson(), Format(figure, "application/vnd.plotly.v1+json"));
    }

    [Fact]
    public void Every_displayable_type_of_the_library_carries_the_attribute()
    {
        var displayable = typeof(IHtmlDisplay).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHtmlDisplay).IsAssignableFrom(t))
            .ToArray();
        Assert.Contains(typeof(Table), displayable);
        Assert.Contains(typeof(Course.Quiz.QuizFeedback), displayable);
        Assert.All(displayable, t => Assert.Contains(t.GetCustomAttributes(true), a => a.GetType().Name == "TypeFormatterSourceAttribute"));
    }

    [Fact]
    public void The_html_formatter_declines_values_it_does_not_know()
    {
        var html = FormattersFor(typeof(Figure))["text/html"];
        Assert.False(html(42, new StringWriter()));
    }

    [Fact]
    public void Claims_tables_and_quiz_feedback_format_through_the_same_source()
    {
        Assert.Contains("✓ layers", Format(Claim.Between("layers", 31, 28, 34), "text/html"));
        Assert.Contains("<table", Format(new Table(["a"], [1]), "text/html"));
        Assert.Contains("Correct", Format(Course.Quiz.Quiz.Answer(1, "D"), "text/html"));
    }
}

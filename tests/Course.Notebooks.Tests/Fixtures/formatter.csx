// The kernel's convention, declared locally: no reference to .NET Interactive is needed.
using System.IO;
using System.Net;

[AttributeUsage(AttributeTargets.Class)]
internal class TypeFormatterSourceAttribute : Attribute
{
    public TypeFormatterSourceAttribute(Type formatterSourceType) => FormatterSourceType = formatterSourceType;

    public Type FormatterSourceType { get; }
}

internal class BadgeFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new BadgeHtmlFormatter();
    }
}

internal class BadgeHtmlFormatter
{
    public string MimeType => "text/html";

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not Badge { Text.Length: > 0 } badge)
            return false;
        writer.Write($"<span class=\"badge\">{WebUtility.HtmlEncode(badge.Text)}</span>");
        return true;
    }
}

[TypeFormatterSource(typeof(BadgeFormatterSource))]
public record Badge(string Text);

public record LoudBadge(string Quiet) : Badge(Quiet.ToUpperInvariant());

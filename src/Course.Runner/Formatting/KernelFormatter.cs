using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Reflection;

namespace Course.Runner.Formatting;

/// <summary>
/// Formats a displayed value as the Polyglot Notebooks kernel does: a convention-based formatter
/// (<see cref="ConventionFormatters"/>) wins for its MIME type; strings and scalars are plain text;
/// other values are HTML (a table for sequences and objects) with a plain-text fallback.
/// </summary>
public static class KernelFormatter
{
    public const string Html = "text/html";
    public const string PlainText = "text/plain";

    /// <summary>How many items of a sequence are shown, as in the kernel.</summary>
    public const int ListExpansionLimit = 20;

    /// <summary>The value in the given MIME types, or in its preferred ones when none are given.</summary>
    public static IReadOnlyList<FormattedValue> Format(object? value, params string[] mimeTypes)
    {
        var types = mimeTypes.Length > 0 ? mimeTypes : PreferredMimeTypes(value);
        return [.. types.Distinct().Select(mimeType => new FormattedValue(mimeType, ToDisplayString(value, mimeType)))];
    }

    public static string ToDisplayString(object? value, string mimeType)
    {
        if (value is not null)
        {
            foreach (var formatter in ConventionFormatters.For(value.GetType()).Formatters)
            {
                if (formatter.MimeType == mimeType && formatter.TryFormat(value) is { } text)
                    return text;
            }
        }

        return mimeType == Html ? HtmlFormatter.Format(value) : PlainTextFormatter.Format(value);
    }

    private static string[] PreferredMimeTypes(object? value)
    {
        if (value is null or string || IsScalar(value.GetType()))
            return [PlainText];

        var preferred = ConventionFormatters.For(value.GetType()).PreferredMimeTypes;
        return preferred.Count > 0 ? [.. preferred, PlainText] : [Html, PlainText];
    }

    internal static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
        || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(TimeOnly)
        || type == typeof(Half) || type == typeof(BigInteger);

    /// <summary>Shown as text: no table of its parts.</summary>
    internal static bool IsAtomic(object? value) =>
        value is null or string or IEnumerable || IsScalar(value.GetType()) || HasConventionHtml(value) || Properties(value.GetType()).Count == 0;

    internal static bool HasConventionHtml(object value) =>
        ConventionFormatters.For(value.GetType()).Formatters.Any(f => f.MimeType == Html);

    internal static IReadOnlyList<PropertyInfo> Properties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0)];

    internal static object? ValueOf(PropertyInfo property, object target)
    {
        try
        {
            return property.GetValue(target);
        }
        catch (TargetInvocationException e)
        {
            return $"({e.InnerException?.GetType().Name ?? e.GetType().Name}: {e.InnerException?.Message})";
        }
    }

    /// <summary>The first items of a sequence and how many more there are (null when not known without enumerating it all).</summary>
    internal static (List<object?> Items, int? More, bool HasMore) Take(IEnumerable sequence)
    {
        var items = new List<object?>();
        var enumerator = sequence.GetEnumerator();
        try
        {
            while (items.Count < ListExpansionLimit && enumerator.MoveNext())
                items.Add(enumerator.Current);
            var hasMore = enumerator.MoveNext();
            int? more = hasMore && sequence is ICollection collection ? collection.Count - items.Count : null;
            return (items, more, hasMore);
        }
        finally
        {
            (enumerator as IDisposable)?.Dispose();
        }
    }

    internal static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}

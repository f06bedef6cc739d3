using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Course.Runner.Formatting;

/// <summary>
/// The kernel's convention for custom formatting without a dependency on .NET Interactive
/// (dotnet/interactive, Formatter.TryRegisterFromConventionBasedFormatterSources): a type, or a base type
/// through attribute inheritance, carries an attribute whose class is named <c>TypeFormatterSourceAttribute</c>
/// (any namespace, any accessibility) with a public <c>Type FormatterSourceType</c> property. That type is
/// created with its parameterless constructor, and its public <c>CreateTypeFormatters()</c> returns objects
/// with a public <c>string MimeType</c> property and a public <c>bool Format(object, TextWriter)</c> method.
/// </summary>
internal static class ConventionFormatters
{
    private const string AttributeName = "TypeFormatterSourceAttribute";

    private static readonly ConcurrentDictionary<Type, ConventionFormatterSet> s_byType = new();

    /// <summary>The formatters the type's formatter sources create, made once per type as the kernel does.</summary>
    public static ConventionFormatterSet For(Type type) => s_byType.GetOrAdd(type, Create);

    private static ConventionFormatterSet Create(Type type)
    {
        var formatters = new List<ConventionFormatter>();
        var preferred = new List<string>();
        foreach (var attribute in type.GetCustomAttributes(inherit: true))
        {
            var attributeType = attribute.GetType();
            if (attributeType.Name != AttributeName
                || attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType)
            {
                continue;
            }

            if (attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) is string[] mimeTypes)
                preferred.AddRange(mimeTypes);

            var source = Activator.CreateInstance(sourceType)!;
            var create = sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{sourceType} (the formatter source of {type}) has no public CreateTypeFormatters() method.");
            if (Invoke(create, source, []) is not IEnumerable created)
                continue;

            foreach (var formatter in created)
            {
                var formatterType = formatter.GetType();
                var format = formatterType.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
                if (formatterType.GetProperty("MimeType")?.GetValue(formatter) is string mimeType && format?.ReturnType == typeof(bool))
                    formatters.Add(new ConventionFormatter(mimeType, formatter, format));
            }
        }

        return new ConventionFormatterSet(formatters, preferred);
    }

    internal static object? Invoke(MethodInfo method, object target, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}

/// <summary>The formatters found for one type, and the MIME types its attribute prefers (usually none).</summary>
internal sealed record ConventionFormatterSet(IReadOnlyList<ConventionFormatter> Formatters, IReadOnlyList<string> PreferredMimeTypes);

/// <summary>One formatter made by a convention-based formatter source.</summary>
internal sealed class ConventionFormatter(string mimeType, object formatter, MethodInfo format)
{
    public string MimeType { get; } = mimeType;

    /// <summary>The formatted text, or null when the formatter declines the value (returns false).</summary>
    public string? TryFormat(object value)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        return ConventionFormatters.Invoke(format, formatter, [value, writer]) is true ? writer.ToString() : null;
    }
}

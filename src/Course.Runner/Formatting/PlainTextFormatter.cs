using System.Collections;
using System.Text;

namespace Course.Runner.Formatting;

/// <summary>text/plain: strings as they are, numbers in the invariant culture, sequences as
/// <c>[ 1, 2, 3 ]</c>, objects by their own ToString or else by their public properties.</summary>
internal static class PlainTextFormatter
{
    private const int MaxDepth = 3;

    public static string Format(object? value) => Format(value, depth: 0);

    private static string Format(object? value, int depth) => value switch
    {
        null => "<null>",
        string text => text,
        IFormattable formattable => KernelFormatter.Invariant(formattable),
        IEnumerable sequence => depth < MaxDepth ? Sequence(sequence, depth) : sequence.GetType().Name,
        _ when OverridesToString(value.GetType()) => value.ToString() ?? "",
        _ => depth < MaxDepth ? PropertyList(value, depth) : value.GetType().Name,
    };

    private static string Sequence(IEnumerable sequence, int depth)
    {
        var (items, more, hasMore) = KernelFormatter.Take(sequence);
        var text = new StringBuilder("[ ");
        text.AppendJoin(", ", items.Select(item => Format(item, depth + 1)));
        if (hasMore)
            text.Append(more is { } count ? $" ... ({count} more)" : " ...");
        return text.Append(" ]").ToString();
    }

    private static string PropertyList(object value, int depth)
    {
        var properties = KernelFormatter.Properties(value.GetType());
        var parts = properties.Select(p => $"{p.Name} = {Format(KernelFormatter.ValueOf(p, value), depth + 1)}");
        return properties.Count == 0 ? value.GetType().Name : $"{value.GetType().Name} {{ {string.Join(", ", parts)} }}";
    }

    private static bool OverridesToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring
        && declaring != typeof(object) && declaring != typeof(ValueType);
}

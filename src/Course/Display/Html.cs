using System.Globalization;
using System.Net;

namespace Course.Display;

/// <summary>Escaping and number formatting shared by everything the library displays.</summary>
internal static class Html
{
    /// <summary>Text as HTML text: &lt;script&gt; stays visible text, never markup.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A number the same way on every machine: invariant culture, six significant digits.</summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };

    /// <summary>A table cell or a measured value as text: numbers invariant, everything else ToString().</summary>
    public static string Value(object? value) => value switch
    {
        null => "",
        double d => Number(d),
        float f => Number(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static bool IsNumber(object? value) =>
        value is double or float or decimal or int or long or short or byte or uint or ulong or ushort or sbyte;
}

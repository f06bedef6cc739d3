using System.Text.Json;
using System.Text.Json.Serialization;

namespace Course.Charts;

/// <summary>The JSON conventions of our plotly output, in one place.</summary>
internal static class PlotlyJson
{
    /// <summary>
    /// Unset properties are left out, so plotly applies its own defaults. The default encoder escapes
    /// &lt;, &gt; and &amp; as \u003C..., so the JSON can sit inside a &lt;script&gt; safely.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new FiniteOrNullConverter() },
    };

    /// <summary>NaN and ±Infinity are not JSON; null is, and plotly draws it as a gap.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }

    public static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }

    /// <summary>
    /// plotly reads titles, names and labels as a small subset of HTML. Encoding &lt;, &gt; and &amp;
    /// (which plotly decodes back) keeps what the learner wrote as literal text.
    /// </summary>
    public static string Text(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private sealed class FiniteOrNullConverter : JsonConverter<double>
    {
        public override bool HandleNull => false;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
            WriteNumber(writer, value);
    }
}

/// <summary>Marks a string property as plotly text (see <see cref="PlotlyJson.Text"/>).</summary>
internal sealed class PlotlyTextConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() ?? "";

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(PlotlyJson.Text(value));
}

/// <summary>Plotly text arrays (hover text), each entry encoded like <see cref="PlotlyTextConverter"/>.</summary>
internal sealed class PlotlyTextArrayConverter : JsonConverter<string[]>
{
    public override string[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Figures are written to plotly JSON, not read back.");

    public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var text in value) writer.WriteStringValue(PlotlyJson.Text(text ?? ""));
        writer.WriteEndArray();
    }
}

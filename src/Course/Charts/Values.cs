using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Charts;

/// <summary>
/// One axis' worth of data for a trace: numbers (double, float or int) or category labels.
/// Arrays and lists convert implicitly, so <c>fig.Line(layers, stds)</c> just works; for a LINQ
/// query use <c>Values.From(query)</c>. The data are copied: changing your array later does not
/// change the figure. Non-finite numbers are written as null, which plotly draws as a gap.
/// </summary>
[JsonConverter(typeof(ValuesJsonConverter))]
public sealed class Values
{
    // Exactly one of these is set. Floats stay floats so the JSON keeps their short form (0.1, not 0.100000001).
    internal double[]? Doubles { get; }
    internal float[]? Floats { get; }
    internal string[]? Labels { get; }

    private Values(double[]? doubles, float[]? floats, string[]? labels) =>
        (Doubles, Floats, Labels) = (doubles, floats, labels);

    public int Count => Doubles?.Length ?? Floats?.Length ?? Labels!.Length;
    public bool IsNumeric => Labels is null;

    /// <summary>The i-th number (NaN for a category label).</summary>
    public double this[int i] => Doubles?[i] ?? Floats?[i] ?? double.NaN;

    /// <summary>The numbers as doubles (empty for category labels).</summary>
    public double[] ToDoubles() =>
        Doubles is not null ? (double[])Doubles.Clone()
        : Floats is not null ? Array.ConvertAll(Floats, f => (double)f)
        : [];

    public static Values From(IEnumerable<double> numbers) => new(Require(numbers).ToArray(), null, null);
    public static Values From(IEnumerable<float> numbers) => new(null, Require(numbers).ToArray(), null);
    public static Values From(IEnumerable<int> numbers) => new(Require(numbers).Select(i => (double)i).ToArray(), null, null);
    public static Values From(IEnumerable<string> labels) => new(null, null, Require(labels).ToArray());

    // Arrays also convert to torch tensors implicitly: these overloads keep From(array) unambiguous.
    public static Values From(double[] numbers) => From((IEnumerable<double>)numbers);
    public static Values From(float[] numbers) => From((IEnumerable<float>)numbers);
    public static Values From(int[] numbers) => From((IEnumerable<int>)numbers);

    /// <summary>Every value of a tensor, flattened, as doubles (copied from the tensor: later changes do not show).</summary>
    public static Values From(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dtype is ScalarType.Bool or ScalarType.ComplexFloat32 or ScalarType.ComplexFloat64)
            throw new ArgumentException($"A chart plots real numbers, but a {tensor.dtype} tensor came.", nameof(tensor));
        using var flat = tensor.detach().reshape(-1).to(float64);
        return new(flat.data<double>().ToArray(), null, null);
    }

    /// <summary>start, start+1, ..., start+count-1: <c>Values.Range(1, 100)</c> for layers 1..100.</summary>
    public static Values Range(int start, int count) => From((IEnumerable<int>)Enumerable.Range(start, count));

    public static implicit operator Values(double[] numbers) => From((IEnumerable<double>)numbers);
    public static implicit operator Values(Tensor tensor) => From(tensor);
    public static implicit operator Values(float[] numbers) => From((IEnumerable<float>)numbers);
    public static implicit operator Values(int[] numbers) => From((IEnumerable<int>)numbers);
    public static implicit operator Values(string[] labels) => From((IEnumerable<string>)labels);
    public static implicit operator Values(List<double> numbers) => From((IEnumerable<double>)numbers);
    public static implicit operator Values(List<float> numbers) => From((IEnumerable<float>)numbers);
    public static implicit operator Values(List<int> numbers) => From((IEnumerable<int>)numbers);
    public static implicit operator Values(List<string> labels) => From((IEnumerable<string>)labels);

    private static IEnumerable<T> Require<T>(IEnumerable<T> items) =>
        items ?? throw new ArgumentNullException(nameof(items), "Values need data; got null.");

    public override string ToString() => $"{Count} {(IsNumeric ? "numbers" : "labels")}";
}

internal sealed class ValuesJsonConverter : JsonConverter<Values>
{
    public override Values Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Figures are written to plotly JSON, not read back.");

    public override void Write(Utf8JsonWriter writer, Values value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        if (value.Doubles is { } doubles)
            foreach (var d in doubles) PlotlyJson.WriteNumber(writer, d);
        else if (value.Floats is { } floats)
            foreach (var f in floats) PlotlyJson.WriteNumber(writer, f);
        else
            foreach (var label in value.Labels!) writer.WriteStringValue(PlotlyJson.Text(label));
        writer.WriteEndArray();
    }
}

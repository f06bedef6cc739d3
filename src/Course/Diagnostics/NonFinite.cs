using System.Globalization;
using Course.Nn;
using Course.Tensors;

namespace Course.Diagnostics;

/// <summary>Where a NaN or infinity first appeared: the layer, the position and the value.</summary>
public sealed record NonFiniteValue(int LayerIndex, string Layer, string Where, int Row, int Col, float Value)
{
    public override string ToString() =>
        $"first non-finite value in layer {LayerIndex} ({Layer}) {Where} at ({Row}, {Col}): {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>NaN hunting: finds the first layer whose last output (or gradient) holds a non-finite value.</summary>
public static class NonFinite
{
    /// <summary>The first non-finite position in <paramref name="m"/>, or null when all of it is finite.</summary>
    public static (int Row, int Col, float Value)? Find(Matrix m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var d = m.Data;
        for (int i = 0; i < d.Length; i++)
            if (!float.IsFinite(d[i])) return (i / m.Cols, i % m.Cols, d[i]);
        return null;
    }

    /// <summary>Scans the layers' last outputs in forward order (a Sequential's layers, or the module itself).</summary>
    public static NonFiniteValue? FirstInOutputs(Module model)
    {
        var layers = LayersOf(model);
        for (int i = 0; i < layers.Count; i++)
            if (layers[i].Output is { } y && Find(y) is var (r, c, v))
                return new NonFiniteValue(i, layers[i].ToString()!, "output", r, c, v);
        return null;
    }

    /// <summary>Scans parameter values and gradients, layer by layer in forward order.</summary>
    public static NonFiniteValue? FirstInParameters(Module model)
    {
        var layers = LayersOf(model);
        for (int i = 0; i < layers.Count; i++)
            foreach (var p in layers[i].Parameters())
            {
                if (Find(p.Value) is var (r, c, v)) return new NonFiniteValue(i, layers[i].ToString()!, $"{p.Name} value", r, c, v);
                if (Find(p.Grad) is var (gr, gc, gv)) return new NonFiniteValue(i, layers[i].ToString()!, $"{p.Name} gradient", gr, gc, gv);
            }
        return null;
    }

    /// <summary>A sentence for a failed run: the first non-finite output, else the first non-finite parameter.</summary>
    public static string Describe(Module model) =>
        (FirstInParameters(model) ?? FirstInOutputs(model))?.ToString() ?? "every layer output and parameter is finite";

    internal static IReadOnlyList<Module> LayersOf(Module model) => model is Sequential s ? s.Layers : [model];
}

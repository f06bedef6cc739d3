using Course.Nn;
using Course.Tensors;

namespace Course.Diagnostics;

/// <summary>
/// One layer's last output: its mean and standard deviation; for Tanh and Sigmoid, the fraction of values near the
/// limits where the derivative vanishes (saturated); the fraction of exact zeros (inactive ReLU outputs); and the
/// fraction of units that are 0 for every example of the batch (dead units).
/// </summary>
public sealed record ActivationStats(int Index, string Layer, double Mean, double Std, double SaturatedFraction, double ZeroFraction, double DeadUnitFraction);

/// <summary>One parameter: the norm of its value and of its gradient, and their ratio.</summary>
public sealed record ParameterStats(int Index, string Layer, string Name, double ValueNorm, double GradNorm)
{
    public double GradToValueRatio => ValueNorm == 0 ? double.PositiveInfinity : GradNorm / ValueNorm;
}

/// <summary>One layer's last input gradient (dLoss/dInput), the signal backpropagation hands to the layer before it.</summary>
public sealed record GradientStats(int Index, string Layer, double Norm, double Std);

/// <summary>
/// Measurements of a model after a forward (and backward) pass, layer by layer: what lessons plot to see vanishing and
/// exploding signals, saturation and dead units. A Sequential is probed per layer; any other module as one layer.
/// </summary>
public static class Probes
{
    /// <summary>|tanh| above this, or a sigmoid within 1 - this of 0 or 1, counts as saturated (tanh'(x) below 0.02).</summary>
    public const float SaturationThreshold = 0.99f;

    public static IReadOnlyList<ActivationStats> Activations(Module model)
    {
        var layers = NonFinite.LayersOf(model);
        var stats = new List<ActivationStats>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            var y = layers[i].Output
                ?? throw new InvalidOperationException($"Layer {i} ({layers[i]}) has no output yet: run Forward before probing activations.");
            stats.Add(Measure(i, layers[i], y));
        }
        return stats;
    }

    /// <summary>Statistics of one matrix of activations, as <see cref="Activations"/> reports them.</summary>
    public static ActivationStats Measure(int index, Module layer, Matrix y)
    {
        double sum = 0, squares = 0;
        int saturated = 0, zeros = 0;
        var d = y.Data;
        for (int i = 0; i < d.Length; i++)
        {
            sum += d[i];
            squares += (double)d[i] * d[i];
            if (d[i] == 0) zeros++;
            if (layer is Tanh && MathF.Abs(d[i]) > SaturationThreshold) saturated++;
            if (layer is Sigmoid && (d[i] > SaturationThreshold || d[i] < 1 - SaturationThreshold)) saturated++;
        }
        int dead = 0;
        for (int c = 0; c < y.Cols; c++)
        {
            bool allZero = true;
            for (int r = 0; r < y.Rows && allZero; r++) allZero = d[r * y.Cols + c] == 0;
            if (allZero) dead++;
        }
        double mean = sum / d.Length;
        double std = Math.Sqrt(Math.Max(0, squares / d.Length - mean * mean));
        return new ActivationStats(index, layer.ToString()!, mean, std, (double)saturated / d.Length, (double)zeros / d.Length, (double)dead / y.Cols);
    }

    /// <summary>Per layer, the norm and std of the gradient it passed back in the last Backward.</summary>
    public static IReadOnlyList<GradientStats> InputGradients(Module model)
    {
        var layers = NonFinite.LayersOf(model);
        var stats = new List<GradientStats>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            var g = layers[i].InputGradient
                ?? throw new InvalidOperationException($"Layer {i} ({layers[i]}) has no gradient yet: run Backward before probing gradients.");
            double norm = Norm(g.Data);
            double mean = g.Data.Sum(v => (double)v) / g.Length;
            stats.Add(new GradientStats(i, layers[i].ToString()!, norm, Math.Sqrt(Math.Max(0, norm * norm / g.Length - mean * mean))));
        }
        return stats;
    }

    /// <summary>Every parameter's value norm and gradient norm, in forward order.</summary>
    public static IReadOnlyList<ParameterStats> Parameters(Module model)
    {
        var layers = NonFinite.LayersOf(model);
        var stats = new List<ParameterStats>();
        for (int i = 0; i < layers.Count; i++)
            foreach (var p in layers[i].Parameters())
                stats.Add(new ParameterStats(i, layers[i].ToString()!, p.Name, Norm(p.Value.Data), Norm(p.Grad.Data)));
        return stats;
    }

    internal static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += (double)v * v;
        return Math.Sqrt(sum);
    }
}

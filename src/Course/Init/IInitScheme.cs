using Course.Tensors;

namespace Course.Init;

/// <summary>
/// A way to draw a layer's initial weights. Schemes are values: pass one to a layer, print it on a chart.
/// A weight matrix of a Linear layer is (fanIn x fanOut).
/// </summary>
public interface IInitScheme
{
    /// <summary>Overwrites <paramref name="weights"/> with a draw from this scheme.</summary>
    void Fill(Matrix weights, int fanIn, int fanOut, Rng rng);

    /// <summary>The standard deviation of a single weight under this scheme.</summary>
    double Std(int fanIn, int fanOut);
}

public static class InitSchemeExtensions
{
    /// <summary>Fills a (fanIn x fanOut) weight matrix: its rows are the fan-in, its columns the fan-out.</summary>
    public static void Fill(this IInitScheme scheme, Matrix weights, Rng rng) =>
        scheme.Fill(weights, weights.Rows, weights.Cols, rng);

    /// <summary>A new (fanIn x fanOut) weight matrix drawn from the scheme.</summary>
    public static Matrix Sample(this IInitScheme scheme, int fanIn, int fanOut, Rng rng)
    {
        var w = new Matrix(fanIn, fanOut);
        scheme.Fill(w, fanIn, fanOut, rng);
        return w;
    }
}

/// <summary>Which fan a He (Kaiming) scheme preserves: the forward signal (fan-in) or the backward gradient (fan-out).</summary>
public enum FanMode { FanIn, FanOut }

/// <summary>
/// The factor that keeps the variance of a signal through an activation: the He scheme multiplies its std by it.
/// </summary>
public static class Gain
{
    public const double Linear = 1;
    public const double Sigmoid = 1;
    public static readonly double Tanh = 5.0 / 3.0;
    public static readonly double Relu = Math.Sqrt(2);

    /// <summary>sqrt(2 / (1 + slope^2)): ReLU's sqrt(2) when the slope is 0, 1 when it is 1 (a linear unit).</summary>
    public static double LeakyRelu(double slope = 0.01) => Math.Sqrt(2 / (1 + slope * slope));
}

using System.Globalization;
using Course.Tensors;

namespace Course.Init;

/// <summary>Every weight 0: all units of a layer compute the same thing and receive the same gradient.</summary>
public sealed record Zeros : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng) => weights.Clear();
    public double Std(int fanIn, int fanOut) => 0;
    public override string ToString() => "Zeros";
}

/// <summary>Every weight <paramref name="Value"/>: as symmetric as zeros, units stay identical.</summary>
public sealed record Constant(double Value) : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng) => weights.Fill((float)Value);
    public double Std(int fanIn, int fanOut) => 0;
    public override string ToString() => $"Constant ({F(Value)})";
    internal static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}

/// <summary>N(0, std^2), whatever the layer's size: the "plain randn" of the variance-explosion lesson when std = 1.</summary>
public sealed record Normal(double StdDev) : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng) => rng.FillNormal(weights.Data, 0, (float)StdDev);
    public double Std(int fanIn, int fanOut) => StdDev;
    public override string ToString() => $"Normal (std {Constant.F(StdDev)})";
}

/// <summary>U(-bound, bound), whose std is bound / sqrt(3).</summary>
public sealed record Uniform(double Bound) : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng) => rng.FillUniform(weights.Data, -(float)Bound, (float)Bound);
    public double Std(int fanIn, int fanOut) => Bound / Math.Sqrt(3);
    public override string ToString() => $"Uniform (bound {Constant.F(Bound)})";
}

/// <summary>Xavier (Glorot) uniform: bound gain * sqrt(6 / (n_in + n_out)), so Var = gain^2 * 2 / (n_in + n_out).</summary>
public sealed record XavierUniform(double Gain = 1) : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng)
    {
        float bound = (float)(Std(fanIn, fanOut) * Math.Sqrt(3));
        rng.FillUniform(weights.Data, -bound, bound);
    }
    public double Std(int fanIn, int fanOut) => Gain * Math.Sqrt(2.0 / (fanIn + fanOut));
    public override string ToString() => $"Xavier uniform (bound {GainText(Gain)}sqrt(6/(n_in+n_out)))";
    internal static string GainText(double gain) => gain == 1 ? "" : Constant.F(gain) + "*";
}

/// <summary>Xavier (Glorot) normal: std gain * sqrt(2 / (n_in + n_out)), the compromise between the forward and backward conditions.</summary>
public sealed record XavierNormal(double Gain = 1) : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng) =>
        rng.FillNormal(weights.Data, 0, (float)Std(fanIn, fanOut));
    public double Std(int fanIn, int fanOut) => Gain * Math.Sqrt(2.0 / (fanIn + fanOut));
    public override string ToString() => $"Xavier normal (std {XavierUniform.GainText(Gain)}sqrt(2/(n_in+n_out)))";
}

/// <summary>
/// He (Kaiming) normal: std gain / sqrt(fan), sqrt(2/n) with the default gain sqrt(2) (<see cref="Init.Gain.Relu"/>),
/// which makes up for ReLU zeroing half the signal's variance.
/// </summary>
public sealed record HeNormal(double Gain = 1.4142135623730951, FanMode Mode = FanMode.FanIn) : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng) =>
        rng.FillNormal(weights.Data, 0, (float)Std(fanIn, fanOut));
    public double Std(int fanIn, int fanOut) => Gain / Math.Sqrt(Mode == FanMode.FanIn ? fanIn : fanOut);
    public override string ToString() => $"He normal (std {HeUniform.Describe(Gain, Mode)})";
}

/// <summary>He (Kaiming) uniform: bound gain * sqrt(3 / fan), the same variance as <see cref="HeNormal"/> (default gain sqrt(2)).</summary>
public sealed record HeUniform(double Gain = 1.4142135623730951, FanMode Mode = FanMode.FanIn) : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng)
    {
        float bound = (float)(Std(fanIn, fanOut) * Math.Sqrt(3));
        rng.FillUniform(weights.Data, -bound, bound);
    }
    public double Std(int fanIn, int fanOut) => Gain / Math.Sqrt(Mode == FanMode.FanIn ? fanIn : fanOut);
    public override string ToString() => $"He uniform (bound sqrt(3)*{Describe(Gain, Mode)})";

    internal static string Describe(double gain, FanMode mode)
    {
        string n = mode == FanMode.FanIn ? "n_in" : "n_out";
        return Math.Abs(gain - Math.Sqrt(2)) < 1e-12 ? $"sqrt(2/{n})" : $"{Constant.F(gain)}/sqrt({n})";
    }
}

/// <summary>LeCun normal: std 1 / sqrt(n_in), the forward condition n_in * Var[w] = 1 alone (SELU's choice).</summary>
public sealed record LeCunNormal : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng) =>
        rng.FillNormal(weights.Data, 0, (float)Std(fanIn, fanOut));
    public double Std(int fanIn, int fanOut) => 1 / Math.Sqrt(fanIn);
    public override string ToString() => "LeCun normal (std sqrt(1/n_in))";
}

/// <summary>LeCun uniform: bound sqrt(3 / n_in), variance 1 / n_in.</summary>
public sealed record LeCunUniform : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng)
    {
        float bound = (float)Math.Sqrt(3.0 / fanIn);
        rng.FillUniform(weights.Data, -bound, bound);
    }
    public double Std(int fanIn, int fanOut) => 1 / Math.Sqrt(fanIn);
    public override string ToString() => "LeCun uniform (bound sqrt(3/n_in))";
}

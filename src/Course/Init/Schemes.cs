using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.init;

namespace Course.Init;

/// <summary>Every weight 0: all units of a layer compute the same thing and receive the same gradient.</summary>
public sealed record Zeros : IInitScheme
{
    public void Apply(Tensor weight) => Draw(weight, w => init.zeros_(w));
    public double Std(long fanIn, long fanOut) => 0;
    public override string ToString() => "Zeros";

    /// <summary>Runs a torch.nn.init draw on a checked 2-D weight, outside autograd.</summary>
    internal static void Draw(Tensor weight, Func<Tensor, Tensor> draw)
    {
        Initialization.Fans(weight);
        using var noGrad = torch.no_grad();
        draw(weight);
    }

    internal static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}

/// <summary>Every weight <paramref name="Value"/>: as symmetric as zeros, units stay identical.</summary>
public sealed record Constant(double Value) : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.constant_(w, Value));
    public double Std(long fanIn, long fanOut) => 0;
    public override string ToString() => $"Constant ({Zeros.F(Value)})";
}

/// <summary>N(0, std²) whatever the layer's size: <c>randn * std</c>, the "plain randn" of lesson 01 when std = 1.</summary>
public sealed record Normal(double StdDev) : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.normal_(w, 0, StdDev));
    public double Std(long fanIn, long fanOut) => StdDev;
    public override string ToString() => $"Normal (std {Zeros.F(StdDev)})";
}

/// <summary>U(-bound, bound), whose std is bound / sqrt(3).</summary>
public sealed record Uniform(double Bound) : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.uniform_(w, -Bound, Bound));
    public double Std(long fanIn, long fanOut) => Bound / Math.Sqrt(3);
    public override string ToString() => $"Uniform (bound {Zeros.F(Bound)})";
}

/// <summary>Xavier (Glorot) uniform, <c>xavier_uniform_</c>: bound gain·sqrt(6 / (n_in + n_out)), so Var = gain²·2 / (n_in + n_out).</summary>
public sealed record XavierUniform(double Gain = 1) : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.xavier_uniform_(w, Gain));
    public double Std(long fanIn, long fanOut) => Gain * Math.Sqrt(2.0 / (fanIn + fanOut));
    public override string ToString() => $"Xavier uniform (bound {GainText(Gain)}sqrt(6/(n_in+n_out)))";
    internal static string GainText(double gain) => gain == 1 ? "" : Zeros.F(gain) + "*";
}

/// <summary>Xavier (Glorot) normal, <c>xavier_normal_</c>: std gain·sqrt(2 / (n_in + n_out)), the compromise between the forward and backward conditions.</summary>
public sealed record XavierNormal(double Gain = 1) : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.xavier_normal_(w, Gain));
    public double Std(long fanIn, long fanOut) => Gain * Math.Sqrt(2.0 / (fanIn + fanOut));
    public override string ToString() => $"Xavier normal (std {XavierUniform.GainText(Gain)}sqrt(2/(n_in+n_out)))";
}

/// <summary>
/// He (Kaiming) normal, <c>kaiming_normal_</c>: std gain / sqrt(fan) with torch's gain for <paramref name="Nonlinearity"/>
/// (sqrt 2 for ReLU, which zeroes half of a symmetric signal's second moment: sqrt(2/n)).
/// <paramref name="NegativeSlope"/> is leaky ReLU's slope (torch's <c>a</c>).
/// </summary>
public sealed record HeNormal(NonlinearityType Nonlinearity = NonlinearityType.ReLU, FanInOut Mode = FanInOut.FanIn, double NegativeSlope = 0) : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.kaiming_normal_(w, NegativeSlope, Mode, Nonlinearity));
    public double Std(long fanIn, long fanOut) => HeUniform.GainOf(Nonlinearity, NegativeSlope) / Math.Sqrt(Mode == FanInOut.FanIn ? fanIn : fanOut);
    public override string ToString() => $"He normal (std {HeUniform.Describe(Nonlinearity, Mode, NegativeSlope)})";
}

/// <summary>He (Kaiming) uniform, <c>kaiming_uniform_</c>: bound sqrt(3)·gain / sqrt(fan), the same variance as <see cref="HeNormal"/>.</summary>
public sealed record HeUniform(NonlinearityType Nonlinearity = NonlinearityType.ReLU, FanInOut Mode = FanInOut.FanIn, double NegativeSlope = 0) : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.kaiming_uniform_(w, NegativeSlope, Mode, Nonlinearity));
    public double Std(long fanIn, long fanOut) => GainOf(Nonlinearity, NegativeSlope) / Math.Sqrt(Mode == FanInOut.FanIn ? fanIn : fanOut);
    public override string ToString() => $"He uniform (bound sqrt(3)*{Describe(Nonlinearity, Mode, NegativeSlope)})";

    internal static double GainOf(NonlinearityType nonlinearity, double slope) => init.calculate_gain(nonlinearity, slope);

    internal static string Describe(NonlinearityType nonlinearity, FanInOut mode, double slope)
    {
        string n = mode == FanInOut.FanIn ? "n_in" : "n_out";
        return nonlinearity == NonlinearityType.ReLU ? $"sqrt(2/{n})" : $"{Zeros.F(GainOf(nonlinearity, slope))}/sqrt({n})";
    }
}

/// <summary>LeCun normal: std 1 / sqrt(n_in), the forward condition n_in·Var[w] = 1 alone (SELU's choice);
/// torch draws it as <c>kaiming_normal_</c> with the linear gain.</summary>
public sealed record LeCunNormal : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.kaiming_normal_(w, 0, FanInOut.FanIn, NonlinearityType.Linear));
    public double Std(long fanIn, long fanOut) => 1 / Math.Sqrt(fanIn);
    public override string ToString() => "LeCun normal (std sqrt(1/n_in))";
}

/// <summary>LeCun uniform: bound sqrt(3 / n_in), variance 1 / n_in (<c>kaiming_uniform_</c> with the linear gain).</summary>
public sealed record LeCunUniform : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.kaiming_uniform_(w, 0, FanInOut.FanIn, NonlinearityType.Linear));
    public double Std(long fanIn, long fanOut) => 1 / Math.Sqrt(fanIn);
    public override string ToString() => "LeCun uniform (bound sqrt(3/n_in))";
}

/// <summary>
/// A random (semi-)orthogonal matrix times <paramref name="Gain"/>, <c>orthogonal_</c>: every singular value equals the gain,
/// so a deep linear stack neither grows nor shrinks any direction. Each weight has variance gain² / max(n_in, n_out).
/// </summary>
public sealed record Orthogonal(double Gain = 1) : IInitScheme
{
    public void Apply(Tensor weight) => Zeros.Draw(weight, w => init.orthogonal_(w, Gain));
    public double Std(long fanIn, long fanOut) => Gain / Math.Sqrt(Math.Max(fanIn, fanOut));
    public override string ToString() => $"Orthogonal (gain {Zeros.F(Gain)})";
}

/// <summary>The gains torch uses (<c>torch.nn.init.calculate_gain</c>), by name, for charts and derivations.</summary>
public static class Gain
{
    public static double Linear => init.calculate_gain(NonlinearityType.Linear);
    public static double Sigmoid => init.calculate_gain(NonlinearityType.Sigmoid);
    public static double Tanh => init.calculate_gain(NonlinearityType.Tanh);
    public static double Relu => init.calculate_gain(NonlinearityType.ReLU);
    public static double LeakyRelu(double slope = 0.01) => init.calculate_gain(NonlinearityType.LeakyReLU, slope);
}

using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.init;

namespace Course.Models;

/// <summary>
/// An activation as the experiments see it: a name for charts, a fresh <c>torch.nn</c> module per layer (none for
/// the identity), torch's gain for it (<c>calculate_gain</c>), and which outputs count as saturated, where the
/// local derivative has all but vanished: tanh beyond ±0.97, sigmoid within 0.03 of 0 or 1.
/// </summary>
public sealed class Activation
{
    /// <summary>|tanh| above this counts as saturated (tanh' = 1 - t² below 0.06).</summary>
    public const double TanhSaturation = 0.97;

    /// <summary>A sigmoid output within this of 0 or 1 counts as saturated (σ' below 0.03).</summary>
    public const double SigmoidSaturation = 0.03;

    private readonly Func<Module<Tensor, Tensor>>? _create;
    private readonly Func<Tensor, Tensor>? _saturated;

    private Activation(string name, NonlinearityType nonlinearity, Func<Module<Tensor, Tensor>>? create,
        Func<Tensor, Tensor>? saturated = null, double slope = 0)
    {
        Name = name;
        Nonlinearity = nonlinearity;
        NegativeSlope = slope;
        _create = create;
        _saturated = saturated;
    }

    public string Name { get; }

    /// <summary>The nonlinearity torch.nn.init knows this activation as (for <c>kaiming_*</c> and <c>calculate_gain</c>).</summary>
    public NonlinearityType Nonlinearity { get; }

    /// <summary>Leaky ReLU's slope for negative inputs; 0 otherwise.</summary>
    public double NegativeSlope { get; }

    /// <summary>torch's gain: the factor on the weight std that keeps this activation's signal variance.</summary>
    public double Gain => init.calculate_gain(Nonlinearity, NegativeSlope);

    /// <summary>A new activation layer, or null for the identity (a purely linear stack).</summary>
    public Module<Tensor, Tensor>? Create() => _create?.Invoke();

    /// <summary>A boolean tensor: true where <paramref name="output"/> of this activation is saturated; null when it never saturates.</summary>
    public Tensor? Saturated(Tensor output) => _saturated?.Invoke(output);

    public static Activation Identity { get; } = new("identity", NonlinearityType.Linear, null);
    public static Activation Tanh { get; } = new("tanh", NonlinearityType.Tanh, () => nn.Tanh(), y => y.abs() > TanhSaturation);
    public static Activation Sigmoid { get; } = new("sigmoid", NonlinearityType.Sigmoid, () => nn.Sigmoid(),
        y => (y < SigmoidSaturation).logical_or(y > 1 - SigmoidSaturation));
    public static Activation Relu { get; } = new("ReLU", NonlinearityType.ReLU, () => nn.ReLU());

    public static Activation LeakyRelu(double slope = 0.01) =>
        new($"leaky ReLU ({slope.ToString(CultureInfo.InvariantCulture)})", NonlinearityType.LeakyReLU, () => nn.LeakyReLU(slope), slope: slope);

    /// <summary>The activation a layer is, by its torch.nn type (Tanh, Sigmoid, ReLU, LeakyReLU), or null.</summary>
    public static Activation? Of(nn.Module module) => module switch
    {
        TorchSharp.Modules.Tanh => Tanh,
        TorchSharp.Modules.Sigmoid => Sigmoid,
        TorchSharp.Modules.ReLU => Relu,
        TorchSharp.Modules.LeakyReLU leaky => LeakyRelu(leaky.negative_slope),
        _ => null,
    };

    public override string ToString() => Name;
}

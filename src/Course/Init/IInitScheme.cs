using TorchSharp;
using static TorchSharp.torch;

namespace Course.Init;

/// <summary>
/// A way to draw a layer's initial weights, as a value: sweep a list of them, print one on a chart.
/// Every scheme draws through <c>torch.nn.init</c>, from torch's global generator (<c>torch.manual_seed</c>).
/// A weight is stored as <c>nn.Linear</c> stores it: (fan-out x fan-in).
/// </summary>
public interface IInitScheme
{
    /// <summary>Overwrites <paramref name="weight"/> in place with a draw from this scheme.</summary>
    void Apply(Tensor weight);

    /// <summary>The standard deviation of one weight of a (fanOut x fanIn) layer under this scheme.</summary>
    double Std(long fanIn, long fanOut);
}

/// <summary>Applying a scheme to a whole model.</summary>
public static class Initialization
{
    /// <summary>
    /// Draws the weight of every <c>nn.Linear</c> in <paramref name="model"/> (nested ones included) from
    /// <paramref name="scheme"/> and sets its bias to 0. Returns the model, so it chains after a constructor.
    /// </summary>
    public static T InitWith<T>(this T model, IInitScheme scheme) where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scheme);
        using var noGrad = torch.no_grad();
        // TorchSharp's modules() lists the submodules only, not the model itself (PyTorch's includes it).
        foreach (var module in model.modules().Prepend(model))
        {
            if (module is not TorchSharp.Modules.Linear linear)
                continue;
            scheme.Apply(linear.weight!);
            if (linear.bias is { } bias)
                nn.init.zeros_(bias);
        }
        return model;
    }

    /// <summary>(fan-in, fan-out) of a weight as torch counts them: columns and rows of a (out x in) matrix.</summary>
    public static (long FanIn, long FanOut) Fans(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.dim() != 2)
            throw new ArgumentException($"An init scheme draws a 2-D (fan-out x fan-in) weight, but a tensor of shape [{string.Join(", ", weight.shape)}] came.", nameof(weight));
        return (weight.shape[1], weight.shape[0]);
    }
}

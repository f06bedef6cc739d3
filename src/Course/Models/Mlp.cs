using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using TorchSharp.Modules;
using static TorchSharp.torch.nn.init;

namespace Course.Models;

/// <summary>
/// The course's networks, as plain <c>torch.nn.Sequential</c> stacks with named layers ("linear1", "relu1",
/// "batchnorm1", "dropout1", ..., "linear3"), so probes and charts can say which layer they mean.
/// </summary>
public static class Mlp
{
    /// <summary>
    /// Linear layers of the given widths (inputs first, classes last) with <paramref name="activation"/> (ReLU by default)
    /// after every hidden one, optionally batch norm before each activation and dropout after it. Weights come from
    /// nn.Linear's own init under torch's global seed; re-draw them with <c>InitWith</c>.
    /// <code>var model = Mlp.Build([784, 256, 256, 10]);</code>
    /// </summary>
    public static Sequential Build(IReadOnlyList<long> widths, Activation? activation = null, bool batchNorm = false, double dropout = 0)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2 || widths.Any(w => w < 1))
            throw new ArgumentException($"An MLP needs at least an input and an output width, all 1 or more, but [{string.Join(", ", widths)}] came.", nameof(widths));
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), $"The dropout probability lies in [0, 1), but {dropout} came.");
        activation ??= Activation.Relu;
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = 1; i < widths.Count; i++)
        {
            layers.Add(($"linear{i}", Linear(widths[i - 1], widths[i])));
            if (i == widths.Count - 1)
                break;
            if (batchNorm)
                layers.Add(($"batchnorm{i}", BatchNorm1d(widths[i])));
            if (activation.Create() is { } act)
                layers.Add(($"{Slug(activation)}{i}", act));
            if (dropout > 0)
                layers.Add(($"dropout{i}", Dropout(dropout)));
        }
        return Sequential(layers);
    }

    /// <summary>
    /// <paramref name="depth"/> square layers of <paramref name="width"/> units, each Linear (without bias unless asked)
    /// then <paramref name="activation"/>; with <paramref name="residual"/>, each layer adds its input back (x + f(x W)),
    /// with <paramref name="batchNorm"/>, a BatchNorm1d sits between the product and the activation.
    /// The deep nets of lessons 01, 02 and 06.
    /// </summary>
    public static Sequential DeepStack(long width, int depth, Activation activation, bool bias = false, bool residual = false, bool batchNorm = false)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (width < 1 || depth < 1)
            throw new ArgumentException($"A deep stack needs width and depth of at least 1, but width {width} and depth {depth} came.");
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = 1; i <= depth; i++)
        {
            var parts = new List<(string, Module<Tensor, Tensor>)> { ("linear", Linear(width, width, hasBias: bias)) };
            if (batchNorm)
                parts.Add(("batchnorm", BatchNorm1d(width)));
            if (activation.Create() is { } act)
                parts.Add((Slug(activation), act));
            Module<Tensor, Tensor> layer = parts.Count == 1 ? parts[0].Item2 : Sequential(parts);
            layers.Add(($"layer{i}", residual ? new Residual(layer) : layer));
        }
        return Sequential(layers);
    }

    private static string Slug(Activation activation) => activation.Nonlinearity switch
    {
        NonlinearityType.LeakyReLU => "leakyrelu",
        NonlinearityType.ReLU => "relu",
        NonlinearityType.Tanh => "tanh",
        NonlinearityType.Sigmoid => "sigmoid",
        _ => "activation",
    };
}

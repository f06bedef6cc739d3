using Course.Init;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// Per-layer statistics of one deep stack. Index l describes the signal after layer l; index 0 is the input.
/// <see cref="GradientStd"/>[l] is the std of dLoss/d(output of layer l) when an N(0, 1) gradient enters at the top;
/// it is NaN everywhere when the run was forward only, or when the forward pass overflowed (<see cref="FirstNonFiniteLayer"/>).
/// <see cref="Kept"/> holds the activations of the layers asked for, for histograms.
/// </summary>
public sealed record SignalProfile(
    string Activation, string Scheme, int Width, int Depth, int Batch,
    double[] ActivationMean, double[] ActivationStd, double[] SaturatedFraction, double[] GradientStd,
    int? FirstNonFiniteLayer, IReadOnlyDictionary<int, float[]> Kept)
{
    public double FinalMean => ActivationMean[Depth];
    public double FinalStd => ActivationStd[Depth];
    public double FinalSaturatedFraction => SaturatedFraction[Depth];

    /// <summary>The std of the gradient that reaches the input after flowing down through every layer.</summary>
    public double InputGradientStd => GradientStd[0];

    public override string ToString() => $"{Activation} + {Scheme}, {Depth} layers of width {Width}";
}

/// <summary>
/// One layer, both directions: the measured Var[o] next to n_in·Var[x]·Var[w] (forward) and the measured Var[dx]
/// next to n_out·Var[dy]·Var[w] (backward). The gains say how much each direction multiplies the variance by.
/// </summary>
public sealed record OneLayerVariance(int FanIn, int FanOut, double InputVariance, double WeightVariance, double OutputVariance,
    double OutputGradientVariance, double InputGradientVariance)
{
    public double ForwardPredicted => FanIn * InputVariance * WeightVariance;
    public double ForwardRatio => OutputVariance / ForwardPredicted;
    public double BackwardPredicted => FanOut * OutputGradientVariance * WeightVariance;
    public double BackwardRatio => InputGradientVariance / BackwardPredicted;

    /// <summary>Var[o] / Var[x]: n_in·Var[w] in theory.</summary>
    public double ForwardGain => OutputVariance / InputVariance;

    /// <summary>Var[dx] / Var[dy]: n_out·Var[w] in theory.</summary>
    public double BackwardGain => InputGradientVariance / OutputGradientVariance;
}

/// <summary>
/// How a signal and its gradient travel through a deep stack of square layers h ← f(h Wᵀ), a fresh W per layer drawn
/// by an init scheme (through torch.nn.init) and f a torch activation module; autograd carries the gradient back.
/// </summary>
public static class SignalPropagation
{
    /// <summary>
    /// Pushes a (batch x width) N(0, 1) input up <paramref name="depth"/> fresh layers and records each layer's output mean,
    /// std and saturated share; then, when <paramref name="backward"/>, sends an N(0, 1) gradient down from the top with
    /// <c>backward(gradient)</c> and records the std of the gradient reaching every layer's output. Draws from torch's
    /// global generator (seed it first; <see cref="Seeds.Run{T}"/> does). <paramref name="keep"/> names layers whose
    /// activations are copied into <see cref="SignalProfile.Kept"/>.
    /// </summary>
    public static SignalProfile Run(Activation activation, IInitScheme scheme, int width = 256, int depth = 100, int batch = 16,
        bool backward = true, IReadOnlyCollection<int>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(scheme);
        if (width < 1 || depth < 1 || batch < 1)
            throw new ArgumentException($"Run needs width, depth and batch >= 1, but width {width}, depth {depth} and batch {batch} came.");
        using var scope = NewDisposeScope();
        using var grad = backward ? null : no_grad();
        var input = randn(batch, width, requires_grad: backward);
        var outputs = new List<Tensor> { input };
        var h = input;
        for (int layer = 1; layer <= depth; layer++)
        {
            var w = empty(width, width);
            scheme.Apply(w);
            var z = h.matmul(w.t());
            h = activation.Create() is { } f ? f.call(z) : z;
            if (backward)
                h.retain_grad();
            outputs.Add(h);
        }

        var all = stack(outputs.Select(o => o.detach()).ToArray());            // (depth + 1) x batch x width
        var finite = all.isfinite().reshape(depth + 1, -1).all(1).data<bool>().ToArray();
        int? firstNonFinite = Array.IndexOf(finite, false) is var at and >= 0 ? at : null;
        var flat = all.reshape(depth + 1, -1).to(float64);
        var mean = flat.mean([1]).data<double>().ToArray();
        var std = flat.std(1, unbiased: false).data<double>().ToArray();
        var saturated = activation.Saturated(all) is { } mask
            ? mask.reshape(depth + 1, -1).to(float64).mean([1]).data<double>().ToArray()
            : new double[depth + 1];
        saturated[0] = 0;   // the input is not an activation

        var gradientStd = Enumerable.Repeat(double.NaN, depth + 1).ToArray();
        // After an overflow the backward pass would multiply through inf and NaN: no gradient means anything then.
        if (backward && firstNonFinite is null)
        {
            h.backward([randn_like(h)]);
            gradientStd = stack(outputs.Select(o => o.grad!.to(float64).std(unbiased: false)).ToArray()).data<double>().ToArray();
        }
        var kept = (keep ?? []).Where(l => l >= 0 && l <= depth).Distinct()
            .ToDictionary(l => l, l => outputs[l].detach().data<float>().ToArray());
        return new SignalProfile(activation.Name, scheme.ToString()!, width, depth, batch, mean, std, saturated, gradientStd, firstNonFinite, kept);
    }

    /// <summary>
    /// One bias-free nn.Linear layer drawn by <paramref name="scheme"/>: o = layer(x) forward, then an N(0, 1) gradient dy
    /// backward through autograd, dx = x.grad. Every variance is taken from the actual draws. The derivation only needs
    /// x (or dy) and w independent with mean 0, so <paramref name="input"/> may come from any zero-mean distribution.
    /// </summary>
    public static OneLayerVariance OneLayer(Tensor input, IInitScheme scheme, int fanOut)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(scheme);
        if (input.dim() != 2)
            throw new ArgumentException($"The input is (examples x features), but shape [{string.Join(", ", input.shape)}] came.", nameof(input));
        using var scope = NewDisposeScope();
        using var layer = nn.Linear(input.shape[1], fanOut, hasBias: false).InitWith(scheme);
        var x = input.detach().clone().requires_grad_();
        var o = layer.call(x);
        var dy = randn_like(o);
        o.backward([dy]);
        static double Var(Tensor t) => t.detach().to(float64).var(unbiased: false).item<double>();
        return new OneLayerVariance((int)input.shape[1], fanOut, Var(x), Var(layer.weight!), Var(o), Var(dy), Var(x.grad!));
    }
}

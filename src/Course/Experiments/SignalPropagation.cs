using Course.Init;
using Course.Nn;
using Course.Tensors;

namespace Course.Experiments;

/// <summary>
/// Per-layer statistics of one deep stack. Index l describes the signal after layer l; index 0 is the input.
/// <see cref="GradientStd"/>[l] is the std of dLoss/d(output of layer l) when a unit-variance gradient enters at the top.
/// </summary>
public sealed record SignalProfile(
    string Activation, string Scheme, int Width, int Depth, int Batch,
    double[] ActivationMean, double[] ActivationStd, double[] SaturatedFraction, double[] GradientStd,
    int? FirstNonFiniteLayer)
{
    public double FinalMean => ActivationMean[Depth];
    public double FinalStd => ActivationStd[Depth];
    public double FinalSaturatedFraction => SaturatedFraction[Depth];

    /// <summary>The std of the gradient that reaches the input after flowing down through every layer.</summary>
    public double InputGradientStd => GradientStd[0];

    public override string ToString() => $"{Activation} + {Scheme}, {Depth} layers of width {Width}";
}

/// <summary>
/// One layer, both directions: the measured Var[o] next to n_in Var[x] Var[w] (forward) and the measured Var[dx]
/// next to n_out Var[dy] Var[w] (backward). The gains say how much each direction multiplies the variance by.
/// </summary>
public sealed record OneLayerVariance(int FanIn, int FanOut, double InputVariance, double WeightVariance, double OutputVariance,
    double OutputGradientVariance, double InputGradientVariance)
{
    public double ForwardPredicted => FanIn * InputVariance * WeightVariance;
    public double ForwardRatio => OutputVariance / ForwardPredicted;
    public double BackwardPredicted => FanOut * OutputGradientVariance * WeightVariance;
    public double BackwardRatio => InputGradientVariance / BackwardPredicted;

    /// <summary>Var[o] / Var[x]: n_in Var[w] in theory.</summary>
    public double ForwardGain => OutputVariance / InputVariance;

    /// <summary>Var[dx] / Var[dy]: n_out Var[w] in theory.</summary>
    public double BackwardGain => InputGradientVariance / OutputGradientVariance;
}

/// <summary>
/// How a signal and its gradient travel through a deep stack of Linear (no bias) + activation layers, each layer
/// square (width x width) with its weights drawn by an init scheme. The stack is built from the library's own
/// modules and measured with their real Forward and Backward passes.
/// </summary>
public static class SignalPropagation
{
    /// <summary>depth x (Linear(width, width, scheme, no bias), then the activation unless it is the identity).</summary>
    public static Sequential Build(Nonlinearity activation, IInitScheme scheme, int width, int depth, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(rng);
        if (width < 1 || depth < 1)
            throw new ArgumentException($"A stack needs width >= 1 and depth >= 1, but got width {width} and depth {depth}.");
        var layers = new List<Module>();
        for (int l = 0; l < depth; l++)
        {
            layers.Add(new Linear(width, width, rng, scheme, bias: false));
            if (activation.CreateLayer() is { } a) layers.Add(a);
        }
        return new Sequential([.. layers]);
    }

    /// <summary>
    /// Pushes a (batch x width) N(0, 1) input up a fresh stack and records each layer's output mean, std and saturated
    /// fraction; then, when <paramref name="backward"/>, sends an N(0, 1) gradient down and records its std at every layer.
    /// Without the backward pass nothing needs keeping: one layer is redrawn again and again, as the seed's loop does.
    /// Either way the input is drawn first, then the weights layer by layer, so the forward numbers are the same.
    /// </summary>
    public static SignalProfile Run(Nonlinearity activation, IInitScheme scheme, int width, int depth, int batch, Rng rng,
        bool backward = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (width < 1 || depth < 1 || batch < 1)
            throw new ArgumentException($"Run needs width, depth and batch >= 1, but got width {width}, depth {depth}, batch {batch}.");
        var mean = new double[depth + 1];
        var std = new double[depth + 1];
        var saturated = new double[depth + 1];
        var gradStd = new double[depth + 1];
        Array.Fill(gradStd, double.NaN);
        int? firstNonFinite = null;
        void Record(int layer, Matrix y)
        {
            (mean[layer], std[layer]) = Moments(y.Data);
            saturated[layer] = layer == 0 ? 0 : SaturatedFraction(y.Data, activation);
            if (firstNonFinite is null && !y.IsFinite()) firstNonFinite = layer;
        }

        var x = rng.Normal(batch, width);
        Record(0, x);
        if (!backward)
        {
            var linear = new Linear(width, width, rng, scheme, bias: false);
            var nonlinear = activation.CreateLayer();
            var h = x;
            for (int l = 1; l <= depth; l++)
            {
                if (l > 1) scheme.Fill(linear.Weight.Value, rng);
                // Linear writes into a buffer of its own: with no activation in between, its input would be that buffer.
                h = linear.Forward(nonlinear is null && l > 1 ? h.Clone() : h, training: false);
                if (nonlinear is not null) h = nonlinear.Forward(h, training: false);
                Record(l, h);
            }
        }
        else
        {
            var stack = Build(activation, scheme, width, depth, rng);
            int stride = stack.Count / depth; // modules per layer: 1 (linear only) or 2
            stack.Forward(x, training: false);
            for (int l = 1; l <= depth; l++) Record(l, stack[l * stride - 1].Output!);

            var top = rng.Normal(batch, width);
            stack.Backward(top);
            // The gradient reaching layer l's output is what layer l + 1's Linear handed down as its input gradient.
            for (int l = 0; l < depth; l++) gradStd[l] = Moments(stack[l * stride].InputGradient!.Data).Std;
            gradStd[depth] = Moments(top.Data).Std;
        }
        return new SignalProfile(activation.Name, scheme.ToString()!, width, depth, batch,
            mean, std, saturated, gradStd, firstNonFinite);
    }

    /// <summary>
    /// One Linear layer (no bias) drawn by <paramref name="scheme"/>: o = x W forward, then an N(0, 1) gradient dy
    /// backward, dx = dy W^T. Every variance is taken from the actual draws. The derivation only needs x (or dy) and
    /// w independent with mean 0, so <paramref name="input"/> may come from any zero-mean distribution.
    /// </summary>
    public static OneLayerVariance OneLayer(Matrix input, IInitScheme scheme, int fanOut, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(input);
        var layer = new Linear(input.Cols, fanOut, rng, scheme, bias: false);
        var o = layer.Forward(input, training: false);
        var dy = rng.Normal(input.Rows, fanOut);
        var dx = layer.Backward(dy);
        static double Var(Matrix m) => Math.Pow(Moments(m.Data).Std, 2);
        return new OneLayerVariance(input.Cols, fanOut, Var(input), Var(layer.Weight.Value), Var(o), Var(dy), Var(dx));
    }

    /// <summary>Mean and population std, summed in double.</summary>
    public static (double Mean, double Std) Moments(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        double mean = sum / values.Length, squares = 0;
        foreach (var v in values) squares += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(squares / values.Length));
    }

    private static double SaturatedFraction(ReadOnlySpan<float> outputs, Nonlinearity activation)
    {
        int count = 0;
        foreach (var y in outputs) if (activation.IsSaturated(y)) count++;
        return (double)count / outputs.Length;
    }
}

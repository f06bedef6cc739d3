using Course.Init;
using Course.Nn;
using Course.Tensors;

namespace Course.Experiments;

/// <summary>
/// Per-layer statistics of one deep stack. Index l describes the signal after layer l; index 0 is the input.
/// <see cref="GradientStd"/>[l] is the std of dLoss/d(output of layer l) when a unit-variance gradient enters at the top;
/// it is NaN everywhere when the run was forward only, or when the forward pass overflowed (<see cref="FirstNonFiniteLayer"/>).
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
/// How a signal and its gradient travel through a deep stack of square layers h = f(h W), W drawn by an init scheme
/// and f an activation module (its real Forward and Backward). Each layer is a Linear without bias written out:
/// forward h W, backward dY W^T, the products Linear.cs computes, minus the weight gradient nobody needs here.
/// </summary>
public static class SignalPropagation
{
    /// <summary>
    /// Pushes a (batch x width) N(0, 1) input up <paramref name="depth"/> fresh layers and records each layer's output
    /// mean, std and saturated fraction; then, when <paramref name="backward"/>, sends an N(0, 1) gradient down from the
    /// top and records its std at every layer. Draws come in order (the input, then layer after layer), so a shallower
    /// stack with the same seed is the start of a deeper one.
    /// </summary>
    public static SignalProfile Run(Nonlinearity activation, IInitScheme scheme, int width, int depth, int batch, Rng rng,
        bool backward = true)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(rng);
        if (width < 1 || depth < 1 || batch < 1)
            throw new ArgumentException($"Run needs width, depth and batch >= 1, but got width {width}, depth {depth}, batch {batch}.");
        var mean = new double[depth + 1];
        var std = new double[depth + 1];
        var saturated = new double[depth + 1];
        int? firstNonFinite = null;
        void Record(int layer, Matrix y)
        {
            (mean[layer], std[layer]) = Matrix.Moments(y.Data);
            saturated[layer] = layer == 0 ? 0 : SaturatedFraction(y.Data, activation);
            if (firstNonFinite is null && !y.IsFinite()) firstNonFinite = layer;
        }

        // Each layer draws its weights from a seed of its own, so the backward pass redraws them into the same buffer:
        // keeping a hundred large weight matrices alive costs the garbage collector more than drawing twice.
        var w = new Matrix(width, width);
        void DrawWeights(ulong layerSeed) => scheme.Fill(w, new Rng(layerSeed));
        var layerSeeds = new ulong[depth];
        var activations = new Module?[depth];

        var h = rng.Normal(batch, width);
        Record(0, h);
        for (int l = 0; l < depth; l++)
        {
            DrawWeights(layerSeeds[l] = rng.NextULong());
            var z = new Matrix(batch, width);
            Gemm.Multiply(h, w, z);
            activations[l] = activation.CreateLayer();
            h = activations[l]?.Forward(z, training: false) ?? z;
            Record(l + 1, h);
        }

        var gradStd = new double[depth + 1];
        Array.Fill(gradStd, double.NaN);
        // After an overflow the backward pass would multiply through inf and NaN: no gradient means anything then.
        if (backward && firstNonFinite is null)
        {
            // g is dLoss/d(output of layer l): back through the activation, then through W to the layer below.
            var g = rng.Normal(batch, width);
            for (int l = depth; l >= 1; l--)
            {
                gradStd[l] = Matrix.Moments(g.Data).Std;
                var dz = activations[l - 1]?.Backward(g) ?? g;
                DrawWeights(layerSeeds[l - 1]);
                var below = new Matrix(batch, width);
                Gemm.Multiply(dz, w, below, transposeB: true);
                g = below;
            }
            gradStd[0] = Matrix.Moments(g.Data).Std;
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
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(rng);
        var layer = new Linear(input.Cols, fanOut, rng, scheme, bias: false);
        var o = layer.Forward(input, training: false);
        var dy = rng.Normal(input.Rows, fanOut);
        var dx = layer.Backward(dy);
        static double Var(Matrix m) => Math.Pow(Matrix.Moments(m.Data).Std, 2);
        return new OneLayerVariance(input.Cols, fanOut, Var(input), Var(layer.Weight.Value), Var(o), Var(dy), Var(dx));
    }

    private static double SaturatedFraction(ReadOnlySpan<float> outputs, Nonlinearity activation)
    {
        int count = 0;
        foreach (var y in outputs) if (activation.IsSaturated(y)) count++;
        return (double)count / outputs.Length;
    }
}

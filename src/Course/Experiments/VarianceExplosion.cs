using Course.Init;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// Lesson 01's experiments. One linear layer y = W x multiplies the variance of its input by n·Var[w]; a deep stack
/// multiplies it once per layer, so unscaled weights overflow float32 within a few dozen layers while weights scaled
/// by 1/sqrt(n) do not. A constant or zero start makes every hidden unit identical.
/// </summary>
public static class VarianceExplosion
{
    /// <summary>
    /// x ← W x, <paramref name="depth"/> times, in float32: x ~ N(0, 1) of <paramref name="width"/> values, each W of
    /// <c>torch.randn(width, width)</c> draws times <paramref name="scale"/>. With <paramref name="freshWeights"/>, every
    /// layer draws its own W, as a network's layers do; without it, one W is drawn and reused, as the seed's snippet does.
    /// Draws from torch's global generator: call <c>torch.manual_seed</c> first (<see cref="Seeds.Run{T}"/> does).
    /// </summary>
    public static ProductRun Stack(double scale, int width = 256, int depth = 100, bool freshWeights = true) =>
        Stack([scale], width, depth, freshWeights)[0];

    /// <summary>
    /// The same stack at several scales from the same draws (one x, the same W at every layer, times each scale), so a
    /// comparison between scales shows the scale alone. Drawing is what costs: this is as fast as one scale.
    /// </summary>
    public static ProductRun[] Stack(IReadOnlyList<double> scales, int width = 256, int depth = 100, bool freshWeights = true)
    {
        ArgumentNullException.ThrowIfNull(scales);
        if (width < 2 || depth < 1)
            throw new ArgumentException($"A stack needs width >= 2 and depth >= 1, but width {width} and depth {depth} came.");
        if (scales.Count == 0 || scales.Any(s => !(s > 0) || double.IsInfinity(s)))
            throw new ArgumentOutOfRangeException(nameof(scales), $"Each weight scale must be a finite number above 0, but [{string.Join(", ", scales)}] came.");
        using var scope = NewDisposeScope();
        var start = randn(width);
        var x = scales.Select(_ => start).ToArray();
        var layers = scales.Select(_ => new List<LayerState> { LayerState.Of(0, start) }).ToArray();
        var w = randn(width, width);
        for (int layer = 1; layer <= depth; layer++)
        {
            if (freshWeights && layer > 1)
                w = randn(width, width);
            for (int s = 0; s < scales.Count; s++)
            {
                x[s] = (w * scales[s]).matmul(x[s]);
                layers[s].Add(LayerState.Of(layer, x[s]));
            }
        }
        return [.. scales.Select((scale, s) => new ProductRun(scale, width, freshWeights, layers[s]))];
    }

    /// <summary>
    /// The seed's one-layer experiment, batched: <paramref name="trials"/> fresh x ~ N(0, 1) and W ~ N(0, 1) of width n, y = W x.
    /// Averages each trial's mean of y and mean of y² (Var[y], since E[y] = 0) and counts the y outside [-sqrt(n), sqrt(n)].
    /// </summary>
    public static OneLayerTrials OneLayer(int trials, int width = 256)
    {
        if (trials < 1 || width < 2)
            throw new ArgumentException($"OneLayer needs trials >= 1 and width >= 2, but {trials} trials of width {width} came.");
        using var scope = NewDisposeScope();
        var y = randn(trials, width, width).bmm(randn(trials, width, 1)).squeeze(2).to(float64);
        return new OneLayerTrials(trials, width, y.mean().item<double>(), y.square().mean().item<double>(),
            (y.abs() > Math.Sqrt(width)).to(float64).mean().item<double>());
    }

    /// <summary>The chance that a normal value lands more than <paramref name="k"/> standard deviations from its mean:
    /// 2 (1 - Φ(k)) = 1 - erf(k / √2), computed with <c>torch.erf</c> in float64. For k = 1 it is 0.3173.</summary>
    public static double TwoSidedTail(double k)
    {
        if (!(k >= 0) || double.IsInfinity(k))
            throw new ArgumentOutOfRangeException(nameof(k), $"TwoSidedTail takes a finite k >= 0, but {k} came.");
        using var z = tensor(k / Math.Sqrt(2), float64);
        using var erf = torch.erf(z);
        return 1 - erf.item<double>();
    }

    /// <summary>
    /// Trains a 2-<paramref name="hidden"/>-2 network (ReLU unless <paramref name="activation"/> says otherwise) on
    /// <see cref="TinyData"/> with full-batch SGD, both weight matrices drawn by <paramref name="init"/> and biases 0, and
    /// records the hidden layer's weights before training and after every step.
    /// </summary>
    public static SymmetryRun TrainTinyNet(IInitScheme init, int steps = 100, double learningRate = 1.0, int hidden = 4, Activation? activation = null)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (steps < 1 || hidden < 2)
            throw new ArgumentException($"TrainTinyNet needs steps >= 1 and hidden >= 2, but {steps} steps and {hidden} hidden units came.");
        using var scope = NewDisposeScope();
        var (inputs, labels) = TinyData();
        using var model = Mlp.Build([2, hidden, 2], activation ?? Activation.Relu).InitWith(init);
        var first = (TorchSharp.Modules.Linear)model.children().First();
        var sgd = optim.SGD(model.parameters(), learningRate);
        var loss = nn.CrossEntropyLoss();
        var weights = new List<float[,]> { Copy(first.weight!) };
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            sgd.zero_grad();
            var value = loss.call(model.call(inputs), labels);
            value.backward();
            sgd.step();
            losses.Add(value.item<float>());
            weights.Add(Copy(first.weight!));
        }
        return new SymmetryRun(init.ToString()!, weights, losses);
    }

    /// <summary>32 points of the square [-1, 1]², labelled 1 where x₀·x₁ &gt; 0: the XOR pattern, which no single unit can fit.</summary>
    public static (Tensor Inputs, Tensor Labels) TinyData(int count = 32)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"TinyData needs at least one point, but {count} came.");
        var inputs = rand(count, 2) * 2 - 1;
        return (inputs, (inputs.select(1, 0) * inputs.select(1, 1) > 0).to(int64));
    }

    /// <summary>The weight matrix as (input, unit): entry [i, u] is the weight from input i into hidden unit u.</summary>
    private static float[,] Copy(Tensor weight)
    {
        var (units, inputs) = ((int)weight.shape[0], (int)weight.shape[1]);
        var values = weight.detach().data<float>().ToArray();
        var copy = new float[inputs, units];
        for (int u = 0; u < units; u++)
            for (int i = 0; i < inputs; i++)
                copy[i, u] = values[u * inputs + i];
        return copy;
    }
}

/// <summary>
/// The signal after a layer: its std (NaN once any entry is not finite, as a float32 std would be), its largest
/// magnitude (ignoring NaNs; NaN when every entry is NaN), and how many entries are +inf, -inf or NaN.
/// </summary>
public sealed record LayerState(int Layer, double Std, double MaxAbs, int PositiveInfinities, int NegativeInfinities, int NaNs)
{
    public bool IsFinite => PositiveInfinities + NegativeInfinities + NaNs == 0;

    /// <summary>Measures a float32 signal in double precision, in one pass over one copy of its values.</summary>
    public static LayerState Of(int layer, Tensor x)
    {
        var values = x.data<float>().ToArray();
        int plus = 0, minus = 0, nan = 0;
        double sum = 0, squares = 0, maxAbs = 0;
        foreach (float v in values)
        {
            if (float.IsNaN(v)) { nan++; continue; }
            if (float.IsPositiveInfinity(v)) plus++;
            else if (float.IsNegativeInfinity(v)) minus++;
            sum += v;
            squares += (double)v * v;
            maxAbs = Math.Max(maxAbs, Math.Abs(v));
        }
        double mean = sum / values.Length;
        double std = plus + minus + nan > 0 ? double.NaN : Math.Sqrt(Math.Max(0, squares / values.Length - mean * mean));
        return new LayerState(layer, std, nan == values.Length ? double.NaN : maxAbs, plus, minus, nan);
    }
}

/// <summary>One run of the stack. <see cref="Layers"/>[0] is the input, [k] the signal after k layers.</summary>
public sealed record ProductRun(double Scale, int Width, bool FreshWeights, IReadOnlyList<LayerState> Layers)
{
    public int Depth => Layers.Count - 1;

    /// <summary>The std after layers 1..Depth (NaN from the first layer that is not finite): the y values of a per-layer chart.</summary>
    public double[] Stds => [.. Layers.Skip(1).Select(l => l.Std)];

    /// <summary>The first layer whose output holds an infinity (or a NaN), or null when every layer stays finite.</summary>
    public int? FirstInfLayer => Layers.FirstOrDefault(l => !l.IsFinite)?.Layer;

    /// <summary>The first layer whose output holds a NaN, or null. The seed's loop, counting from 0, stops at this minus 1.</summary>
    public int? FirstNaNLayer => Layers.FirstOrDefault(l => l.NaNs > 0)?.Layer;

    /// <summary>True when all <see cref="Depth"/> layers stayed finite.</summary>
    public bool Survived => FirstInfLayer is null;
}

/// <summary>Over all trials: the mean of y, the mean of y², and the share of y with |y| &gt; sqrt(n).</summary>
public sealed record OneLayerTrials(int Trials, int Width, double MeanOfY, double MeanOfYSquared, double FractionOutside)
{
    /// <summary>sqrt(E[y²]): the std of y, since its mean is 0.</summary>
    public double Std => Math.Sqrt(MeanOfYSquared);
}

/// <summary>The hidden layer's weights ([input, unit]) before training and after each step, and the loss at each step.</summary>
public sealed record SymmetryRun(string Init, IReadOnlyList<float[,]> HiddenWeights, IReadOnlyList<double> Losses)
{
    /// <summary>The largest difference, at the end, between any hidden unit's incoming weights and unit 0's: 0 means all identical.</summary>
    public double UnitSpread
    {
        get
        {
            var w = HiddenWeights[^1];
            double spread = 0;
            for (int i = 0; i < w.GetLength(0); i++)
                for (int u = 1; u < w.GetLength(1); u++)
                    spread = Math.Max(spread, Math.Abs(w[i, u] - w[i, 0]));
            return spread;
        }
    }

    /// <summary>The largest change of any hidden weight from its starting value: 0 means the layer never learned.</summary>
    public double Moved
    {
        get
        {
            var (start, end) = (HiddenWeights[0], HiddenWeights[^1]);
            double moved = 0;
            for (int i = 0; i < start.GetLength(0); i++)
                for (int u = 0; u < start.GetLength(1); u++)
                    moved = Math.Max(moved, Math.Abs(end[i, u] - start[i, u]));
            return moved;
        }
    }

    /// <summary>The weight from input <paramref name="input"/> into hidden unit <paramref name="unit"/>, before training and after each step.</summary>
    public double[] WeightHistory(int input, int unit) => [.. HiddenWeights.Select(w => (double)w[input, unit])];
}

using Course.Init;
using Course.Losses;
using Course.Nn;
using Course.Optim;
using Course.Tensors;

namespace Course.Experiments;

/// <summary>
/// Lesson 01's experiments. One linear layer y = W x multiplies the variance of its input by n * Var[w];
/// a deep stack multiplies it once per layer, so unscaled weights overflow float32 within a few dozen layers
/// while weights scaled by 1/sqrt(n) do not. A constant or zero start makes every hidden unit identical.
/// </summary>
public static class VarianceExplosion
{
    /// <summary>
    /// x &lt;- W x, <paramref name="depth"/> times, with ONE W drawn once (as the seed's code does): first x ~ N(0, 1),
    /// then every W_ij ~ N(0, 1) times <paramref name="scale"/>. Float32 throughout, as a GPU computes it.
    /// </summary>
    public static ProductRun RepeatedProduct(ulong seed, double scale, int width = 256, int depth = 100)
    {
        if (width < 2 || depth < 1)
            throw new ArgumentException($"RepeatedProduct needs width >= 2 and depth >= 1, but got width {width} and depth {depth}.");
        if (!(scale > 0) || double.IsInfinity(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), $"The weight scale must be a finite number above 0, but {scale} came.");

        var rng = new Rng(seed);
        var x = new float[width];
        rng.FillNormal(x);
        var w = new float[width * width];
        rng.FillNormal(w, 0, (float)scale);

        var layers = new LayerState[depth + 1];
        layers[0] = LayerState.Of(0, x);
        var y = new float[width];
        for (int layer = 1; layer <= depth; layer++)
        {
            // NaN times anything is NaN: once every entry is NaN, every later layer is all NaN too.
            if (layers[layer - 1].NaNs == width) Array.Fill(y, float.NaN);
            else Multiply(w, x, y);
            (x, y) = (y, x);
            layers[layer] = LayerState.Of(layer, x);
        }
        return new ProductRun(seed, scale, width, layers);
    }

    /// <summary>
    /// y = W x for a square W stored row by row: y_i = sum_j W_ij x_j, one float32 running sum per row, added left
    /// to right. The same order on every machine, so a given seed overflows at the same layer everywhere.
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = x.Length;
        if (w.Length != n * n || y.Length != n)
            throw new ArgumentException(
                $"Multiply needs an ({n}x{n}) W and {n} outputs for {n} inputs, but W has {w.Length} values and y has {y.Length}.");
        int i = 0;
        // Four rows at a time: four independent sums keep the processor busy, and each row is still summed in order.
        for (; i + 4 <= n; i += 4)
        {
            ReadOnlySpan<float> r0 = w.Slice(i * n, n), r1 = w.Slice((i + 1) * n, n), r2 = w.Slice((i + 2) * n, n), r3 = w.Slice((i + 3) * n, n);
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int j = 0; j < n; j++)
            {
                float xj = x[j];
                s0 += r0[j] * xj;
                s1 += r1[j] * xj;
                s2 += r2[j] * xj;
                s3 += r3[j] * xj;
            }
            (y[i], y[i + 1], y[i + 2], y[i + 3]) = (s0, s1, s2, s3);
        }
        for (; i < n; i++)
        {
            var row = w.Slice(i * n, n);
            float sum = 0;
            for (int j = 0; j < n; j++) sum += row[j] * x[j];
            y[i] = sum;
        }
    }

    /// <summary>
    /// The seed's one-layer experiment: per trial a fresh x ~ N(0, 1) and W ~ N(0, 1), y = W x. Averages each trial's
    /// mean of y and mean of y^2 (which is Var[y], since E[y] = 0) and counts the y outside [-sqrt(n), sqrt(n)].
    /// </summary>
    public static OneLayerTrials OneLayer(ulong seed, int trials, int width = 256)
    {
        if (trials < 1 || width < 2)
            throw new ArgumentException($"OneLayer needs trials >= 1 and width >= 2, but got {trials} trials of width {width}.");
        var rng = new Rng(seed);
        var x = new float[width];
        var w = new float[width * width];
        var y = new float[width];
        double bound = Math.Sqrt(width), meanSum = 0, squareSum = 0;
        long outside = 0;
        for (int t = 0; t < trials; t++)
        {
            rng.FillNormal(x);
            rng.FillNormal(w);
            Multiply(w, x, y);
            double sum = 0, squares = 0;
            foreach (float v in y)
            {
                sum += v;
                squares += (double)v * v;
                if (Math.Abs(v) > bound) outside++;
            }
            meanSum += sum / width;
            squareSum += squares / width;
        }
        return new OneLayerTrials(seed, trials, width, meanSum / trials, squareSum / trials, (double)outside / ((long)trials * width));
    }

    /// <summary>
    /// The chance that a normal value lands more than <paramref name="k"/> standard deviations from its mean:
    /// 2 (1 - Phi(k)) = 1 - erf(k / sqrt 2). For k = 1 it is 0.3173.
    /// </summary>
    public static double TwoSidedTail(double k)
    {
        if (!(k >= 0) || k > 8) throw new ArgumentOutOfRangeException(nameof(k), $"TwoSidedTail takes k in [0, 8], but {k} came.");
        return 1 - Erf(k / Math.Sqrt(2));
    }

    /// <summary>erf(z) = 2/sqrt(pi) e^(-z^2) sum_n 2^n z^(2n+1) / (1*3*...*(2n+1)): every term is positive, so no digits cancel.</summary>
    internal static double Erf(double z)
    {
        double term = z, sum = z;
        for (int n = 1; term > 1e-17 * sum; n++)
        {
            term *= 2 * z * z / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z) * sum;
    }

    /// <summary>
    /// Trains a 2-hidden-2 network (ReLU unless <paramref name="activation"/> says otherwise) on <see cref="TinyData"/>
    /// with full-batch SGD. Both weight matrices are drawn by <paramref name="init"/>, biases start at 0. Records the
    /// hidden layer's weights before training and after every step.
    /// </summary>
    public static SymmetryRun TrainTinyNet(IInitScheme init, ulong seed, int steps = 100, double learningRate = 1.0,
        int hidden = 4, Func<Module>? activation = null)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (steps < 1 || hidden < 2)
            throw new ArgumentException($"TrainTinyNet needs steps >= 1 and hidden >= 2, but got {steps} steps and {hidden} hidden units.");
        var rng = new Rng(seed);
        var (inputs, labels) = TinyData(rng);
        var first = new Linear(2, hidden, rng, init);
        var second = new Linear(hidden, 2, rng, init);
        var model = new Sequential(first, activation?.Invoke() ?? new Relu(), second);
        var loss = new SoftmaxCrossEntropy();
        var sgd = new Sgd(model.Parameters(), learningRate);

        var weights = new List<Matrix> { first.Weight.Value.Clone() };
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            sgd.ZeroGrad();
            losses.Add(loss.Forward(model.Forward(inputs, training: true), labels));
            model.Backward(loss.Backward());
            sgd.Step();
            weights.Add(first.Weight.Value.Clone());
        }
        return new SymmetryRun(init.ToString()!, weights, losses);
    }

    /// <summary>Points in the square [-1, 1]^2, labelled 1 where x0 * x1 &gt; 0: the XOR pattern, which no single unit can fit.</summary>
    public static (Matrix Inputs, int[] Labels) TinyData(Rng rng, int count = 32)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"TinyData needs at least one point, but {count} came.");
        var inputs = rng.Uniform(count, 2, -1, 1);
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = inputs[i, 0] * inputs[i, 1] > 0 ? 1 : 0;
        return (inputs, labels);
    }
}

/// <summary>
/// The signal after a layer: its std (NaN once any entry is not finite, as a float32 std would be), its largest
/// magnitude (ignoring NaNs; NaN when every entry is NaN), and how many entries are +inf, -inf or NaN.
/// </summary>
public sealed record LayerState(int Layer, double Std, double MaxAbs, int PositiveInfinities, int NegativeInfinities, int NaNs)
{
    public bool IsFinite => PositiveInfinities + NegativeInfinities + NaNs == 0;

    public static LayerState Of(int layer, ReadOnlySpan<float> x)
    {
        int plus = 0, minus = 0, nan = 0;
        double sum = 0, squares = 0, maxAbs = 0;
        foreach (float v in x)
        {
            if (float.IsNaN(v)) nan++;
            else if (float.IsPositiveInfinity(v)) plus++;
            else if (float.IsNegativeInfinity(v)) minus++;
            sum += v;
            squares += (double)v * v;
            if (!float.IsNaN(v)) maxAbs = Math.Max(maxAbs, Math.Abs(v));
        }
        double mean = sum / x.Length;
        double std = plus + minus + nan == 0 ? Math.Sqrt(Math.Max(0, squares / x.Length - mean * mean)) : double.NaN;
        return new LayerState(layer, std, nan == x.Length ? double.NaN : maxAbs, plus, minus, nan);
    }
}

/// <summary>One run of the repeated product. <see cref="Layers"/>[0] is the input, [k] the signal after k products.</summary>
public sealed record ProductRun(ulong Seed, double Scale, int Width, IReadOnlyList<LayerState> Layers)
{
    public int Depth => Layers.Count - 1;

    /// <summary>The std after layers 1..Depth (NaN from the first layer that is not finite): the y values of a per-layer chart.</summary>
    public double[] Stds => Layers.Skip(1).Select(l => l.Std).ToArray();

    /// <summary>The first layer whose output holds an infinity (or a NaN), or null when every layer stays finite.</summary>
    public int? FirstInfLayer => Layers.FirstOrDefault(l => !l.IsFinite)?.Layer;

    /// <summary>The first layer whose output holds a NaN, or null. The seed's loop, counting from 0, stops at this minus 1.</summary>
    public int? FirstNaNLayer => Layers.FirstOrDefault(l => l.NaNs > 0)?.Layer;

    /// <summary>True when all <see cref="Depth"/> layers stayed finite.</summary>
    public bool Survived => FirstInfLayer is null;
}

/// <summary>Averages over the trials of mean(y) and mean(y^2), and the share of all y with |y| &gt; sqrt(n).</summary>
public sealed record OneLayerTrials(ulong Seed, int Trials, int Width, double MeanOfY, double MeanOfYSquared, double FractionOutside)
{
    /// <summary>sqrt(E[y^2]): the std of y, since its mean is 0.</summary>
    public double Std => Math.Sqrt(MeanOfYSquared);
}

/// <summary>The hidden layer's weights (inputs x units) before training and after each step, and the loss at each step.</summary>
public sealed record SymmetryRun(string Init, IReadOnlyList<Matrix> HiddenWeights, IReadOnlyList<double> Losses)
{
    /// <summary>The largest difference, at the end, between any hidden unit's incoming weights and unit 0's: 0 means all identical.</summary>
    public double UnitSpread
    {
        get
        {
            var w = HiddenWeights[^1];
            double spread = 0;
            for (int r = 0; r < w.Rows; r++)
                for (int c = 1; c < w.Cols; c++)
                    spread = Math.Max(spread, Math.Abs(w[r, c] - w[r, 0]));
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
            for (int i = 0; i < start.Length; i++) moved = Math.Max(moved, Math.Abs(end.Data[i] - start.Data[i]));
            return moved;
        }
    }

    /// <summary>The weight from input <paramref name="input"/> into hidden unit <paramref name="unit"/>, before training and after each step.</summary>
    public double[] WeightHistory(int input, int unit) => HiddenWeights.Select(w => (double)w[input, unit]).ToArray();
}

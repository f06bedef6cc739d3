using System.Globalization;
using Course.Losses;
using Course.Nn;
using Course.Tensors;

namespace Course.Diagnostics;

/// <summary>One compared gradient component: where it is, both values and their relative error.</summary>
public sealed record GradientComparison(string Tensor, int Row, int Col, double Analytic, double Numerical, double RelativeError)
{
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0} ({1}, {2}): analytic {3:G6}, numerical {4:G6}, relative error {5:E2}", Tensor, Row, Col, Analytic, Numerical, RelativeError);
}

/// <summary>The result of a gradient check: the worst component of each tensor, and whether all stayed within tolerance.</summary>
public sealed class GradientCheckReport(IReadOnlyList<GradientComparison> worstPerTensor, int componentsChecked, double tolerance, double noiseFloor)
{
    /// <summary>The estimated float32 rounding noise of a numerical derivative: smaller differences are not meaningful.</summary>
    public double NoiseFloor { get; } = noiseFloor;

    /// <summary>The worst component of the input and of each parameter.</summary>
    public IReadOnlyList<GradientComparison> WorstPerTensor { get; } = worstPerTensor;
    public GradientComparison Worst { get; } = worstPerTensor.MaxBy(c => c.RelativeError)!;
    public double MaxRelativeError => Worst.RelativeError;
    public int ComponentsChecked { get; } = componentsChecked;
    public double Tolerance { get; } = tolerance;
    public bool Passed => MaxRelativeError <= Tolerance;

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "Gradient check {0}: max relative error {1:E2} (tolerance {2:G2}) over {3} components; worst: {4}",
        Passed ? "passed" : "FAILED", MaxRelativeError, Tolerance, ComponentsChecked, Worst);
}

/// <summary>
/// Compares a backward pass with finite differences of the forward pass, component by component.
/// <para>A module's output is reduced to a scalar by a fixed random projection L = sum R * f, accumulated in double, so every
/// output contributes. Each derivative is Richardson's extrapolation of central differences with steps eps and eps/2, whose
/// error shrinks like eps^4, so eps = 1e-2 is small enough for smooth layers and large enough for float32.</para>
/// <para>The float32 budget: every output carries rounding near 6e-8 of its size, magnified by the layers before it. Divided by
/// eps, that noise sets a floor (reported as <see cref="GradientCheckReport.NoiseFloor"/>) below which a difference cannot be told
/// from rounding, so each component is compared relative to max(|analytic|, |numerical|, floor / tolerance). Correct layers
/// measure below about 1.5e-3; a component off by 1% measures 1e-2, above the default tolerance of 3e-3.</para>
/// <para>Kinks (ReLU at 0) give wrong differences when an input lies within eps of one: keep inputs away from them.</para>
/// </summary>
public static class GradientCheck
{
    private const double Float32Rounding = 1.0 / (1 << 24);

    /// <summary>Rounding in the layers before the output multiplies the output's own; measured on small MLPs, 16 covers it.</summary>
    private const double NoiseFactor = 16;

    /// <summary>
    /// Checks the gradients of <paramref name="module"/> with respect to <paramref name="input"/> and every parameter,
    /// running Forward in the mode <paramref name="training"/> says (a Dropout needs a fixed mask to be checked in training mode).
    /// At most <paramref name="maxPerTensor"/> components of each tensor are checked (chosen at random beyond that; each costs two forwards).
    /// </summary>
    public static GradientCheckReport Check(Module module, Matrix input, Rng rng, bool training = true,
        double epsilon = 1e-2, double tolerance = 3e-3, int maxPerTensor = 100)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rng);
        var output = module.Forward(input, training).Clone();
        if (!module.Forward(input, training).AsSpan().SequenceEqual(output.AsSpan()))
            throw new InvalidOperationException(
                $"{module} gives different outputs for the same input, so finite differences mean nothing: set FixedMask = true on each Dropout, or check with training: false.");
        var projection = rng.Normal(output.Rows, output.Cols);
        double Objective() => Project(module.Forward(input, training), projection);

        // The float32 noise floor of the objective, from the size of its terms.
        double terms = 0;
        for (int i = 0; i < output.Length; i++) terms += Math.Pow(projection.Data[i] * output.Data[i], 2);
        double noise = NoiseFactor * Float32Rounding * Math.Sqrt(terms + 1) / epsilon;

        module.ZeroGrad();
        var analyticInput = module.Backward(projection).Clone();
        var tensors = new List<(string Name, Matrix Value, Matrix Analytic)> { ("input", input, analyticInput) };
        foreach (var (name, p) in NamedParameters(module)) tensors.Add((name, p.Value, p.Grad.Clone()));

        var worst = new List<GradientComparison>();
        int checkedCount = 0;
        foreach (var (name, value, analytic) in tensors)
        {
            var result = CompareTensor(name, value, analytic, Objective, epsilon, noise / tolerance, rng, maxPerTensor);
            worst.Add(result.Worst);
            checkedCount += result.Count;
        }
        module.Forward(input, training); // leave the module's buffers as they were after a plain forward
        return new GradientCheckReport(worst, checkedCount, tolerance, noise);
    }

    /// <summary>Checks a loss's gradient with respect to the model output, for class labels.</summary>
    public static GradientCheckReport CheckLoss(Loss loss, Matrix output, int[] labels, Rng rng,
        double epsilon = 1e-2, double tolerance = 3e-3, int maxPerTensor = 100) =>
        CheckLoss(loss, output, () => loss.Forward(output, labels), rng, epsilon, tolerance, maxPerTensor);

    /// <summary>Checks a loss's gradient with respect to the model output, for target values.</summary>
    public static GradientCheckReport CheckLoss(Loss loss, Matrix output, Matrix targets, Rng rng,
        double epsilon = 1e-2, double tolerance = 3e-3, int maxPerTensor = 100) =>
        CheckLoss(loss, output, () => loss.Forward(output, targets), rng, epsilon, tolerance, maxPerTensor);

    private static GradientCheckReport CheckLoss(Loss loss, Matrix output, Func<double> objective, Rng rng,
        double epsilon, double tolerance, int maxPerTensor)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(rng);
        double value = objective();
        var analytic = loss.Backward().Clone();
        double noise = NoiseFactor * Float32Rounding * (Math.Abs(value) + 1) / epsilon;
        var result = CompareTensor("output", output, analytic, objective, epsilon, noise / tolerance, rng, maxPerTensor);
        objective();
        return new GradientCheckReport([result.Worst], result.Count, tolerance, noise);
    }

    private static (GradientComparison Worst, int Count) CompareTensor(string name, Matrix value, Matrix analytic,
        Func<double> objective, double epsilon, double floor, Rng rng, int maxPerTensor)
    {
        var indices = Enumerable.Range(0, value.Length).ToArray();
        if (indices.Length > maxPerTensor)
        {
            rng.Shuffle<int>(indices);
            indices = indices[..maxPerTensor];
        }
        GradientComparison? worst = null;
        foreach (int i in indices)
        {
            double numerical = Derivative(value, i, epsilon, objective);
            double a = analytic.Data[i];
            double error = Math.Abs(a - numerical) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(numerical)), floor);
            if (worst is null || error > worst.RelativeError)
                worst = new GradientComparison(name, i / value.Cols, i % value.Cols, a, numerical, error);
        }
        return (worst!, indices.Length);
    }

    private static double Central(Matrix value, int i, double epsilon, Func<double> objective)
    {
        float original = value.Data[i];
        float plus = (float)(original + epsilon), minus = (float)(original - epsilon);
        value.Data[i] = plus;
        double up = objective();
        value.Data[i] = minus;
        double down = objective();
        value.Data[i] = original;
        return (up - down) / ((double)plus - minus); // the step actually taken, after rounding to float
    }

    /// <summary>
    /// Richardson's extrapolation of two central differences, (4 D(eps/2) - D(eps)) / 3: their eps^2 errors cancel, so eps can
    /// stay large, which keeps float32 rounding small next to the change it measures.
    /// </summary>
    private static double Derivative(Matrix value, int i, double epsilon, Func<double> objective) =>
        (4 * Central(value, i, epsilon / 2, objective) - Central(value, i, epsilon, objective)) / 3;

    private static double Project(Matrix output, Matrix projection)
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++) sum += (double)projection.Data[i] * output.Data[i];
        return sum;
    }

    /// <summary>Parameters named by their layer when the module is a Sequential, e.g. "layer 2 Linear(8->3) weight".</summary>
    internal static IEnumerable<(string Name, Parameter Parameter)> NamedParameters(Module module)
    {
        if (module is Sequential s)
        {
            for (int i = 0; i < s.Count; i++)
                foreach (var p in s[i].Parameters())
                    yield return ($"layer {i} {s[i]} {p.Name}", p);
        }
        else
            foreach (var p in module.Parameters()) yield return (p.Name, p);
    }
}

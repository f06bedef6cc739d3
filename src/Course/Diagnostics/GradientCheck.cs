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
public sealed class GradientCheckReport(IReadOnlyList<GradientComparison> worstPerTensor, int componentsChecked, double tolerance)
{
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
/// Compares a backward pass with central differences, (f(v + eps) - f(v - eps)) / 2eps, component by component.
/// <para>A module's output is reduced to a scalar by a fixed random projection L = sum R * f, accumulated in double, so every
/// output contributes. In float32 each output carries a rounding error near 6e-8 of its size; divided by 2eps that noise sets
/// a floor below which differences are indistinguishable from rounding: components are compared relative to
/// max(|analytic|, |numerical|, floor / tolerance). With eps = 1e-2 a correct layer measures about 1e-5, and a gradient
/// component off by 1% measures 1e-2, far above the default tolerance of 1e-3.</para>
/// <para>Non-smooth points (ReLU at 0) give wrong differences when an input lies within eps of them: keep inputs away from them.</para>
/// </summary>
public static class GradientCheck
{
    private const double Float32Rounding = 1.0 / (1 << 24);

    /// <summary>
    /// Checks the gradients of <paramref name="module"/> with respect to <paramref name="input"/> and every parameter,
    /// running Forward in the mode <paramref name="training"/> says (a Dropout needs a fixed mask to be checked in training mode).
    /// At most <paramref name="maxPerTensor"/> components of each tensor are checked (chosen at random beyond that; each costs two forwards).
    /// </summary>
    public static GradientCheckReport Check(Module module, Matrix input, Rng rng, bool training = true,
        double epsilon = 1e-2, double tolerance = 1e-3, int maxPerTensor = 100)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rng);
        var output = module.Forward(input, training);
        var projection = rng.Normal(output.Rows, output.Cols);
        double Objective() => Project(module.Forward(input, training), projection);

        // The float32 noise floor of the objective, from the size of its terms.
        double terms = 0;
        for (int i = 0; i < output.Length; i++) terms += Math.Pow(projection.Data[i] * output.Data[i], 2);
        double noise = 8 * Float32Rounding * Math.Sqrt(terms + 1) / (2 * epsilon);

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
        return new GradientCheckReport(worst, checkedCount, tolerance);
    }

    /// <summary>Checks a loss's gradient with respect to the model output, for class labels.</summary>
    public static GradientCheckReport CheckLoss(Loss loss, Matrix output, int[] labels, Rng rng,
        double epsilon = 1e-2, double tolerance = 1e-3, int maxPerTensor = 100) =>
        CheckLoss(loss, output, () => loss.Forward(output, labels), rng, epsilon, tolerance, maxPerTensor);

    /// <summary>Checks a loss's gradient with respect to the model output, for target values.</summary>
    public static GradientCheckReport CheckLoss(Loss loss, Matrix output, Matrix targets, Rng rng,
        double epsilon = 1e-2, double tolerance = 1e-3, int maxPerTensor = 100) =>
        CheckLoss(loss, output, () => loss.Forward(output, targets), rng, epsilon, tolerance, maxPerTensor);

    private static GradientCheckReport CheckLoss(Loss loss, Matrix output, Func<double> objective, Rng rng,
        double epsilon, double tolerance, int maxPerTensor)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(rng);
        double value = objective();
        var analytic = loss.Backward().Clone();
        double noise = 8 * Float32Rounding * (Math.Abs(value) + 1) / (2 * epsilon);
        var result = CompareTensor("output", output, analytic, objective, epsilon, noise / tolerance, rng, maxPerTensor);
        objective();
        return new GradientCheckReport([result.Worst], result.Count, tolerance);
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
            float original = value.Data[i];
            float plus = (float)(original + epsilon), minus = (float)(original - epsilon);
            value.Data[i] = plus;
            double up = objective();
            value.Data[i] = minus;
            double down = objective();
            value.Data[i] = original;
            double numerical = (up - down) / ((double)plus - minus); // the step actually taken, after rounding to float
            double a = analytic.Data[i];
            double error = Math.Abs(a - numerical) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(numerical)), floor);
            if (worst is null || error > worst.RelativeError)
                worst = new GradientComparison(name, i / value.Cols, i % value.Cols, a, numerical, error);
        }
        return (worst!, indices.Length);
    }

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

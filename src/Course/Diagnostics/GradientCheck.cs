using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Diagnostics;

/// <summary>cs231n's reading of a gradient check's relative error.</summary>
public enum GradientBand
{
    /// <summary>Below 1e-7: the gradient is right.</summary>
    Good,

    /// <summary>1e-7 to 1e-4: fine where the function has kinks (ReLU, max), too high for a smooth one.</summary>
    KinksOnly,

    /// <summary>1e-4 to 1e-2: suspicious.</summary>
    Suspicious,

    /// <summary>Above 1e-2: the gradient is wrong.</summary>
    Wrong,
}

/// <summary>One gradient component: which tensor and where, autograd's value, the finite difference's, and their relative error.</summary>
public sealed record GradientComparison(string Tensor, long[] Index, double Analytic, double Numerical, double RelativeError)
{
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}[{1}]: autograd {2:G6}, finite difference {3:G6}, relative error {4:E1}",
        Tensor, string.Join(", ", Index), Analytic, Numerical, RelativeError);
}

/// <summary>A gradient check's outcome: the worst component of the input and of every parameter, and the band of the worst of all.</summary>
public sealed record GradientCheckResult(IReadOnlyList<GradientComparison> WorstPerTensor, int Components)
{
    public GradientComparison Worst => WorstPerTensor.MaxBy(c => c.RelativeError)!;
    public double MaxRelativeError => Worst.RelativeError;

    public GradientBand Band => MaxRelativeError switch
    {
        < 1e-7 => GradientBand.Good,
        < 1e-4 => GradientBand.KinksOnly,
        <= 1e-2 => GradientBand.Suspicious,
        _ => GradientBand.Wrong,
    };

    /// <summary>Good, or within the band that kinks explain.</summary>
    public bool Passed => Band <= GradientBand.KinksOnly;

    public string Verdict => string.Format(CultureInfo.InvariantCulture, "{0} components, worst relative error {1:E1}: {2}; worst at {3}",
        Components, MaxRelativeError, Band switch
        {
            GradientBand.Good => "the gradient is right (below 1e-7)",
            GradientBand.KinksOnly => "fine if the function has kinks (ReLU, max), too high for a smooth one (1e-7 to 1e-4)",
            GradientBand.Suspicious => "suspicious (1e-4 to 1e-2)",
            _ => "the gradient is wrong (above 1e-2)",
        }, Worst);

    public override string ToString() => Verdict;
}

/// <summary>
/// Compares autograd's gradient of a module with central finite differences, component by component, in float64.
/// The output is reduced to one number by a fixed random projection, L = sum(R * f(x)), so every output counts;
/// for each checked component θ of the input and of every parameter, the central difference (L(θ + h) - L(θ - h)) / 2h,
/// taken at h and h/2 and combined by Richardson's extrapolation (error of order h⁴), is set against autograd's dL/dθ
/// by the relative error |a - n| / max(|a|, |n|). In float64 a correct smooth layer scores below 1e-8: rounding (1e-16)
/// is far below the bands. In float32 rounding alone would score around 1e-3.
/// </summary>
public static class GradientCheck
{
    /// <summary>Builds the module, converts it and the input to float64, checks it, and frees it.</summary>
    public static GradientCheckResult Check(Func<nn.Module> create, Tensor input, long seed = 0, double epsilon = 1e-3, int maxPerTensor = 40)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(input);
        using var module = create().to(ScalarType.Float64);
        using var x = input.to(ScalarType.Float64);
        return Check(module, x, seed, epsilon, maxPerTensor);
    }

    /// <summary>
    /// Checks a float64 <paramref name="module"/> (build it in float64 or pass a copy made with <c>.to(torch.float64)</c>) at the
    /// float64 <paramref name="input"/>, in the module's current mode, on at most <paramref name="maxPerTensor"/> components per
    /// tensor (drawn at random beyond that; each costs four forward passes). The module must give the same output for the same
    /// input: a dropout layer in training mode cannot be checked. Leaves the parameters' gradients cleared.
    /// </summary>
    public static GradientCheckResult Check(nn.Module module, Tensor input, long seed = 0, double epsilon = 1e-3, int maxPerTensor = 40)
    {
        var m = ModuleTree.TensorToTensor(module, nameof(module));
        ArgumentNullException.ThrowIfNull(input);
        if (input.dtype != ScalarType.Float64)
            throw new ArgumentException($"The gradient check runs in float64, but a {input.dtype} input came: pass input.to(torch.float64).", nameof(input));
        if (input.dim() == 0 || input.shape[0] == 0)
            throw new ArgumentException($"Expected a batch of at least one example, but an input of shape {ModuleTree.Shape(input)} came.", nameof(input));
        ModuleTree.CheckFinite(input, nameof(input));
        var parameters = m.named_parameters().ToList();
        if (parameters.FirstOrDefault(p => p.parameter.dtype != ScalarType.Float64) is { name: not null } bad)
            throw new ArgumentException($"The gradient check runs in float64, but parameter {bad.name} is {bad.parameter.dtype}: pass a copy made with module.to(torch.float64).", nameof(module));
        if (!(epsilon > 0) || maxPerTensor < 1)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"Expected epsilon > 0 and maxPerTensor >= 1, but {epsilon} and {maxPerTensor} came.");

        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var x = input.detach().clone();
        Tensor projection;
        using (no_grad())
        {
            var first = m.call(x);
            if (!first.Equals(m.call(x)))
                throw new InvalidOperationException("The module gave two different outputs for the same input, so finite differences mean nothing: check it in evaluation mode (dropout) or with its randomness fixed.");
            projection = randn(first.shape, dtype: ScalarType.Float64, generator: generator);
        }
        double Objective()
        {
            using var s = NewDisposeScope();
            using var noGrad = no_grad();
            return (m.call(x) * projection).sum().item<double>();
        }

        // Autograd's gradients of L with respect to the input and every parameter.
        m.zero_grad();
        x.requires_grad_(true);
        var objective = (m.call(x) * projection).sum();
        if (objective.requires_grad) // an output that depends on nothing has a zero gradient everywhere
            objective.backward();
        var tensors = new List<(string Name, Tensor Value, double[] Analytic)> { ("input", x, x.grad is { } dx ? dx.data<double>().ToArray() : new double[x.numel()]) };
        foreach (var (name, p) in parameters)
            tensors.Add((name, p, p.grad is { } g ? g.data<double>().ToArray() : new double[p.numel()]));
        m.zero_grad();
        x.requires_grad_(false);

        var worst = new List<GradientComparison>();
        int count = 0;
        using (no_grad())
        {
            foreach (var (name, value, analytic) in tensors)
            {
                var flat = value.detach().view(-1);
                if (flat.shape[0] == 0)
                    continue;
                var indices = flat.shape[0] <= maxPerTensor
                    ? Enumerable.Range(0, (int)flat.shape[0]).Select(i => (long)i).ToArray()
                    : randperm(flat.shape[0], generator: generator).narrow(0, 0, maxPerTensor).data<long>().ToArray();
                GradientComparison? tensorWorst = null;
                foreach (long i in indices)
                {
                    var component = flat[i];
                    double original = component.item<double>();
                    double Central(double h)
                    {
                        double up = original + h, down = original - h;
                        component.fill_(up);
                        double plus = Objective();
                        component.fill_(down);
                        double minus = Objective();
                        component.fill_(original);
                        return (plus - minus) / (up - down); // the step actually taken, after rounding
                    }
                    // Richardson's extrapolation: the h² errors of two central differences cancel, leaving h⁴.
                    double numerical = (4 * Central(epsilon / 2) - Central(epsilon)) / 3, a = analytic[i];
                    double scale = Math.Max(Math.Abs(a), Math.Abs(numerical));
                    double error = scale == 0 ? 0 : Math.Abs(a - numerical) / scale;
                    if (tensorWorst is null || error > tensorWorst.RelativeError)
                        tensorWorst = new GradientComparison(name, Unravel(i, value.shape), a, numerical, error);
                    count++;
                }
                worst.Add(tensorWorst!);
            }
        }
        return new GradientCheckResult(worst, count);
    }

    private static long[] Unravel(long flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}

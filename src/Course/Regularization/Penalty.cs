using Course.Nn;

namespace Course.Regularization;

/// <summary>
/// A term added to the loss to keep weights small. It acts on weight matrices only (<see cref="Parameter.IsWeight"/>):
/// biases and BatchNorm's gamma and beta are left alone, as is usual. Frozen parameters are skipped.
/// <para>The strength is lambda / m, with m the number of training examples (Ng's convention; m = 1 gives the plain lambda).</para>
/// </summary>
public abstract class Penalty
{
    /// <summary>m, the number of training examples the penalty is divided by.</summary>
    public int Examples { get; }

    protected Penalty(int examples)
    {
        if (examples < 1) throw new ArgumentOutOfRangeException(nameof(examples), $"The number of training examples must be >= 1, but {examples} came.");
        Examples = examples;
    }

    protected static double CheckLambda(double lambda, string name) =>
        lambda >= 0 && !double.IsInfinity(lambda) ? lambda
            : throw new ArgumentOutOfRangeException(name, $"{name} must be a finite number >= 0, but {lambda} came.");

    /// <summary>The penalty's value for these parameters.</summary>
    public double Value(IReadOnlyList<Parameter> parameters)
    {
        double total = 0;
        for (int k = 0; k < parameters.Count; k++)
            if (Applies(parameters[k]))
                foreach (float w in parameters[k].Value.Data) total += Term(w);
        return total;
    }

    /// <summary>Adds the penalty's gradient into each weight's Grad and returns the penalty's value.</summary>
    public double AddGradient(IReadOnlyList<Parameter> parameters)
    {
        double total = 0;
        for (int k = 0; k < parameters.Count; k++)
        {
            if (!Applies(parameters[k])) continue;
            var w = parameters[k].Value.Data;
            var g = parameters[k].Grad.Data;
            for (int i = 0; i < w.Length; i++)
            {
                total += Term(w[i]);
                g[i] += Derivative(w[i]);
            }
        }
        return total;
    }

    /// <summary>One weight's contribution to the penalty.</summary>
    protected abstract double Term(float w);

    /// <summary>Its derivative with respect to the weight.</summary>
    protected abstract float Derivative(float w);

    private static bool Applies(Parameter p) => p.IsWeight && !p.Frozen;

    protected string Strength(string lambda) => Examples == 1 ? lambda : $"{lambda}/{Examples}";
}

/// <summary>L2: lambda/(2m) * sum w^2, gradient lambda/m * w. Shrinks every weight in proportion to its size.</summary>
public sealed class L2Penalty(double lambda, int examples = 1) : Penalty(examples)
{
    public double Lambda { get; } = CheckLambda(lambda, nameof(lambda));
    protected override double Term(float w) => Lambda / (2.0 * Examples) * w * w;
    protected override float Derivative(float w) => (float)(Lambda / Examples) * w;
    public override string ToString() => $"L2 ({Strength(F(Lambda))}/2 * sum w^2)";
    internal static string F(double x) => x.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>L1: lambda/m * sum |w|, gradient lambda/m * sign(w). The same pull whatever the size, so small weights reach 0: sparsity.</summary>
public sealed class L1Penalty(double lambda, int examples = 1) : Penalty(examples)
{
    public double Lambda { get; } = CheckLambda(lambda, nameof(lambda));
    protected override double Term(float w) => Lambda / Examples * Math.Abs(w);
    protected override float Derivative(float w) => (float)(Lambda / Examples) * MathF.Sign(w);
    public override string ToString() => $"L1 ({Strength(L2Penalty.F(Lambda))} * sum |w|)";
}

/// <summary>Elastic net: an L1 and an L2 term together, sparsity with the stability of L2.</summary>
public sealed class ElasticNetPenalty(double l1, double l2, int examples = 1) : Penalty(examples)
{
    public double L1 { get; } = CheckLambda(l1, nameof(l1));
    public double L2 { get; } = CheckLambda(l2, nameof(l2));
    protected override double Term(float w) => (L1 * Math.Abs(w) + L2 / 2.0 * w * w) / Examples;
    protected override float Derivative(float w) => (float)((L1 * MathF.Sign(w) + L2 * w) / Examples);
    public override string ToString() => $"Elastic net (L1 {L2Penalty.F(L1)}, L2 {L2Penalty.F(L2)}{(Examples == 1 ? "" : $", m = {Examples}")})";
}

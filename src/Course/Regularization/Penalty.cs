using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Regularization;

/// <summary>
/// A term added to the loss to keep weights small. It acts on weight matrices only (parameters of two or more
/// dimensions): biases and batch norm's γ and β are left alone, as is usual; frozen parameters (requires_grad off)
/// are skipped. Autograd turns the term into its gradient.
/// <para>The strength is λ / m, with m the number of training examples (Ng's convention; m = 1 gives the plain λ).</para>
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

    /// <summary>The penalty on <paramref name="model"/>'s weights, a scalar tensor to add to the loss.</summary>
    public Tensor Term(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weights = model.parameters().Where(p => p.dim() >= 2 && p.requires_grad).ToArray();
        if (weights.Length == 0)
            return zeros(1).squeeze();
        using var scope = NewDisposeScope();
        return weights.Select(Of).Aggregate((a, b) => a + b).MoveToOuterDisposeScope();
    }

    /// <summary>The penalty's value on <paramref name="model"/>, as a number.</summary>
    public double Value(nn.Module model)
    {
        using var noGrad = no_grad();
        using var term = Term(model);
        return term.item<float>();
    }

    /// <summary>This penalty on one weight tensor.</summary>
    protected abstract Tensor Of(Tensor weight);

    protected string Strength(string lambda) => Examples == 1 ? lambda : $"{lambda}/{Examples}";

    internal static string F(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}

/// <summary>L2: λ/(2m)·Σw², gradient λ/m·w. Shrinks every weight in proportion to its size.</summary>
public sealed class L2Penalty(double lambda, int examples = 1) : Penalty(examples)
{
    public double Lambda { get; } = CheckLambda(lambda, nameof(lambda));
    protected override Tensor Of(Tensor weight) => weight.square().sum() * (Lambda / (2.0 * Examples));
    public override string ToString() => $"L2 ({Strength(F(Lambda))}/2 * sum w^2)";
}

/// <summary>L1: λ/m·Σ|w|, gradient λ/m·sign(w). The same pull whatever the size, so small weights reach 0: sparsity.</summary>
public sealed class L1Penalty(double lambda, int examples = 1) : Penalty(examples)
{
    public double Lambda { get; } = CheckLambda(lambda, nameof(lambda));
    protected override Tensor Of(Tensor weight) => weight.abs().sum() * (Lambda / Examples);
    public override string ToString() => $"L1 ({Strength(F(Lambda))} * sum |w|)";
}

/// <summary>Elastic net: an L1 and an L2 term together, sparsity with the stability of L2.</summary>
public sealed class ElasticNetPenalty(double l1, double l2, int examples = 1) : Penalty(examples)
{
    public double L1 { get; } = CheckLambda(l1, nameof(l1));
    public double L2 { get; } = CheckLambda(l2, nameof(l2));
    protected override Tensor Of(Tensor weight) => (weight.abs().sum() * L1 + weight.square().sum() * (L2 / 2.0)) / Examples;
    public override string ToString() => $"Elastic net (L1 {F(L1)}, L2 {F(L2)}{(Examples == 1 ? "" : $", m = {Examples}")})";
}

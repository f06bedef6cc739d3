using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// Inverted dropout in three tensor lines, the layer lesson 03 opens. In training mode each value is kept with
/// probability q = 1 - p and divided by q, so its expected value is unchanged; the backward pass multiplies the
/// gradient by the same mask (autograd does it: the mask is a constant factor). In evaluation mode it is the
/// identity. With <c>scaled: false</c> it skips the division: the expected activation shrinks to q times its
/// value in training, and the network meets values 1/q larger at test time. Draws its mask as nn.Dropout does,
/// so under the same seed both drop the same values.
/// </summary>
public sealed class DropoutFromScratch : nn.Module<Tensor, Tensor>
{
    public DropoutFromScratch(double p = 0.5, bool scaled = true) : base(nameof(DropoutFromScratch))
    {
        if (!(p >= 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), $"The drop probability lies in [0, 1), but {p} came.");
        (P, Scaled) = (p, scaled);
    }

    /// <summary>The probability of dropping a value.</summary>
    public double P { get; }

    /// <summary>Whether kept values are divided by the keep probability (inverted dropout).</summary>
    public bool Scaled { get; }

    public override Tensor forward(Tensor input)
    {
        if (!training || P == 0)
            return input.alias();
        double keep = 1 - P;
        using var mask = empty_like(input).bernoulli_(keep);
        // Scale the mask, then multiply, in nn.Dropout's order: (x * m) / q can differ from x * (m / q) in the last bit.
        if (Scaled)
            mask.div_(keep);
        return input * mask;
    }
}

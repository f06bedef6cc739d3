using System.Numerics.Tensors;
using Course.Tensors;

namespace Course.Nn;

/// <summary>
/// In training, zeroes each activation with probability <see cref="P"/> and (inverted dropout, the default) multiplies the
/// survivors by 1 / keep, so the expected activation is unchanged and evaluation needs no correction: it is the identity.
/// With <c>scaled: false</c> the survivors are not scaled, and the training-time mean shrinks to keep * mean.
/// Backward applies the same mask as the forward pass.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Rng _rng;
    private bool _lastTraining;

    /// <summary>The probability of dropping an activation.</summary>
    public float P { get; }
    public float KeepProbability => 1 - P;
    public bool Scaled { get; }

    /// <summary>The multiplier of the last training forward: 0 for dropped units, 1 / keep (or 1 unscaled) for kept ones.</summary>
    public Matrix? Mask { get; private set; }

    /// <summary>When true, training forwards reuse the current mask instead of drawing a new one (for gradient checks and demonstrations).</summary>
    public bool FixedMask { get; set; }

    public Dropout(float p, Rng rng, bool scaled = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"The drop probability must lie in [0, 1), but {p} came.");
        P = p;
        Scaled = scaled;
        _rng = rng;
    }

    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        _lastTraining = training;
        var y = OutputBuffer(input.Rows, input.Cols);
        if (!training)
        {
            input.CopyTo(y);
            return y;
        }
        if (Mask is null || Mask.Rows != input.Rows || Mask.Cols != input.Cols || !FixedMask) DrawMask(input.Rows, input.Cols);
        TensorPrimitives.Multiply(input.Data, Mask!.Data, y.Data);
        return y;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var dx = InputGradientBuffer(gradOutput.Rows, gradOutput.Cols);
        if (_lastTraining) TensorPrimitives.Multiply(gradOutput.Data, Mask!.Data, dx.Data);
        else gradOutput.CopyTo(dx);
        return dx;
    }

    private void DrawMask(int rows, int cols)
    {
        Mask = Matrix.Reuse(Mask, rows, cols);
        float kept = Scaled ? 1 / KeepProbability : 1;
        var m = Mask.Data;
        for (int i = 0; i < m.Length; i++) m[i] = _rng.NextFloat() < KeepProbability ? kept : 0f;
    }

    public override string ToString() =>
        $"Dropout({P.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(Scaled ? "" : ", unscaled")})";
}

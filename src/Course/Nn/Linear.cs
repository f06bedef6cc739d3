using System.Numerics.Tensors;
using Course.Init;
using Course.Tensors;

namespace Course.Nn;

/// <summary>
/// A fully connected layer: y = x W + b, with W stored (in x out) so a batch (B x in) maps to (B x out).
/// Backward: dX = dY W^T, dW += X^T dY, db += column sums of dY.
/// </summary>
public sealed class Linear : Module
{
    private Matrix? _input;

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Parameter Weight { get; }
    public Parameter? Bias { get; }
    public IInitScheme Init { get; }

    /// <summary>W is drawn by <paramref name="init"/> (He normal, suited to ReLU, when omitted); the bias starts at 0.</summary>
    public Linear(int inFeatures, int outFeatures, Rng rng, IInitScheme? init = null, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (inFeatures < 1 || outFeatures < 1)
            throw new ArgumentException($"Linear needs at least one input and one output feature, but got {inFeatures}->{outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Init = init ?? new HeNormal();
        Weight = new Parameter("weight", new Matrix(inFeatures, outFeatures), isWeight: true);
        Init.Fill(Weight.Value, inFeatures, outFeatures, rng);
        if (bias) Bias = new Parameter("bias", new Matrix(1, outFeatures), isWeight: false);
    }

    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Cols != InFeatures)
            throw new ArgumentException($"{this} expects input with {InFeatures} columns, but got {input.Shape}.");
        _input = input;
        var y = OutputBuffer(input.Rows, OutFeatures);
        Gemm.Multiply(input, Weight.Value, y);
        if (Bias is not null)
            for (int r = 0; r < y.Rows; r++)
                TensorPrimitives.Add(y.Row(r), Bias.Value.Data, y.Row(r));
        return y;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var x = _input!;
        Gemm.Multiply(x, gradOutput, Weight.Grad, transposeA: true, beta: 1);
        if (Bias is not null)
            for (int r = 0; r < gradOutput.Rows; r++)
                TensorPrimitives.Add(Bias.Grad.Data, gradOutput.Row(r), Bias.Grad.Data);
        var dx = InputGradientBuffer(x.Rows, InFeatures);
        Gemm.Multiply(gradOutput, Weight.Value, dx, transposeB: true);
        return dx;
    }

    public override IEnumerable<Parameter> Parameters() => Bias is null ? [Weight] : [Weight, Bias];

    public override string ToString() => $"Linear({InFeatures}->{OutFeatures}{(Bias is null ? ", no bias" : "")})";
}

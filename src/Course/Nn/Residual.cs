using System.Numerics.Tensors;
using Course.Tensors;

namespace Course.Nn;

/// <summary>
/// y = x + inner(x). The identity path hands the output gradient straight to the input, so gradients reach early layers
/// of a deep stack even when the inner layers shrink them: dx = dy + inner.Backward(dy).
/// </summary>
public sealed class Residual(Module inner) : Module
{
    public Module Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        var f = Inner.Forward(input, training);
        if (f.Rows != input.Rows || f.Cols != input.Cols)
            throw new ArgumentException($"{this} needs its inner module to keep the shape, but the input is {input.Shape} and the inner output {f.Shape}.");
        var y = OutputBuffer(input.Rows, input.Cols);
        TensorPrimitives.Add(input.Data, f.Data, y.Data);
        return y;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var innerGrad = Inner.Backward(gradOutput);
        var dx = InputGradientBuffer(gradOutput.Rows, gradOutput.Cols);
        TensorPrimitives.Add(gradOutput.Data, innerGrad.Data, dx.Data);
        return dx;
    }

    public override IEnumerable<Parameter> Parameters() => Inner.Parameters();

    public override IEnumerable<Matrix> Statistics() => Inner.Statistics();

    public override string ToString() => $"Residual({Inner})";
}

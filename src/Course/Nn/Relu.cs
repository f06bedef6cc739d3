using System.Numerics.Tensors;
using Course.Tensors;

namespace Course.Nn;

/// <summary>max(0, x). Its gradient passes where the output is positive and stops where it is 0: a unit that is 0 for
/// every input gets no gradient at all (a "dead" ReLU).</summary>
public sealed class Relu : Module
{
    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = OutputBuffer(input.Rows, input.Cols);
        TensorPrimitives.Max(input.Data, 0f, y.Data);
        return y;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var y = Output!.Data;
        var dy = gradOutput.Data;
        var dx = InputGradientBuffer(gradOutput.Rows, gradOutput.Cols).Data;
        for (int i = 0; i < dx.Length; i++) dx[i] = y[i] > 0 ? dy[i] : 0f;
        return InputGradient!;
    }

    public override string ToString() => "Relu";
}

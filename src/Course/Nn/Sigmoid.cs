using System.Numerics.Tensors;
using Course.Tensors;

namespace Course.Nn;

/// <summary>1 / (1 + e^-x), with derivative s(1 - s): at most 1/4, so deep sigmoid stacks shrink gradients.</summary>
public sealed class Sigmoid : Module
{
    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = OutputBuffer(input.Rows, input.Cols);
        TensorPrimitives.Sigmoid(input.Data, y.Data);
        return y;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var y = Output!.Data;
        var dy = gradOutput.Data;
        var dx = InputGradientBuffer(gradOutput.Rows, gradOutput.Cols).Data;
        for (int i = 0; i < dx.Length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
        return InputGradient!;
    }

    public override string ToString() => "Sigmoid";
}

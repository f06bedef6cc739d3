using Course.Tensors;

namespace Course.Nn;

/// <summary>tanh(x), with derivative 1 - tanh(x)^2: near 0 once |x| passes about 3 (the unit saturates).</summary>
public sealed class Tanh : Module
{
    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = OutputBuffer(input.Rows, input.Cols);
        // Not TensorPrimitives.Tanh: near 0 it is off by up to 6e-8 (tanh(1e-6) comes out 5% low, tanh(0) is not 0),
        // which would distort exactly the small signals the lessons measure.
        var x = input.Data;
        var yd = y.Data;
        for (int i = 0; i < x.Length; i++) yd[i] = MathF.Tanh(x[i]);
        return y;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var y = Output!.Data;
        var dy = gradOutput.Data;
        var dx = InputGradientBuffer(gradOutput.Rows, gradOutput.Cols).Data;
        for (int i = 0; i < dx.Length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
        return InputGradient!;
    }

    public override string ToString() => "Tanh";
}

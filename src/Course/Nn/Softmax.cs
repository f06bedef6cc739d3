using System.Numerics.Tensors;
using Course.Tensors;

namespace Course.Nn;

/// <summary>
/// softmax over each row. The library's losses take logits and apply their own softmax, so putting this layer at the end
/// of a model applies softmax twice: a classic bug that lesson 04 measures. Backward: dx = y * (dy - sum(dy * y)) per row.
/// </summary>
public sealed class Softmax : Module
{
    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = OutputBuffer(input.Rows, input.Cols);
        for (int r = 0; r < input.Rows; r++)
        {
            var z = input.Row(r);
            var p = y.Row(r);
            TensorPrimitives.Subtract(z, TensorPrimitives.Max<float>(z), p); // the largest logit becomes 0: exp cannot overflow
            TensorPrimitives.Exp(p, p);
            TensorPrimitives.Divide(p, TensorPrimitives.Sum<float>(p), p);
        }
        return y;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var dx = InputGradientBuffer(gradOutput.Rows, gradOutput.Cols);
        for (int r = 0; r < gradOutput.Rows; r++)
        {
            var y = Output!.Row(r);
            var dy = gradOutput.Row(r);
            float dot = TensorPrimitives.Dot<float>(dy, y);
            var d = dx.Row(r);
            TensorPrimitives.Subtract(dy, dot, d);
            TensorPrimitives.Multiply(d, y, d);
        }
        return dx;
    }

    public override string ToString() => "Softmax";
}

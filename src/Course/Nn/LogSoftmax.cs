using System.Numerics.Tensors;
using Course.Tensors;

namespace Course.Nn;

/// <summary>
/// log softmax over each row: y = z - log(sum e^z), computed with the row maximum subtracted so nothing overflows.
/// Pair it with <see cref="Losses.NllLoss"/>; together they equal <see cref="Losses.SoftmaxCrossEntropy"/> on the logits.
/// Backward: dx = dy - softmax(z) * sum(dy) per row.
/// </summary>
public sealed class LogSoftmax : Module
{
    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = OutputBuffer(input.Rows, input.Cols);
        for (int r = 0; r < input.Rows; r++)
        {
            var z = input.Row(r);
            float max = TensorPrimitives.Max<float>(z);
            double sum = 0;
            foreach (float v in z) sum += Math.Exp(v - max);
            float logSumExp = max + (float)Math.Log(sum);
            TensorPrimitives.Subtract(z, logSumExp, y.Row(r));
        }
        return y;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var dx = InputGradientBuffer(gradOutput.Rows, gradOutput.Cols);
        for (int r = 0; r < gradOutput.Rows; r++)
        {
            var dy = gradOutput.Row(r);
            var y = Output!.Row(r);
            var d = dx.Row(r);
            float total = TensorPrimitives.Sum<float>(dy);
            for (int c = 0; c < d.Length; c++) d[c] = dy[c] - MathF.Exp(y[c]) * total;
        }
        return dx;
    }

    public override string ToString() => "LogSoftmax";
}

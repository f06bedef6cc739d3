using System.Numerics.Tensors;
using Course.Tensors;

namespace Course.Losses;

/// <summary>
/// Cross-entropy of softmax(logits), computed from the logits with log-sum-exp so large logits never overflow:
/// loss_i = log(sum_c e^(z_ic)) - z_i,y. Its gradient is (softmax(z) - onehot(y)) / batch.
/// At initialisation, with near-equal logits over C classes, it is ln C (2.302 for 10 classes).
/// </summary>
public sealed class SoftmaxCrossEntropy : Loss
{
    public override double Forward(Matrix output, ReadOnlySpan<int> labels)
    {
        CheckLabels(output, labels, output.Cols);
        var grad = GradientBuffer(output.Rows, output.Cols);
        double total = 0;
        for (int r = 0; r < output.Rows; r++)
        {
            double logSumExp = SoftmaxRow(output.Row(r), grad.Row(r));
            total += logSumExp - output[r, labels[r]];
            grad[r, labels[r]] -= 1;
        }
        Scale(grad, 1f / output.Rows);
        return total / output.Rows;
    }

    /// <summary>Soft targets: each row a probability distribution over the classes; loss_i = -sum_c t_ic log softmax(z)_ic.</summary>
    public override double Forward(Matrix output, Matrix targets)
    {
        CheckTargets(output, targets);
        var grad = GradientBuffer(output.Rows, output.Cols);
        double total = 0;
        for (int r = 0; r < output.Rows; r++)
        {
            double logSumExp = SoftmaxRow(output.Row(r), grad.Row(r));
            var z = output.Row(r);
            var t = targets.Row(r);
            var g = grad.Row(r);
            for (int c = 0; c < z.Length; c++)
            {
                total += t[c] * (logSumExp - z[c]);
                g[c] -= t[c];
            }
        }
        Scale(grad, 1f / output.Rows);
        return total / output.Rows;
    }

    /// <summary>softmax of each row of <paramref name="logits"/>, in a new matrix: the probabilities the model assigns.</summary>
    public static Matrix Probabilities(Matrix logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var p = new Matrix(logits.Rows, logits.Cols);
        for (int r = 0; r < logits.Rows; r++) SoftmaxRow(logits.Row(r), p.Row(r));
        return p;
    }

    /// <summary>Writes softmax(z) into <paramref name="probabilities"/> and returns log(sum e^z).</summary>
    private static double SoftmaxRow(ReadOnlySpan<float> z, Span<float> probabilities)
    {
        float max = z[0];
        for (int c = 1; c < z.Length; c++) max = Math.Max(max, z[c]);
        double sum = 0;
        for (int c = 0; c < z.Length; c++) sum += Math.Exp(z[c] - max);
        for (int c = 0; c < z.Length; c++) probabilities[c] = (float)(Math.Exp(z[c] - max) / sum);
        return max + Math.Log(sum);
    }

    private static void Scale(Matrix m, float factor) =>
        TensorPrimitives.Multiply(m.Data, factor, m.Data);

    public override string ToString() => "SoftmaxCrossEntropy";
}

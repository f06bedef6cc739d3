using Course.Tensors;

namespace Course.Losses;

/// <summary>
/// Negative log-likelihood on log-probabilities (the output of <see cref="Nn.LogSoftmax"/>): loss_i = -logp_i,y.
/// Its gradient is -1/batch at each row's label and 0 elsewhere. Feeding it raw logits is a classic bug, so
/// positive inputs, which no log-probability can be, are rejected.
/// </summary>
public sealed class NllLoss : Loss
{
    public override double Forward(Matrix output, ReadOnlySpan<int> labels)
    {
        CheckLabels(output, labels, output.Cols);
        RequireLogProbabilities(output);
        var grad = GradientBuffer(output.Rows, output.Cols);
        grad.Clear();
        double total = 0;
        for (int r = 0; r < output.Rows; r++)
        {
            total -= output[r, labels[r]];
            grad[r, labels[r]] = -1f / output.Rows;
        }
        return total / output.Rows;
    }

    /// <summary>Soft targets: loss_i = -sum_c t_ic logp_ic.</summary>
    public override double Forward(Matrix output, Matrix targets)
    {
        CheckTargets(output, targets);
        RequireLogProbabilities(output);
        var grad = GradientBuffer(output.Rows, output.Cols);
        double total = 0;
        for (int i = 0; i < output.Length; i++)
        {
            total -= (double)targets.Data[i] * output.Data[i];
            grad.Data[i] = -targets.Data[i] / output.Rows;
        }
        return total / output.Rows;
    }

    private void RequireLogProbabilities(Matrix output)
    {
        for (int i = 0; i < output.Length; i++)
            if (output.Data[i] > 1e-4f)
                throw new ArgumentException(
                    $"{this} expects log-probabilities (<= 0), but element ({i / output.Cols}, {i % output.Cols}) is {output.Data[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}: " +
                    "add a LogSoftmax layer, or use SoftmaxCrossEntropy on the logits.");
    }

    public override string ToString() => "NllLoss";
}

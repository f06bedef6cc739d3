using Course.Tensors;

namespace Course.Losses;

/// <summary>
/// Mean squared error over every element: mean((y - t)^2), gradient 2 (y - t) / count.
/// With class labels, the targets are one-hot rows (or the 0/1 label itself for a single output column).
/// </summary>
public sealed class MseLoss : Loss
{
    private Matrix? _targets;

    public override double Forward(Matrix output, Matrix targets)
    {
        CheckTargets(output, targets);
        var grad = GradientBuffer(output.Rows, output.Cols);
        double total = 0;
        float scale = 2f / output.Length;
        for (int i = 0; i < output.Length; i++)
        {
            double d = (double)output.Data[i] - targets.Data[i];
            total += d * d;
            grad.Data[i] = scale * (float)d;
        }
        return total / output.Length;
    }

    public override double Forward(Matrix output, ReadOnlySpan<int> labels) =>
        Forward(output, _targets = Targets.FromLabels(this, output, labels, _targets));

    /// <summary>One output column: above 0.5 is class 1. Several: the largest.</summary>
    public override int PredictClass(ReadOnlySpan<float> outputRow) =>
        outputRow.Length == 1 ? (outputRow[0] > 0.5f ? 1 : 0) : base.PredictClass(outputRow);

    public override string ToString() => "MseLoss";
}

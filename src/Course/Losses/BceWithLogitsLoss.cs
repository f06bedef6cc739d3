using Course.Tensors;

namespace Course.Losses;

/// <summary>
/// Binary cross-entropy of sigmoid(z), computed from the logits z so it never takes the log of 0:
/// loss = max(z, 0) - z t + log(1 + e^-|z|), averaged over every element; gradient (sigmoid(z) - t) / count.
/// With class labels, a single output column takes the 0/1 label as its target; several columns take one-hot rows.
/// </summary>
public sealed class BceWithLogitsLoss : Loss
{
    private Matrix? _targets;

    public override double Forward(Matrix output, Matrix targets)
    {
        CheckTargets(output, targets);
        var grad = GradientBuffer(output.Rows, output.Cols);
        double total = 0;
        float scale = 1f / output.Length;
        for (int i = 0; i < output.Length; i++)
        {
            double z = output.Data[i], t = targets.Data[i];
            total += Math.Max(z, 0) - z * t + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            grad.Data[i] = scale * (float)(1 / (1 + Math.Exp(-z)) - t);
        }
        return total / output.Length;
    }

    public override double Forward(Matrix output, ReadOnlySpan<int> labels) =>
        Forward(output, _targets = Targets.FromLabels(this, output, labels, _targets));

    /// <summary>One output column: a positive logit is class 1. Several: the largest.</summary>
    public override int PredictClass(ReadOnlySpan<float> outputRow) =>
        outputRow.Length == 1 ? (outputRow[0] > 0 ? 1 : 0) : base.PredictClass(outputRow);

    public override string ToString() => "BceWithLogitsLoss";
}

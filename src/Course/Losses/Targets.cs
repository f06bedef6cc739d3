using Course.Tensors;

namespace Course.Losses;

/// <summary>Turns class labels into target rows for losses defined on values (MSE, BCE).</summary>
internal static class Targets
{
    /// <summary>One-hot rows; for a single output column, the label itself, which must be 0 or 1.</summary>
    public static Matrix FromLabels(Loss loss, Matrix output, ReadOnlySpan<int> labels, Matrix? reuse)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (labels.Length != output.Rows)
            throw new ArgumentException($"{loss} needs one label per row: the output is {output.Shape} but {labels.Length} labels came.");
        int classes = output.Cols == 1 ? 2 : output.Cols;
        var targets = Matrix.Reuse(reuse, output.Rows, output.Cols);
        targets.Clear();
        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] >= (uint)classes)
                throw new ArgumentException(
                    $"{loss}: label {labels[r]} in row {r} is outside the valid range [0, {classes - 1}] for an output with {output.Cols} column{(output.Cols == 1 ? "" : "s")}.");
            if (output.Cols == 1) targets[r, 0] = labels[r];
            else targets[r, labels[r]] = 1f;
        }
        return targets;
    }
}

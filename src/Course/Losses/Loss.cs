using Course.Tensors;

namespace Course.Losses;

/// <summary>
/// A loss: <see cref="Forward(Matrix, ReadOnlySpan{int})"/> returns its value (the mean over the batch) and
/// <see cref="Backward"/> the gradient with respect to the model's output, a buffer the loss owns and reuses.
/// </summary>
public abstract class Loss
{
    private Matrix? _gradient;

    /// <summary>Value for class labels, one per row of <paramref name="output"/>.</summary>
    public abstract double Forward(Matrix output, ReadOnlySpan<int> labels);

    /// <summary>Value for target values shaped like <paramref name="output"/>.</summary>
    public abstract double Forward(Matrix output, Matrix targets);

    /// <summary>dLoss/dOutput of the last Forward.</summary>
    public Matrix Backward() =>
        _gradient ?? throw new InvalidOperationException($"{this}: Backward was called before Forward. Compute the loss first.");

    /// <summary>The class a row of outputs predicts (used for accuracy): the largest output.</summary>
    public virtual int PredictClass(ReadOnlySpan<float> outputRow)
    {
        int best = 0;
        for (int c = 1; c < outputRow.Length; c++)
            if (outputRow[c] > outputRow[best]) best = c;
        return best;
    }

    protected Matrix GradientBuffer(int rows, int cols) =>
        _gradient = Matrix.Reuse(_gradient, rows, cols);

    /// <summary>Checks finiteness, one label per row and every label in [0, classCount).</summary>
    protected void CheckLabels(Matrix output, ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(output);
        RequireFinite(output, "input");
        if (labels.Length != output.Rows)
            throw new ArgumentException(
                $"{this} needs one label per row: the output is {output.Shape} but {labels.Length} labels came.");
        for (int r = 0; r < labels.Length; r++)
            if ((uint)labels[r] >= (uint)classCount)
                throw new ArgumentException(
                    $"{this}: label {labels[r]} in row {r} is outside the valid range [0, {classCount - 1}] for an output with {output.Cols} columns.");
    }

    private void RequireFinite(Matrix m, string what)
    {
        if (!m.IsFinite()) m.RequireFinite($"{this}'s {what}"); // the message is built only when it is needed
    }

    protected void CheckTargets(Matrix output, Matrix targets)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(targets);
        if (output.Rows != targets.Rows || output.Cols != targets.Cols)
            throw new ArgumentException($"{this} needs targets shaped like the output, but the output is {output.Shape} and the targets are {targets.Shape}.");
        RequireFinite(output, "input");
        RequireFinite(targets, "targets");
    }
}

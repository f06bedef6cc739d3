using Course.Tensors;

namespace Course.Nn;

/// <summary>
/// A layer, or a network of layers. Inputs are batches: one example per row (batch x features).
/// <para><see cref="Forward"/> computes the output; <see cref="Backward"/> takes the gradient of the loss with respect
/// to that output, returns the gradient with respect to the input, and ADDS each parameter's gradient into its Grad.</para>
/// <para>The output and the input gradient are buffers the module owns and reuses while the batch size stays the same,
/// so a training step allocates nothing. Call Clone() on an output you want to keep past the next Forward.</para>
/// </summary>
public abstract class Module
{
    /// <summary>The result of the last Forward (a reused buffer), or null before the first one.</summary>
    public Matrix? Output { get; protected set; }

    /// <summary>The result of the last Backward (a reused buffer), or null before the first one.</summary>
    public Matrix? InputGradient { get; protected set; }

    /// <param name="input">A batch, one example per row.</param>
    /// <param name="training">True while training (dropout drops, batch norm uses batch statistics); false to evaluate.</param>
    public abstract Matrix Forward(Matrix input, bool training);

    /// <param name="gradOutput">dLoss/dOutput, shaped like the last output.</param>
    /// <returns>dLoss/dInput, shaped like the last input.</returns>
    public abstract Matrix Backward(Matrix gradOutput);

    public virtual IEnumerable<Parameter> Parameters() => [];

    /// <summary>State that is saved with the weights but not learned by gradients, e.g. BatchNorm's running mean and variance.</summary>
    public virtual IEnumerable<Matrix> Statistics() => [];

    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>The number of learnable numbers.</summary>
    public int ParameterCount => Parameters().Sum(p => p.Length);

    /// <summary>The output buffer, reused when the shape is unchanged.</summary>
    protected Matrix OutputBuffer(int rows, int cols) => Output = Matrix.Reuse(Output, rows, cols);

    /// <summary>The input-gradient buffer, reused when the shape is unchanged.</summary>
    protected Matrix InputGradientBuffer(int rows, int cols) => InputGradient = Matrix.Reuse(InputGradient, rows, cols);

    /// <summary>Throws unless Forward has run and <paramref name="gradOutput"/> is shaped like its output.</summary>
    protected void CheckBackward(Matrix gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (Output is null)
            throw new InvalidOperationException($"{this}: Backward was called before Forward. Run Forward on a batch first.");
        if (gradOutput.Rows != Output.Rows || gradOutput.Cols != Output.Cols)
            throw new ArgumentException(
                $"{this}: Backward expects a gradient shaped like the last output {Output.Shape}, but got {gradOutput.Shape}.");
    }
}

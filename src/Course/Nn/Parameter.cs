using Course.Tensors;

namespace Course.Nn;

/// <summary>
/// A learnable tensor: its value and the gradient of the loss with respect to it.
/// Backward passes ADD into <see cref="Grad"/>; zero it before each backward pass (the optimizer's ZeroGrad)
/// or the gradients of successive batches pile up.
/// </summary>
public sealed class Parameter
{
    public string Name { get; }
    public Matrix Value { get; }
    public Matrix Grad { get; }

    /// <summary>True for weight matrices, which L1/L2 penalties act on; false for biases and BatchNorm's gamma and beta.</summary>
    public bool IsWeight { get; }

    /// <summary>Optimizers skip a frozen parameter: it still receives gradients but never changes.</summary>
    public bool Frozen { get; set; }

    public Parameter(string name, Matrix value, bool isWeight)
    {
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        Grad = new Matrix(value.Rows, value.Cols);
        IsWeight = isWeight;
    }

    public int Length => Value.Length;

    public void ZeroGrad() => Grad.Clear();

    public override string ToString() => $"{Name} {Value.Shape}{(Frozen ? " (frozen)" : "")}";
}

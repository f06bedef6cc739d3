namespace Course.Diagnostics;

/// <summary>Which tensor of a step held a NaN or an infinity, in the order a step produces them.</summary>
public enum TensorKind
{
    /// <summary>A layer's output in the forward pass.</summary>
    Output,

    /// <summary>A parameter's gradient after backward().</summary>
    Gradient,

    /// <summary>A parameter's value after the optimizer's step.</summary>
    Value,
}

/// <summary>
/// Where a NaN or an infinity first appeared: the step (or forward pass), the layer by its path, which tensor, and for
/// gradients and values the parameter ("linear2.weight"). A value's step is the optimizer step that produced it (0:
/// the value was there before training). The first one found is where to start looking: everything
/// computed from it afterwards is non-finite too.
/// </summary>
public sealed record NonFiniteValue(int Step, string Layer, TensorKind Tensor, string? Parameter = null)
{
    public override string ToString() => Tensor switch
    {
        TensorKind.Output => $"step {Step}: the output of {Layer} holds a NaN or an infinity",
        TensorKind.Gradient => $"step {Step}: the gradient of {Parameter} holds a NaN or an infinity",
        _ when Step == 0 => $"{Parameter} held a NaN or an infinity before the first step",
        _ => $"step {Step}: {Parameter} holds a NaN or an infinity after the optimizer's step",
    };

    /// <summary>The earlier of two findings (by step, then by the order within a step: output, gradient, value).</summary>
    internal static NonFiniteValue? First(NonFiniteValue? a, NonFiniteValue? b) =>
        a is null ? b : b is null ? a : (b.Step, b.Tensor).CompareTo((a.Step, a.Tensor)) < 0 ? b : a;
}

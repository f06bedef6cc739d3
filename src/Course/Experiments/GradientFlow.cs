using Course.Diagnostics;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// How much gradient reaches each layer of a deep net: one forward and backward pass on a batch, in training mode,
/// and the size of every Linear weight's gradient. The weights and running statistics are left as they were, the
/// gradients cleared.
/// </summary>
public static class GradientFlow
{
    /// <summary>
    /// The root-mean-square gradient of each Linear layer's weight, in forward order (input side first, also inside nested blocks): the gradient norm divided by
    /// √(number of weights), so that the 784-input first layer compares with the square hidden ones.
    /// </summary>
    public static double[] PerLayer(nn.Module<Tensor, Tensor> model, Tensor features, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        // Depth first, in registration order: TorchSharp's modules() lists breadth first, which in a nested model puts the
        // output layer before the layers inside a block.
        var weights = ModuleTree.Leaves(model).Select(l => l.Module).OfType<TorchSharp.Modules.Linear>().Select(l => l.weight!).ToArray();
        if (weights.Length == 0)
            throw new ArgumentException("The model has no Linear layer whose gradient could be measured.", nameof(model));
        using var keep = new BufferSnapshot(model);
        using var mode = new Trainer.Mode(model, training: true);
        using var scope = NewDisposeScope();
        model.zero_grad();
        nn.functional.cross_entropy(model.call(features), labels).backward();
        var rms = weights.Select(w => (double)w.grad!.square().mean().sqrt().item<float>()).ToArray();
        model.zero_grad();
        return rms;
    }
}

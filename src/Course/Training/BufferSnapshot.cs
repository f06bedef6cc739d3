using TorchSharp;
using static TorchSharp.torch;

namespace Course.Training;

/// <summary>
/// Copies of a model's buffers (batch norm's running mean and variance and its batch count), written back by
/// <see cref="Restore"/> and on dispose: a measurement in training mode then leaves the model as it found it.
/// </summary>
public sealed class BufferSnapshot : IDisposable
{
    private readonly (Tensor Live, Tensor Copy)[] buffers;

    public BufferSnapshot(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = no_grad();
        buffers = model.buffers().Select(b => (b, b.clone().DetachFromDisposeScope())).ToArray();
    }

    public void Restore()
    {
        using var noGrad = no_grad();
        foreach (var (live, copy) in buffers) live.copy_(copy);
    }

    public void Dispose()
    {
        Restore();
        foreach (var (_, copy) in buffers) copy.Dispose();
    }
}

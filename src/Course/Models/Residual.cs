using static TorchSharp.torch;

namespace Course.Models;

/// <summary>x + block(x): a skip connection around any block with as many outputs as inputs. The gradient reaches
/// x through the identity path undamped, whatever the block does to it. torch.nn has no such wrapper.</summary>
public sealed class Residual : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> block;

    public Residual(nn.Module<Tensor, Tensor> block) : base(nameof(Residual))
    {
        this.block = block ?? throw new ArgumentNullException(nameof(block));
        RegisterComponents();
    }

    public nn.Module<Tensor, Tensor> Block => block;

    public override Tensor forward(Tensor input)
    {
        using var output = block.call(input);
        if (!output.shape.SequenceEqual(input.shape))
            throw new ArgumentException($"A residual block must keep its input's shape [{string.Join(", ", input.shape)}], but it returned [{string.Join(", ", output.shape)}].");
        return input + output;
    }
}

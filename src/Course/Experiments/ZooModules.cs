using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// Custom layers and losses of the kind learners write, each with one planted bug that the bug zoo feeds to the doctor.
/// Each is a few lines, so the bug can be read off the code.
/// </summary>
public static class ZooModules
{
    /// <summary>A preprocessing layer left as a placeholder: it passes on zeros shaped like its input, so nothing of the input reaches the net.</summary>
    public sealed class PlaceholderInput() : nn.Module<Tensor, Tensor>(nameof(PlaceholderInput))
    {
        public override Tensor forward(Tensor input) => zeros_like(input); // the bug: meant to transform input, returns zeros
    }

    /// <summary>Dropout written with the functional form and training fixed to true: it keeps dropping after model.eval().</summary>
    public sealed class AlwaysOnDropout(double p) : nn.Module<Tensor, Tensor>(nameof(AlwaysOnDropout))
    {
        public override Tensor forward(Tensor input) => nn.functional.dropout(input, p, training: true); // the bug: training: this.training
    }

    /// <summary>Standardises each feature over the batch, without an epsilon: a feature that is constant in a batch (an MNIST corner pixel) divides 0 by 0.</summary>
    public sealed class BatchStandardize() : nn.Module<Tensor, Tensor>(nameof(BatchStandardize))
    {
        public override Tensor forward(Tensor input) => (input - input.mean([0])) / input.std(0); // the bug: no + 1e-5
    }

    /// <summary>tanh with a hand-written backward pass that forgot a square: it uses 1 - y instead of 1 - y².</summary>
    public sealed class HandWrittenTanh() : nn.Module<Tensor, Tensor>(nameof(HandWrittenTanh))
    {
        public override Tensor forward(Tensor input) => TanhFunction.apply(input);

        private sealed class TanhFunction : autograd.SingleTensorFunction<TanhFunction>
        {
            public override string Name => nameof(TanhFunction);

            public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
            {
                var y = ((Tensor)vars[0]).tanh();
                ctx.save_for_backward([y]);
                return y;
            }

            public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
            {
                var y = ctx.get_saved_variables()[0];
                return [gradOutput * (1 - y)]; // the bug: the derivative of tanh is 1 - y * y
            }
        }
    }

    /// <summary>
    /// Cross-entropy by hand, indexing the log-probabilities with <c>[:, labels]</c> instead of <c>[range(N), labels]</c>: a
    /// [N, N] table that pairs every example with every label, averaged. It still returns one number, so nothing complains.
    /// </summary>
    public sealed class BroadcastingCrossEntropy() : nn.Module<Tensor, Tensor, Tensor>(nameof(BroadcastingCrossEntropy))
    {
        public override Tensor forward(Tensor logits, Tensor labels) =>
            -logits.log_softmax(1).index_select(1, labels).mean(); // the bug: .gather(1, labels.unsqueeze(1))
    }

    /// <summary>
    /// Cross-entropy by hand as the formula reads, the log of the softmax: a logit far below the largest makes its
    /// probability underflow to 0 in float32, and log 0 is -inf. <c>log_softmax</c> (inside <c>nn.CrossEntropyLoss</c>) never
    /// forms that 0: it computes z - logsumexp(z).
    /// </summary>
    public sealed class LogOfSoftmaxCrossEntropy() : nn.Module<Tensor, Tensor, Tensor>(nameof(LogOfSoftmaxCrossEntropy))
    {
        public override Tensor forward(Tensor logits, Tensor labels) =>
            -logits.softmax(1).gather(1, labels.unsqueeze(1)).log().mean(); // the bug: log(softmax) instead of log_softmax
    }
}

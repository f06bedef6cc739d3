using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Course.Models;

/// <summary>
/// Batch normalisation of (batch x features) inputs in a few tensor lines, the layer lesson 05 opens. Training mode:
/// normalise each feature by the batch's mean and (biased) variance, then scale by γ and shift by β, both learned, and
/// move the running statistics a <see cref="Momentum"/> step towards the batch's (the variance unbiased, as torch
/// keeps it). Evaluation mode: normalise by the running statistics instead, so one example's output no longer depends
/// on the others in its batch. Autograd differentiates through the batch statistics. Matches nn.BatchNorm1d.
/// </summary>
public sealed class BatchNormFromScratch : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;

    public BatchNormFromScratch(long features, double eps = 1e-5, double momentum = 0.1) : base(nameof(BatchNormFromScratch))
    {
        if (features < 1)
            throw new ArgumentOutOfRangeException(nameof(features), $"Batch norm needs at least one feature, but {features} came.");
        (Features, Eps, Momentum) = (features, eps, momentum);
        weight = new Parameter(ones(features));
        bias = new Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        RegisterComponents();
    }

    public long Features { get; }
    public double Eps { get; }
    public double Momentum { get; }

    /// <summary>γ, the learned scale (torch calls it weight).</summary>
    public Parameter Gamma => weight;

    /// <summary>β, the learned shift (torch calls it bias).</summary>
    public Parameter Beta => bias;

    public Tensor RunningMean => running_mean;
    public Tensor RunningVar => running_var;

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 2 || input.shape[1] != Features)
            throw new ArgumentException($"Batch norm over {Features} features expects a (batch x {Features}) input, but [{string.Join(", ", input.shape)}] came.");
        using var scope = NewDisposeScope();
        Tensor mean, variance;
        if (training)
        {
            if (input.shape[0] < 2)
                throw new ArgumentException($"Batch norm in training mode needs at least 2 examples per batch to measure a variance, but {input.shape[0]} came.");
            mean = input.mean([0]);
            variance = input.var(0, unbiased: false);
            using (no_grad())
            {
                long n = input.shape[0];
                running_mean.mul_(1 - Momentum).add_(mean.detach(), alpha: Momentum);
                running_var.mul_(1 - Momentum).add_(variance.detach() * n / (n - 1), alpha: Momentum);
            }
        }
        else
        {
            (mean, variance) = (running_mean, running_var);
        }
        var normalised = (input - mean) / (variance + Eps).sqrt();
        return (normalised * weight + bias).MoveToOuterDisposeScope();
    }
}

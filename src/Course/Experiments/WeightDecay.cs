using Course.Data;
using Course.Regularization;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>Two runs from the same initial weights on the same batches: how far apart their final weights are.</summary>
public sealed record DecayComparison(string A, string B, double MaxDifference, double RelativeDifference, double NormA, double NormB);

/// <summary>
/// Is an L2 penalty the same thing as weight decay? Both runs start from the same weights (<c>manual_seed(seed)</c>)
/// and see the same batches; the net has no biases, because the course's penalties leave biases alone while an
/// optimiser's weight_decay decays every parameter. An L2 penalty λ/2·Σw² adds λ·w to the gradient; SGD's weight_decay
/// does exactly that, so the two runs agree to float rounding. Adam then divides that gradient by its running size, so
/// coupled decay is weak where gradients are large; AdamW subtracts lr·λ·w after the Adam step, apart from the gradient.
/// </summary>
public static class WeightDecay
{
    public delegate optim.Optimizer OptimiserFactory(IEnumerable<TorchSharp.Modules.Parameter> parameters);

    public static DecayComparison Compare(string a, OptimiserFactory optimiserA, Penalty? penaltyA,
        string b, OptimiserFactory optimiserB, Penalty? penaltyB, Dataset train, int epochs, long seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        using var wa = Train(optimiserA, penaltyA, train, epochs, seed);
        using var wb = Train(optimiserB, penaltyB, train, epochs, seed);
        using var scope = NewDisposeScope();
        var (normA, normB) = (wa.norm().item<float>(), wb.norm().item<float>());
        return new DecayComparison(a, b, (wa - wb).abs().max().item<float>(), (wa - wb).norm().item<float>() / normA, normA, normB);
    }

    /// <summary>All weights of a bias-free 784-64-10 ReLU net after training, as one vector.</summary>
    private static Tensor Train(OptimiserFactory optimiser, Penalty? penalty, Dataset train, int epochs, long seed)
    {
        manual_seed(seed);
        using var model = nn.Sequential(nn.Linear(train.FeatureCount, 64, hasBias: false), nn.ReLU(), nn.Linear(64, train.ClassCount, hasBias: false));
        using var loss = nn.CrossEntropyLoss();
        using var opt = optimiser(model.parameters());
        new Trainer(model, loss, opt) { Penalty = penalty }.Fit(train, epochs, 50, shuffleSeed: seed);
        using var scope = NewDisposeScope();
        return cat([.. model.parameters().Select(p => p.detach().flatten())]).MoveToOuterDisposeScope();
    }
}

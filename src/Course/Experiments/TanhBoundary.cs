using Course.Charts;
using Course.Data;
using Course.Models;
using Course.Regularization;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>
/// A tanh net trained on the moons with L2 strength <see cref="Lambda"/>: its accuracies, the share of first-layer
/// pre-activations z on the training points with |z| &lt; 0.5 (where tanh(z) is within 8% of z: the unit acts nearly linearly),
/// the first layer's weight norm, and its decision boundary.
/// </summary>
public sealed record BoundaryRun(double Lambda, double TrainAccuracy, double ValidationAccuracy, double LinearShare, double WeightNorm, Figure Boundary);

/// <summary>
/// Why small weights make a simpler boundary: with small weights every tanh unit works near 0, where tanh(z) ≈ z, so
/// the net is close to a linear function of its inputs. A 2-64-64-2 tanh MLP, Adam 0.01 on the full batch, L2 penalty
/// λ/(2m)·Σw² with m the training set's size.
/// </summary>
public static class TanhBoundary
{
    public static BoundaryRun Train(double lambda, Dataset train, Dataset validation, int steps, long seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        manual_seed(seed);
        using var model = Mlp.Build([2, 64, 64, 2], Activation.Tanh);
        using var loss = nn.CrossEntropyLoss();
        using var optimizer = optim.Adam(model.parameters(), 0.01);
        var trainer = new Trainer(model, loss, optimizer) { Penalty = lambda > 0 ? new L2Penalty(lambda, train.Count) : null };
        trainer.Fit(train, steps, train.Count, shuffleSeed: null);
        using var scope = NewDisposeScope();   // the first layer's pre-activations and the statistics read from them
        var boundary = Plots.DecisionBoundary(grid => Trainer.Predict(model, grid), train, resolution: 60)
            .Title($"λ = {lambda.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}").Size(420, 380).Legend(false);
        using var noGrad = no_grad();
        var first = (TorchSharp.Modules.Linear)model[0];
        var z = first.call(train.Features);
        return new BoundaryRun(lambda, trainer.Evaluate(train).Accuracy, trainer.Evaluate(validation).Accuracy,
            (z.abs() < 0.5).to(float32).mean().item<float>(), first.weight!.norm().item<float>(), boundary);
    }
}

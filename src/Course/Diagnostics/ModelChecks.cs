using Course.Data;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Diagnostics;

/// <summary>What a model's output rows are: raw scores, probabilities (softmax) or log-probabilities (log-softmax).</summary>
public enum OutputKind { Logits, Probabilities, LogProbabilities }

/// <summary>Checks on a model and its loss as written, on one batch, before training (checklist section III).</summary>
public static partial class Checks
{
    /// <summary>Whether the loss gets the kind of output it expects: logits for nn.CrossEntropyLoss, log-probabilities for nn.NLLLoss.</summary>
    public static LossInputCheck LossInputs(nn.Module model, nn.Module<Tensor, Tensor, Tensor> loss, Tensor features)
    {
        var m = ModuleTree.TensorToTensor(model, nameof(model));
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(features);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var mode = new Trainer.Mode(m, training: false);
        var output = m.call(features);
        double low = output.min().item<float>(), high = output.max().item<float>();
        double sumError = (output.sum(1) - 1).abs().max().item<float>(), logSumExp = output.logsumexp(1).abs().max().item<float>();
        var kind = low >= -1e-6 && high <= 1 + 1e-6 && sumError < 1e-4 ? OutputKind.Probabilities
            : high <= 1e-6 && logSumExp < 1e-4 ? OutputKind.LogProbabilities
            : OutputKind.Logits;
        return new LossInputCheck(loss.GetType().Name, kind, low, high, sumError, logSumExp);
    }

    /// <summary>
    /// Whether the loss treats examples separately, as a mean of per-example terms does: changing one example's label must
    /// leave the loss's gradient for every other example's output unchanged. A shape slip inside a hand-written loss (a [N]
    /// tensor meeting a [N, 1] one broadcasts to [N, N]) pairs every output with every label, and fails.
    /// </summary>
    public static LossMixingCheck LossPerExample(nn.Module model, nn.Module<Tensor, Tensor, Tensor> loss, Tensor features, Tensor labels, int classes)
    {
        var m = ModuleTree.TensorToTensor(model, nameof(model));
        ArgumentNullException.ThrowIfNull(loss);
        ModuleTree.CheckBatch(features, labels, minExamples: 2);
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), $"Expected at least 2 classes, but {classes} came.");
        using var scope = NewDisposeScope();
        using var mode = new Trainer.Mode(m, training: false);
        Tensor output;
        using (no_grad())
            output = m.call(features);
        Tensor GradientFor(Tensor y)
        {
            var o = output.detach().requires_grad_(true);
            var value = loss.call(o, y);
            if (value.numel() != 1)
                throw new ArgumentException($"Expected the loss to reduce a batch to one number, but it returned shape {ModuleTree.Shape(value)}.", nameof(loss));
            value.backward();
            return o.grad!;
        }
        var changed = labels.clone();
        changed[0] = (labels[0] + 1).remainder(classes);
        var (a, b) = (GradientFor(labels), GradientFor(changed));
        long n = features.shape[0];
        double others = (a.narrow(0, 1, n - 1) - b.narrow(0, 1, n - 1)).abs().max().item<float>();
        double scale = a.abs().max().item<float>();
        return new LossMixingCheck(scale == 0 ? 0 : others / scale, (int)n);
    }

    /// <summary>
    /// Whether evaluation mode makes the model a function of each example alone: the same batch twice must give the same
    /// output (no dropout left on), and an example's output must not depend on the others in its batch (no batch statistics).
    /// </summary>
    public static EvaluationModeCheck EvaluationMode(nn.Module model, Tensor features)
    {
        var m = ModuleTree.TensorToTensor(model, nameof(model));
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() < 1 || features.shape[0] < 2)
            throw new ArgumentException($"Expected a batch of at least 2 examples, but features of shape {ModuleTree.Shape(features)} came.", nameof(features));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var mode = new Trainer.Mode(m, training: false);
        var first = m.call(features);
        double scale = Math.Max(first.abs().max().item<float>(), 1e-12);
        double repeat = (m.call(features) - first).abs().max().item<float>() / scale;
        long half = features.shape[0] / 2;
        double batch = (m.call(features.narrow(0, 0, half)) - first.narrow(0, 0, half)).abs().max().item<float>() / scale;
        var training = ModuleTree.Leaves(m).Where(l => l.Module.training).Select(l => l.Path).ToList();
        return new EvaluationModeCheck(repeat, batch, training);
    }

    /// <summary>
    /// Hidden layers whose units all start with the same weights (every row of the weight matrix equal): such units compute
    /// the same function, get the same gradient, and stay copies of one another. The last layer is left out: its rows
    /// meet different labels, so it may start at zero.
    /// </summary>
    public static SymmetryCheck SymmetricStart(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weights = model.named_parameters().Where(p => p.parameter.dim() == 2 && p.parameter.shape[0] > 1).ToList();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var symmetric = weights.SkipLast(1)
            .Where(p => (p.parameter - p.parameter[0]).abs().max().item<float>() <= 1e-7 * (1 + p.parameter.abs().max().item<float>()))
            .Select(p => p.name).ToList();
        return new SymmetryCheck(symmetric, Math.Max(0, weights.Count - 1));
    }

    /// <summary>
    /// Whether the output depends on the input at all: the data's inputs must differ from example to example, and no layer's
    /// output may come out exactly the same when random inputs (of the data's mean and spread) replace the real ones. The
    /// first layer that gives the same output either way is where the input is lost.
    /// </summary>
    public static InputDependenceCheck InputDependence(nn.Module model, Dataset data, int examples = 64, long seed = 0)
    {
        var m = ModuleTree.TensorToTensor(model, nameof(model));
        ArgumentNullException.ThrowIfNull(data);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var mode = new Trainer.Mode(m, training: false);
        using var generator = new Generator((ulong)seed);
        var flat = data.Features.reshape(data.Count, -1);
        var x = data.Features.narrow(0, 0, Math.Min(examples, data.Count));
        var spread = flat.std(0);
        var random = (flat.mean([0]) + spread * randn(x.shape[0], flat.shape[1], generator: generator)).reshape(x.shape);
        var leaves = ModuleTree.Leaves(m).Where(l => l.Module is nn.Module<Tensor, Tensor>).ToList();
        var outputs = leaves.Select(_ => new List<Tensor>()).ToArray();
        var hooks = leaves.Select((l, i) => ((nn.Module<Tensor, Tensor>)l.Module).register_forward_hook((_, _, y) => { outputs[i].Add(y.clone()); return y; })).ToList();
        Tensor real, other;
        try
        {
            (real, other) = (m.call(x), m.call(random));
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
        }
        int lost = Array.FindIndex(outputs, o => o.Count == 2 && o[0].shape.SequenceEqual(o[1].shape) && o[0].Equals(o[1]));
        double change = (other - real).abs().max().item<float>() / Math.Max(real.abs().max().item<float>(), 1e-12);
        return new InputDependenceCheck(spread.max().item<float>(), change,
            lost < 0 ? null : leaves[lost].Path, lost < 0 ? null : leaves[lost].Module.GetType().Name);
    }

    /// <summary>
    /// How big the loss's gradient is at the output of each weight layer after one backward pass on a batch (training mode,
    /// as the first step sees it), as a root mean square, input side first. The chain rule multiplies it by every layer it
    /// passes back through: a ratio far from 1 between the first layer and the output is a gradient that vanishes or explodes.
    /// (The gradient is read with a zero tensor added to each layer's output: d loss / d zero is that output's gradient.)
    /// </summary>
    public static GradientFlowCheck GradientFlow(nn.Module model, nn.Module<Tensor, Tensor, Tensor> loss, Tensor features, Tensor labels)
    {
        var m = ModuleTree.TensorToTensor(model, nameof(model));
        ArgumentNullException.ThrowIfNull(loss);
        ModuleTree.CheckBatch(features, labels);
        var layers = ModuleTree.Leaves(m).Where(l => l.Module is nn.Module<Tensor, Tensor> && l.Module.named_parameters().Any(p => p.name == "weight" && p.parameter.dim() >= 2)).ToList();
        using var scope = NewDisposeScope();
        using var mode = new Trainer.Mode(m, training: true);
        using var keep = new BufferSnapshot(m);
        var probes = new Tensor?[layers.Count];
        var hooks = layers.Select((l, i) => ((nn.Module<Tensor, Tensor>)l.Module).register_forward_hook((_, _, y) => y + (probes[i] = zeros_like(y).requires_grad_(true)))).ToList();
        try
        {
            m.zero_grad();
            loss.call(m.call(features), labels).backward();
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
            m.zero_grad();
        }
        var rms = probes.Select(p => p?.grad is { } g ? g.to(float64).square().mean().sqrt().item<double>() : double.NaN).ToList();
        return new GradientFlowCheck(layers.Select(l => l.Path).ToList(), rms);
    }
}

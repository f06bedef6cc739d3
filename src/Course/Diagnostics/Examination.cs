using System.Globalization;
using Course.Data;
using Course.Models;
using Course.Training;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Course.Diagnostics;

/// <summary>The doctor's notes: each check it runs, and the findings the failed ones turn into (one per code, the first kept).</summary>
internal sealed class Examination(double expectedAccuracy)
{
    /// <summary>Shares of a layer's units that are dead or saturated: above the first a warning, above the second an error.</summary>
    private const double SomeUnits = 0.2, MostUnits = 0.5;

    /// <summary>
    /// Update:data ratios of the weights (1e-3 is the usual healthy value) that say the learning rate is far off: a first step
    /// that moves the weights by half or all of their own spread, or steps below 1e-4 of it from start to end.
    /// </summary>
    private const double LargeFirstUpdate = 0.5, HugeFirstUpdate = 1, TinyUpdates = 1e-4;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<Finding> _findings = [];
    private readonly List<ICheck> _checks = [];

    /// <summary>Failing to memorise or to fit is a symptom: when a cause was found too, it is not the headline.</summary>
    private static readonly string[] Symptoms = [Codes.CannotOverfitBatch, Codes.Underfitting];

    public Diagnosis Diagnosis(string summary)
    {
        bool causeFound = _findings.Any(f => !Symptoms.Contains(f.Code) && f.Severity >= Severity.Warning);
        var findings = _findings.Select(f => causeFound && Symptoms.Contains(f.Code) && f.Severity > Severity.Warning ? f with { Severity = Severity.Warning } : f);
        return new(findings, _checks, summary);
    }

    private bool Found(string code) => _findings.Any(f => f.Code == code);

    private void Add(string code, Severity severity, string evidence)
    {
        if (!Found(code))
            _findings.Add(new Finding(code, severity, Codes.Of(code).Title, evidence));
    }

    private bool Check(ICheck check)
    {
        _checks.Add(check);
        return check.Passed;
    }

    public void Data(Dataset train, Dataset? validation, int batchSize, bool shuffle, long seed)
    {
        var scale = Checks.InputScale(train);
        if (!Check(scale))
            Add(Codes.InputsNotNormalized, scale.RmsInBand ? Severity.Warning : Severity.Error, scale.Verdict);
        if (validation is not null && Checks.SamePreprocessing(train, validation) is var same && !Check(same))
            Add(Codes.PreprocessingMismatch, Severity.Error, same.Verdict);
        var balance = Checks.ClassBalance(train);
        if (!Check(balance))
            Add(Codes.ClassImbalance, balance.Ratio > 10 ? Severity.Error : Severity.Warning, balance.Verdict);
        var batches = Checks.BatchLabels(train, batchSize, shuffle, seed);
        if (!Check(batches))
            Add(Codes.SingleLabelBatches, Severity.Error, batches.Verdict);
        var labels = Checks.LabelsFollowInputs(train, seed: seed);
        if (!Check(labels) && scale.Rms > 0) // all-zero inputs have no neighbours to agree: the input-dependence check reports them
            Add(Codes.LabelsMisaligned, Severity.Error, labels.Verdict);
    }

    /// <summary>The checks on a fresh model as written, before any step; disposes the model.</summary>
    public void Model(nn.Module<Tensor, Tensor> model, Func<IEnumerable<Parameter>, optim.Optimizer> optimizer,
        nn.Module<Tensor, Tensor, Tensor> loss, Dataset sample, Dataset train)
    {
        using var _ = model;
        using var opt = optimizer(model.parameters());
        if (FirstNonFinite(model, sample) is ({ } nan, var share))
        {
            // Every other check on this model would read NaNs: report where the first one comes from, and stop here.
            Add(Codes.NonFinite, Severity.Error, string.Format(Inv,
                "before training, in a forward pass over {0} examples: the output of {1} holds a NaN or an infinity first; {2:P0} of the model's outputs are not finite",
                sample.Count, nan.Layer, share));
            return;
        }
        var inputs = Checks.LossInputs(model, loss, sample.Features);
        if (!Check(inputs))
            Add(inputs.SoftmaxTwice ? Codes.DoubleSoftmax : Codes.NllWithoutLogSoftmax, Severity.Error, inputs.Verdict);
        if (sample.Count >= 2 && Checks.LossPerExample(model, loss, sample.Features, sample.Labels, train.ClassCount) is var mixing && !Check(mixing))
            Add(Codes.LossMixesExamples, Severity.Error, mixing.Verdict);
        if (sample.Count >= 2 && Checks.EvaluationMode(model, sample.Features) is var eval && !Check(eval))
            Add(Codes.WrongMode, Severity.Error, eval.Verdict);
        var symmetry = Checks.SymmetricStart(model);
        if (!Check(symmetry))
            Add(Codes.SymmetricInit, Severity.Error, symmetry.Verdict);
        var dependence = Checks.InputDependence(model, train);
        if (!Check(dependence) && !dependence.LostToDeadUnits)
            Add(Codes.DataNotUsed, Severity.Error, dependence.Verdict);
        var untrained = Checks.UntrainedParameters(model, opt);
        if (!Check(untrained))
            Add(Codes.FrozenParameters, untrained.NotInOptimizer.Count > 0 ? Severity.Error : Severity.Warning, untrained.Verdict);
        var chance = Checks.LossAtInitialisation(model, loss, sample, tolerance: 1);
        if (!Check(chance))
            Add(Codes.LossNotAtChance, Severity.Warning, chance.Verdict);
        var flow = Checks.GradientFlow(model, loss, sample.Features, sample.Labels);
        if (!Check(flow))
            Add(flow.Exploding ? Codes.ExplodingGradients : Codes.VanishingGradients, Severity.Error, flow.Verdict);
        Activations(model, sample, atInit: true);
    }

    /// <summary>The first layer whose output is not finite on the sample (training mode), and the share of the model's outputs that are not.</summary>
    private static (NonFiniteValue?, double) FirstNonFinite(nn.Module<Tensor, Tensor> model, Dataset sample)
    {
        using var probe = new ActivationProbe(model) { Recording = false };
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var keep = new BufferSnapshot(model);
        using var mode = new Trainer.Mode(model, training: true);
        var output = model.call(sample.Features);
        return (probe.FirstNonFinite, output.isfinite().logical_not().to(float64).mean().item<double>());
    }

    /// <summary>Dead and saturated units, and activation scales, on one forward pass in training mode (statistics restored after).</summary>
    private void Activations(nn.Module<Tensor, Tensor> model, Dataset sample, bool atInit)
    {
        using var probe = new ActivationProbe(model);
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        using (var keep = new BufferSnapshot(model))
        using (var mode = new Trainer.Mode(model, training: true))
            model.call(sample.Features);
        Layers(probe.Records, atInit ? "before training" : "after training");
    }

    /// <summary>Dead and saturated units, and activation scales, from one forward pass's layer records. Units that went dead
    /// or saturated during training (and were fine at the start) are a symptom, usually of steps too large: a warning.</summary>
    private void Layers(IReadOnlyList<LayerStats> layers, string when, bool duringTraining = false)
    {
        Severity Of(double? share) => share > MostUnits && !duringTraining ? Severity.Error : Severity.Warning;
        double some = duringTraining ? MostUnits : SomeUnits; // a share of ReLUs dying while training is normal
        string cause = duringTraining ? ", after starting healthy (steps too large push units there)" : "";
        if (layers.Where(l => l.Dead is not null).MaxBy(l => l.Dead) is { Dead: { } d } dead && d > some)
            Add(Codes.DeadUnits, Of(dead.Dead),
                string.Format(Inv, "{0:P0} of the units of {1} output 0 for every example of a batch {2}{3}", dead.Dead, dead.Layer, when, cause));
        if (layers.Where(l => l.Saturated is not null).MaxBy(l => l.Saturated) is { Saturated: { } t } saturated && t > some)
            Add(Codes.SaturatedActivations, Of(saturated.Saturated),
                string.Format(Inv, "{0:P0} of the outputs of {1} are saturated {2} (|tanh| > {3}, sigmoid within {4} of 0 or 1){5}",
                    saturated.Saturated, saturated.Layer, when, Activation.TanhSaturation, Activation.SigmoidSaturation, cause));
        var activations = layers.Where(l => l.Dead is not null || l.Saturated is not null).ToList();
        if (activations.Where(l => l.Std < 0.5 || l.Std > 2).Select(l => $"{l.Layer} {l.Std.ToString("G2", Inv)}").ToList() is { Count: > 0 } off)
            Add(Codes.ActivationScale, Severity.Info, $"activation std {when}: {string.Join(", ", off)}");
    }

    /// <summary>A float64 gradient check of every module the user wrote (the outermost ones), on four examples in evaluation mode.</summary>
    public void CustomGradients(Func<nn.Module<Tensor, Tensor>> build, Dataset sample)
    {
        using var model = build();
        model.to(ScalarType.Float64).eval();
        var custom = CustomModules(model);
        if (custom.Count == 0)
            return;
        var inputs = new Dictionary<string, Tensor>();
        var hooks = custom.Select(c => c.Module.register_forward_pre_hook((_, x) => { inputs.TryAdd(c.Path, x.detach().clone().DetachFromDisposeScope()); return x; })).ToList();
        try
        {
            using (var scope = NewDisposeScope())
            using (var noGrad = no_grad())
                model.call(sample.Features.narrow(0, 0, Math.Min(4, sample.Count)).to(ScalarType.Float64));
            foreach (var hook in hooks) hook.remove(); // the checks below call the modules again
            foreach (var (path, module) in custom)
            {
                if (!inputs.TryGetValue(path, out var input))
                    continue;
                GradientCheckResult result;
                try { result = GradientCheck.Check(module, input, maxPerTensor: 10); }
                catch (InvalidOperationException) { continue; } // random in evaluation mode: the mode check reports that
                var check = new CustomGradientCheck(path, result);
                if (!Check(check) && result.Band >= GradientBand.Suspicious)
                    Add(Codes.WrongGradient, result.Band == GradientBand.Wrong ? Severity.Error : Severity.Warning, check.Verdict);
            }
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
            foreach (var input in inputs.Values) input.Dispose();
        }
    }

    /// <summary>Modules not from TorchSharp itself, outermost first: the model when it is one, else those inside TorchSharp containers.</summary>
    private static List<(string Path, nn.Module<Tensor, Tensor> Module)> CustomModules(nn.Module<Tensor, Tensor> model)
    {
        static bool Custom(nn.Module m) => m.GetType().Assembly != typeof(nn.Module).Assembly;
        if (Custom(model))
            return [("model", model)];
        var found = new List<(string, nn.Module<Tensor, Tensor>)>();
        void Walk(string prefix, nn.Module module)
        {
            foreach (var (name, child) in module.named_children())
            {
                string path = prefix.Length == 0 ? name : $"{prefix}.{name}";
                if (Custom(child) && child is nn.Module<Tensor, Tensor> c)
                    found.Add((path, c));
                else
                    Walk(path, child);
            }
        }
        Walk("", model);
        return found;
    }

    /// <summary>Tries to memorise ten examples; disposes the model.</summary>
    public void Overfit(nn.Module<Tensor, Tensor> model, Func<IEnumerable<Parameter>, optim.Optimizer> optimizer,
        nn.Module<Tensor, Tensor, Tensor> loss, Dataset ten)
    {
        using var _ = model;
        using var opt = optimizer(model.parameters());
        var overfit = Checks.OverfitOneBatch(model, loss, opt, ten.Features, ten.Labels, steps: 300, target: 0.2, stopEarly: true);
        if (!Check(overfit))
            Add(Codes.CannotOverfitBatch, Severity.Error, overfit.Verdict);
    }

    /// <summary>What a training run shows: NaNs, the loss curve, update sizes, units, parameters left alone, and the fit.</summary>
    public void Run(History history, TrainingMonitor? monitor, (Evaluation Train, Evaluation? Validation)? evaluation)
    {
        var losses = history.StepLoss;
        // Update:data ratios of the weights that moved (frozen or dead ones do not tell the learning rate): at the first
        // recorded step, before any curvature or momentum adapts them, and over the whole run.
        var moved = monitor?.Parameters.Where(p => p.Parameter.EndsWith("weight", StringComparison.Ordinal) && p.UpdateRatio > 0 && double.IsFinite(p.UpdateRatio)).ToList() ?? [];
        int firstStep = moved.Count == 0 ? 0 : moved.Min(p => p.Step);
        double first = CurveShape.Median(moved.Where(p => p.Step == firstStep).Select(p => p.UpdateRatio));
        double overall = CurveShape.Median(moved.Select(p => p.UpdateRatio));
        string updates = moved.Count == 0 ? "" : string.Format(Inv, "; update:data ratio of the weights {0:G2} at the first step, {1:G2} over the run (healthy: about 1e-3)", first, overall);

        // Units that were alive at the first step and dead (or saturated) at the last were pushed there by steps too large.
        var recorded = monitor?.Activations ?? [];
        var (start, end) = (recorded.Where(r => r.Step == recorded[0].Step).ToList(), recorded.Where(r => r.Step == recorded[^1].Step).ToList());
        string? knockedOut = end.Zip(start, (e, s) => (e, s)).Where(p => p.e.Layer == p.s.Layer)
            .Select(p => (p.e.Dead ?? p.e.Saturated, p.s.Dead ?? p.s.Saturated, p.e)).Where(p => p.Item1 > MostUnits && p.Item2 < SomeUnits)
            .Select(p => string.Format(Inv, "{0:P0} of {1}'s units {2} at step {3}, {4:P0} at step {5}", p.Item1, p.e.Layer, p.e.Dead is null ? "saturated" : "dead",
                p.e.Step, p.Item2, start[0].Step)).FirstOrDefault();

        var nonFinite = monitor?.FirstNonFinite;
        if (history.Diverged || nonFinite is not null)
        {
            var finite = losses.TakeWhile(double.IsFinite).ToList();
            string where = nonFinite?.ToString() ?? $"step {finite.Count + 1}: the loss is not finite";
            bool grewFirst = finite.Count >= 2 && finite.Max() > 10 * finite[0];
            if (grewFirst || first > HugeFirstUpdate)
                Add(Codes.LearningRateTooHigh, Severity.Error,
                    string.Format(Inv, "the loss went from {0:G3} to {1:G3} within {2} steps, then {3}{4}", finite[0], finite.Max(), finite.Count, where, updates));
            Add(Codes.NonFinite, Found(Codes.LearningRateTooHigh) ? Severity.Warning : Severity.Error,
                string.Format(Inv, "{0}; the loss before it: {1}", where, finite.Count == 0 ? "none" : string.Join(", ", finite.TakeLast(3).Select(l => l.ToString("G3", Inv)))));
        }
        else if (losses.Count >= 8 && losses.Min() >= 0) // a negative loss is no cross-entropy: the loss-input check says why
        {
            // Mini-batch noise makes a healthy curve wiggle, so the curve's shape decides only the plain cases; the size
            // of the first step decides the rest.
            var shape = CurveShape.Of(losses);
            if (shape.Signature is Signature.Explodes or Signature.GoesUp || first > HugeFirstUpdate || knockedOut is not null)
                Add(Codes.LearningRateTooHigh, Severity.Error, $"{(knockedOut is null ? "" : knockedOut + "; ")}loss curve: {shape}{updates}");
            else if (first > LargeFirstUpdate)
                Add(Codes.LearningRateTooHigh, Severity.Warning, $"loss curve: {shape}{updates}");
            else if (first < TinyUpdates && overall < TinyUpdates && shape.Trend > 0.5)
                Add(Codes.LearningRateTooLow, Severity.Error, $"loss curve: {shape}{updates}");
            else if (shape.Signature == Signature.Decreases && shape.End < 0.9 * CurveShape.Median(losses.Skip(losses.Count / 2).Take(losses.Count / 4)))
                Add(Codes.StillLearning, Severity.Info, $"loss curve: {shape}");
        }

        if (monitor is not null)
        {
            if (end.Count > 0)
                Layers(end, "at the end of training", duringTraining: true);
            var noGradient = monitor.Parameters.GroupBy(p => p.Parameter).Where(g => g.All(p => double.IsNaN(p.GradNorm))).Select(g => g.Key).ToList();
            if (noGradient.Count > 0)
                Add(Codes.FrozenParameters, Severity.Error, $"no gradient ever reached {string.Join(", ", noGradient)} (frozen, or detached from the loss)");
        }
        Fit(history, evaluation);
    }

    private void Fit(History history, (Evaluation Train, Evaluation? Validation)? evaluation)
    {
        if (history.Epochs == 0 && evaluation is null)
            return;
        double train = evaluation?.Train.Accuracy ?? history.TrainAccuracy[^1];
        double validation = evaluation is { } e ? e.Validation?.Accuracy ?? double.NaN : history.ValidationAccuracy[^1];
        if (double.IsNaN(train))
            return;
        string numbers = double.IsNaN(validation) ? string.Format(Inv, "training accuracy {0:P1}", train)
            : string.Format(Inv, "training accuracy {0:P1}, validation accuracy {1:P1} (gap {2:+0.0;-0.0} points)", train, validation, 100 * (train - validation));
        if (train - validation > 0.15)
            Add(Codes.Overfitting, Severity.Warning, numbers);
        else if (train < expectedAccuracy - 0.1)
            Add(Codes.Underfitting, Severity.Warning, string.Format(Inv, "{0}; a good model reaches {1:P0}", numbers, expectedAccuracy));
    }
}

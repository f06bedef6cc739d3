using System.Globalization;
using Course.Display;

namespace Course.Diagnostics;

/// <summary>What a sanity check found: whether it passed, and a sentence with the numbers behind it.
/// A notebook shows it as one line, green ✓ or orange ✗, with the verdict.</summary>
public interface ICheck : IHtmlDisplay
{
    string Name { get; }
    bool Passed { get; }
    string Verdict { get; }

    string IHtmlDisplay.ToHtml() =>
        $"<div class=\"course-check\" style=\"color:{(Passed ? "#1a7f37" : "#bc4c00")};font-family:monospace\">{(Passed ? "✓" : "✗")} " +
        $"{Html.Escape(Name)}: {Html.Escape(Verdict)}</div>";
}

/// <summary>The loss of the untrained model next to chance, ln C: what a uniform guess over C classes scores.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record ChanceLossCheck(double Loss, int Classes, double Tolerance) : ICheck
{
    public string Name => "loss at chance";
    public double ChanceLoss => Math.Log(Classes);

    /// <summary>(loss - ln C) / ln C.</summary>
    public double RelativeGap => (Loss - ChanceLoss) / ChanceLoss;

    public bool Passed => Math.Abs(RelativeGap) <= Tolerance;

    public string Verdict => string.Format(CultureInfo.InvariantCulture, "loss at initialisation {0:F4}, chance ln {1} = {2:F4} ({3:+0.0%;-0.0%}): {4}",
        Loss, Classes, ChanceLoss, RelativeGap, Passed ? "as expected"
        : RelativeGap > 0 ? "too high, the untrained model is confidently wrong (shrink the last layer's initial weights)"
        : "too low for a model that knows nothing (does the label leak into the input?)");

    public override string ToString() => Verdict;
}

/// <summary>The losses of repeated steps on one small batch, and the loss and accuracy on it afterwards (evaluation mode).</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record OverfitCheck(IReadOnlyList<double> Losses, double FinalLoss, double Accuracy, int Examples, double Target) : ICheck
{
    public string Name => "overfit one batch";
    public bool Passed => FinalLoss <= Target;

    /// <summary>The first step (from 1) whose loss was at or below the target, or 0 if none was.</summary>
    public int StepReached => Losses.Select((loss, i) => (loss, i)).FirstOrDefault(x => x.loss <= Target, (0, -1)).Item2 + 1;

    public string Verdict => string.Format(CultureInfo.InvariantCulture,
        "{0} examples, {1} steps: loss {2:G3} -> {3:G3}, accuracy {4:P0}: {5}", Examples, Losses.Count, Losses[0], FinalLoss, Accuracy,
        Passed ? $"memorised (loss below {Target:G2})"
        : $"not memorised (loss above {Target:G2}): a model that cannot learn a few examples by heart has a bug, or its learning rate is far off");

    public override string ToString() => Verdict;
}

/// <summary>The same model trained on the real inputs and on inputs set to zero, each scored on its own training data.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record ZeroInputCheck(double RealLoss, double ZeroLoss, double RealAccuracy, double ZeroAccuracy, double Margin) : ICheck
{
    public string Name => "zero-input baseline";

    /// <summary>Real inputs must bring the loss at least <see cref="Margin"/> (relative) below the zero-input baseline.</summary>
    public bool Passed => RealLoss < (1 - Margin) * ZeroLoss;

    public string Verdict => string.Format(CultureInfo.InvariantCulture,
        "real inputs: loss {0:F4}, accuracy {1:P1}; zeroed inputs: loss {2:F4}, accuracy {3:P1}: {4}", RealLoss, RealAccuracy, ZeroLoss, ZeroAccuracy,
        Passed ? "the model uses its data" : "the same loss without the inputs: the data is not used");

    public override string ToString() => Verdict;
}

/// <summary>Parameters the optimizer never changes: frozen (requires_grad off) or never handed to it.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record UntrainedParametersCheck(IReadOnlyList<string> Frozen, IReadOnlyList<string> NotInOptimizer, int Parameters) : ICheck
{
    public string Name => "untrained parameters";
    public bool Passed => Frozen.Count == 0 && NotInOptimizer.Count == 0;

    public string Verdict => Passed ? $"all {Parameters} parameters are trained"
        : string.Join("; ", new[]
        {
            Frozen.Count == 0 ? null : $"frozen (requires_grad off): {string.Join(", ", Frozen)}",
            NotInOptimizer.Count == 0 ? null : $"not given to the optimizer: {string.Join(", ", NotInOptimizer)}",
        }.OfType<string>()) + $" ({Frozen.Union(NotInOptimizer).Count()} of {Parameters} never updated)";

    public override string ToString() => Verdict;
}

/// <summary>Whether the layers that behave differently in training and evaluation (dropout, batch norm) are in the mode wanted.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record ModeCheck(bool Training, IReadOnlyList<string> ModeDependent, IReadOnlyList<string> WrongMode) : ICheck
{
    public string Name => "train/eval mode";
    public bool Passed => WrongMode.Count == 0;

    private string Wanted => Training ? "training" : "evaluation";

    public string Verdict => ModeDependent.Count == 0 ? "no layer depends on the mode"
        : Passed ? $"{string.Join(", ", ModeDependent)} in {Wanted} mode, as wanted"
        : $"{string.Join(", ", WrongMode)} in {(Training ? "evaluation" : "training")} mode, but {Wanted} mode is wanted (call model.{(Training ? "train" : "eval")}())";

    public override string ToString() => Verdict;
}

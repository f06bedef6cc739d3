using System.Globalization;
using Course.Display;

namespace Course.Diagnostics;

/// <summary>
/// The kind of output the model gives, next to what its loss expects, and the numbers that tell the kinds apart: the range
/// of the outputs, the largest distance of a row's sum from 1, and the largest |logsumexp| of a row (0 for log-probabilities).
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record LossInputCheck(string Loss, OutputKind Output, double Min, double Max, double RowSumError, double LogSumExp) : ICheck
{
    public string Name => "loss inputs";
    public bool SoftmaxTwice => Loss == "CrossEntropyLoss" && Output == OutputKind.Probabilities;
    public bool NllOnScores => Loss == "NLLLoss" && Output != OutputKind.LogProbabilities;
    public bool Passed => !SoftmaxTwice && !NllOnScores;

    public string Verdict => string.Format(CultureInfo.InvariantCulture, "outputs in [{0:G3}, {1:G3}], rows sum to 1 within {2:G2}, |logsumexp| up to {3:G3}: ",
        Min, Max, RowSumError, LogSumExp) + $"the model outputs {Describe(Output)} and the loss is {Loss}: " + (SoftmaxTwice
        ? "CrossEntropyLoss applies its own softmax, so softmax runs twice; remove the model's softmax"
        : NllOnScores ? "NLLLoss expects log-probabilities; add LogSoftmax or use CrossEntropyLoss"
        : Output == OutputKind.LogProbabilities && Loss == "CrossEntropyLoss" ? "log-softmax twice changes nothing (it is idempotent), fine"
        : "as expected");

    private static string Describe(OutputKind kind) => kind switch
    {
        OutputKind.Probabilities => "probabilities (rows of softmax)",
        OutputKind.LogProbabilities => "log-probabilities (rows of log-softmax)",
        _ => "raw scores (logits)",
    };

    public override string ToString() => Verdict;
}

/// <summary>How much the loss's gradient for the other examples moved when one example's label changed (relative to the largest gradient).</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record LossMixingCheck(double Change, int Examples) : ICheck
{
    public string Name => "loss per example";
    public bool Passed => Change < 1e-5;

    public string Verdict => string.Format(CultureInfo.InvariantCulture,
        "changing example 0's label moved the gradient of the other {0} outputs by {1:G3} (relative): {2}", Examples - 1, Change,
        Passed ? "the loss treats examples separately" : "the loss mixes examples, a broadcasting slip pairs every output with every label");

    public override string ToString() => Verdict;
}

/// <summary>In evaluation mode: the change between two passes over the same batch, and between an example alone in a half batch and in the whole.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record EvaluationModeCheck(double RepeatChange, double BatchChange, IReadOnlyList<string> StillTraining) : ICheck
{
    public const double Tolerance = 1e-4;

    public string Name => "evaluation mode";
    public bool Passed => RepeatChange < Tolerance && BatchChange < Tolerance && StillTraining.Count == 0;

    public string Verdict => string.Format(CultureInfo.InvariantCulture, "in eval mode, the same batch twice differs by {0:G3}, a smaller batch by {1:G3} (relative): {2}",
        RepeatChange, BatchChange,
        Passed ? "each example's output is fixed"
        : StillTraining.Count > 0 ? $"{string.Join(", ", StillTraining)} stay in training mode after model.eval()"
        : RepeatChange >= Tolerance ? "the output is random in evaluation mode (dropout that ignores eval())"
        : "an example's output depends on its batch in evaluation mode (batch statistics used at evaluation)");

    public override string ToString() => Verdict;
}

/// <summary>Hidden layers whose weight rows all start equal, out of the hidden layers checked.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record SymmetryCheck(IReadOnlyList<string> Symmetric, int Checked) : ICheck
{
    public string Name => "symmetric start";
    public bool Passed => Symmetric.Count == 0;

    public string Verdict => Passed ? $"the units of all {Checked} hidden weight matrices start different"
        : $"every unit of {string.Join(", ", Symmetric)} starts with the same weights: they get the same gradient and stay copies";

    public override string ToString() => Verdict;
}

/// <summary>
/// The largest per-feature std of the data, how much the output changes when random inputs replace real ones (relative), and
/// the first layer whose output did not change at all (null when every layer followed the input).
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record InputDependenceCheck(double InputSpread, double OutputChange, string? LostAt, string? LostAtType) : ICheck
{
    public string Name => "input dependence";
    public bool InputsVary => InputSpread > 1e-6;

    /// <summary>The input is cut off by ReLUs that output 0 whatever comes: dead units, not a data problem.</summary>
    public bool LostToDeadUnits => LostAtType is "ReLU" or "LeakyReLU" or "ReLU6";

    public bool Passed => InputsVary && LostAt is null;

    public string Verdict => string.Format(CultureInfo.InvariantCulture, "largest feature std {0:G3}; random inputs change the output by {1:G3} (relative): {2}",
        InputSpread, OutputChange,
        !InputsVary ? "every example has the same input, there is nothing to learn from"
        : LostToDeadUnits ? $"{LostAt} outputs the same whatever the input: its units are dead and cut the input off"
        : LostAt is not null ? $"the output of {LostAt} ({LostAtType}) is the same whatever the input: the data is not used"
        : "every layer follows the input");

    public override string ToString() => Verdict;
}

/// <summary>The root-mean-square gradient of the loss at the output of each weight layer after one backward pass, input side first.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record GradientFlowCheck(IReadOnlyList<string> Layers, IReadOnlyList<double> Rms) : ICheck
{
    /// <summary>A gradient at the first layer more than this factor smaller or larger than at the output vanishes or explodes.</summary>
    public const double HighestRatio = 1e3;

    public string Name => "gradient flow";

    /// <summary>The gradient at the first weight layer's output over the gradient at the model's output; 1 with a single weight layer.</summary>
    public double Ratio => Layers.Count < 2 ? 1 : Rms[0] / Rms[^1];

    public bool Vanishing => Ratio < 1 / HighestRatio;
    public bool Exploding => Ratio > HighestRatio || Rms.Any(double.IsInfinity);
    public bool Passed => !Vanishing && !Exploding;

    public string Verdict => Layers.Count == 0 ? "no weight layer to measure" : string.Format(CultureInfo.InvariantCulture,
        "RMS gradient {0:G3} at the output of {1}, {2:G3} at {3} ({4} weight layers, ratio {5:G3}): {6}", Rms[0], Layers[0], Rms[^1], Layers[^1], Layers.Count, Ratio,
        Vanishing ? "the gradient vanishes on its way to the input" : Exploding ? "the gradient explodes on its way to the input" : "flows through the layers");

    public override string ToString() => Verdict;
}

/// <summary>A gradient check of one module the user wrote, by its path in the model.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record CustomGradientCheck(string Module, GradientCheckResult Result) : ICheck
{
    public string Name => $"gradient check of {Module}";
    public bool Passed => Result.Passed;
    public string Verdict => Result.Verdict;
    public override string ToString() => Verdict;
}

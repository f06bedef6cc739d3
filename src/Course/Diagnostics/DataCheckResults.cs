using System.Globalization;
using Course.Display;

namespace Course.Diagnostics;

/// <summary>The inputs' overall mean, root mean square and largest magnitude, and the spread of the features' scales.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record InputScaleCheck(double Mean, double Rms, double MaxAbs, double FeatureScaleRatio) : ICheck
{
    /// <summary>Inputs count as normalised when their RMS lies in this band: [0, 1] images, [-0.5, 0.5] and standardised features all do.</summary>
    public const double LowestRms = 0.01, HighestRms = 5;

    /// <summary>Features whose scales differ by more than this factor are not on a common scale.</summary>
    public const double HighestScaleRatio = 100;

    public string Name => "input scale";
    public bool RmsInBand => Rms >= LowestRms && Rms <= HighestRms;
    public bool Passed => RmsInBand && FeatureScaleRatio <= HighestScaleRatio;

    public string Verdict => string.Format(CultureInfo.InvariantCulture,
        "inputs: mean {0:G3}, RMS {1:G3}, largest |x| {2:G3}; feature scales differ up to {3:G3}x: {4}", Mean, Rms, MaxAbs, FeatureScaleRatio,
        Passed ? "on a sensible scale"
        : !RmsInBand ? $"RMS outside {LowestRms:G2} to {HighestRms:G2}: scale the inputs (standardise, or divide pixels by 255)"
        : "features on very different scales: standardise each feature");

    public override string ToString() => Verdict;
}

/// <summary>The mean and std of the training inputs next to those of another set, which should have been preprocessed the same way.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record PreprocessingCheck(double TrainMean, double TrainStd, double OtherMean, double OtherStd) : ICheck
{
    /// <summary>Sets whose stds differ by more than this factor, or whose means differ by more than one training std, were preprocessed differently.</summary>
    public const double HighestStdRatio = 3;

    public string Name => "same preprocessing";
    public double StdRatio => OtherStd / TrainStd;
    public bool Passed => StdRatio <= HighestStdRatio && StdRatio >= 1 / HighestStdRatio && Math.Abs(OtherMean - TrainMean) <= TrainStd;

    public string Verdict => string.Format(CultureInfo.InvariantCulture,
        "training inputs: mean {0:G3}, std {1:G3}; validation inputs: mean {2:G3}, std {3:G3} (x{4:G3}): {5}", TrainMean, TrainStd, OtherMean, OtherStd,
        StdRatio, Passed ? "same scale" : "preprocessed differently: apply the training set's preprocessing to both");

    public override string ToString() => Verdict;
}

/// <summary>Examples per class in the training data.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record ClassBalanceCheck(IReadOnlyList<long> Counts) : ICheck
{
    /// <summary>A largest-to-smallest class ratio above this is imbalance worth handling.</summary>
    public const double HighestRatio = 3;

    public string Name => "class balance";

    /// <summary>Examples of the largest class per example of the smallest (infinite when a class has none).</summary>
    public double Ratio => Counts.Min() == 0 ? double.PositiveInfinity : (double)Counts.Max() / Counts.Min();

    public int SmallestClass => Counts.Select((c, i) => (c, i)).MinBy(x => x.c).i;
    public bool Passed => Ratio <= HighestRatio;

    public string Verdict => string.Format(CultureInfo.InvariantCulture, "examples per class {0} to {1} (ratio {2:G3}, smallest class {3}): {4}",
        Counts.Min(), Counts.Max(), Ratio, SmallestClass, Passed ? "balanced enough" : "imbalanced: weight the loss or resample");

    public override string ToString() => Verdict;
}

/// <summary>How many of training's batches hold a single label, and how many would if the data were shuffled.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record BatchLabelsCheck(int Batches, int SingleLabel, double ExpectedShare, int BatchSize, bool Shuffled) : ICheck
{
    public string Name => "batch labels";
    public double Share => (double)SingleLabel / Batches;

    /// <summary>Fails when more than a tenth of the batches hold one label, and three times as many as shuffling would give.</summary>
    public bool Passed => Share <= Math.Max(0.1, 3 * ExpectedShare);

    public string Verdict => string.Format(CultureInfo.InvariantCulture,
        "{0} of {1} batches of {2} hold a single label ({3:P0}; shuffled data would give {4:P0}){5}: {6}", SingleLabel, Batches, BatchSize, Share,
        ExpectedShare, Shuffled ? "" : ", not shuffled", Passed ? "batches mix the classes" : "single-label batches: shuffle the data");

    public override string ToString() => Verdict;
}

/// <summary>How often an example's nearest neighbour shares its label, against labels paired with inputs at random.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record LabelAgreementCheck(double Agreement, double ChanceAgreement, int Examples) : ICheck
{
    public string Name => "labels follow inputs";

    /// <summary>The nearest neighbours must agree at least a quarter of the way from chance to always.</summary>
    public double Threshold => ChanceAgreement + 0.25 * (1 - ChanceAgreement);
    public bool Passed => Agreement >= Threshold;

    public string Verdict => string.Format(CultureInfo.InvariantCulture,
        "nearest neighbours share the label for {0:P1} of {1} examples, chance pairing gives {2:P1}: {3}", Agreement, Examples, ChanceAgreement,
        Passed ? "labels follow the inputs" : "no better than chance: labels and inputs were separated");

    public override string ToString() => Verdict;
}

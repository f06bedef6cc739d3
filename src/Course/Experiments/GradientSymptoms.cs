using System.Globalization;
using Microsoft.Data.Analysis;

namespace Course.Experiments;

/// <summary>
/// One symptom from the seed notes' lists, checked on a real run: what the notes say, what the run measured, and
/// whether the statement holds there. <see cref="Value"/> is the number the verdict rests on.
/// </summary>
public sealed record SymptomCheck(string Problem, string Symptom, string Measured, double Value, bool Holds)
{
    public string Verdict => Holds ? "holds" : "wrong";
}

/// <summary>
/// The seed notes' symptoms of exploding and of vanishing gradients, each measured on one run that explodes and one
/// that vanishes. A symptom holds when the run shows it plainly; the thresholds are far from the measured values, so a
/// verdict does not hang on a lucky seed.
/// </summary>
public static class GradientSymptoms
{
    public const string Exploding = "exploding";
    public const string Vanishing = "vanishing";

    /// <summary>The ten checks, exploding first, in the order of the seed notes' lists.</summary>
    public static IReadOnlyList<SymptomCheck> Measure(DeepRun exploding, DeepRun vanishing)
    {
        ArgumentNullException.ThrowIfNull(exploding);
        ArgumentNullException.ThrowIfNull(vanishing);
        var losses = exploding.History.StepLoss;
        var finiteLosses = losses.Where(double.IsFinite).ToArray();
        var jump = finiteLosses.Zip(finiteLosses.Skip(1), (a, b) => Math.Max(a / b, b / a)).DefaultIfEmpty(1).Max();
        int nanStep = exploding.History.Diverged ? exploding.History.Steps : 0;
        var growth = exploding.WeightStdAfter.Zip(exploding.WeightStdBefore, (a, b) => double.IsFinite(a) ? a / b : double.PositiveInfinity).Max();
        var change = LargestGradientChange(exploding);
        var shrink = vanishing.WeightStdAfter.Zip(vanishing.WeightStdBefore, (a, b) => a / b).Min();
        double first = MedianRatio(vanishing, "linear1.weight"), last = MedianRatio(vanishing, "output.weight");
        double ln = Math.Log(vanishing.Classes);
        int steps = vanishing.History.Steps;

        return
        [
            new(Exploding, "large changes in the loss from one iteration to the next",
                $"largest change between two steps: ×{G(jump)}", jump, jump > 10),
            new(Exploding, "the loss soon becomes NaN",
                nanStep > 0 ? $"non-finite at step {nanStep}" : $"finite for all {exploding.History.Steps} steps", nanStep, nanStep > 0),
            new(Exploding, "the weights grow far too large, sometimes to NaN",
                $"largest weight std at the end ÷ at the start: ×{G(growth)}", growth, growth > 2),
            new(Exploding, "the derivatives are constant in each iteration",
                $"largest change of a layer's gradient norm from one step to the next: ×{G(change)}", change, change < 2),
            new(Exploding, "poor performance even on the training set",
                double.IsNaN(exploding.FinalLoss) ? "no finite training loss at the end" : $"training loss at the end {G(exploding.FinalLoss)}",
                exploding.FinalLoss, double.IsNaN(exploding.FinalLoss) || exploding.FinalLoss > 0.9 * Math.Log(exploding.Classes)),
            new(Vanishing, "the weights soon reach 0",
                $"smallest weight std at the end ÷ at the start: {G(shrink)}", shrink, shrink < 0.1),
            new(Vanishing, "the layers near the output change a lot, those near the input hardly at all",
                $"median update:data ratio, layer 1: {G(first)}, output layer: {G(last)}", first, last > 100 * first),
            new(Vanishing, "the gradients of the early layers go to (near) 0",
                $"layer 1's RMS gradient ÷ the last hidden layer's: {G(vanishing.FirstToLastHidden)}", vanishing.FirstToLastHidden,
                vanishing.FirstToLastHidden < 1e-6),
            new(Vanishing, "the loss improves very slowly, or stops improving",
                $"training loss after {steps} steps: {G(vanishing.FinalLoss)} (chance, ln {vanishing.Classes}: {G(ln)})",
                vanishing.FinalLoss, Math.Abs(vanishing.FinalLoss - ln) < 0.1),
            new(Vanishing, "the loss soon reaches 0 and stops changing",
                $"training loss after {steps} steps: {G(vanishing.FinalLoss)}", vanishing.FinalLoss, vanishing.FinalLoss < 0.1),
        ];
    }

    /// <summary>One row per check: problem, the seed notes say, measured, verdict.</summary>
    public static DataFrame ToDataFrame(IEnumerable<SymptomCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var all = checks.ToArray();
        return new DataFrame(
            new StringDataFrameColumn("problem", all.Select(c => c.Problem)),
            new StringDataFrameColumn("the seed notes say", all.Select(c => c.Symptom)),
            new StringDataFrameColumn("measured", all.Select(c => c.Measured)),
            new StringDataFrameColumn("verdict", all.Select(c => c.Verdict)));
    }

    /// <summary>
    /// The largest factor by which any parameter's gradient norm changed between two consecutive monitored steps
    /// (1 when the gradients did not change at all). A norm that overflowed after a finite one changed infinitely;
    /// two non-finite norms, or a zero one, say nothing and count as no change.
    /// </summary>
    public static double LargestGradientChange(DeepRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Parameters.GroupBy(p => p.Parameter)
            .SelectMany(g =>
            {
                var norms = g.OrderBy(p => p.Step).Select(p => p.GradNorm).ToArray();
                return norms.Zip(norms.Skip(1), Change);
            })
            .DefaultIfEmpty(1).Max();
    }

    private static double Change(double a, double b) =>
        double.IsFinite(a) && double.IsFinite(b) ? (a > 0 && b > 0 ? Math.Max(a / b, b / a) : 1)
        : double.IsFinite(a) || double.IsFinite(b) ? double.PositiveInfinity : 1;

    /// <summary>The median update:data ratio of one parameter over the monitored steps.</summary>
    public static double MedianRatio(DeepRun run, string parameter)
    {
        ArgumentNullException.ThrowIfNull(run);
        var ratios = run.Parameters.Where(p => p.Parameter == parameter).Select(p => p.UpdateRatio).Order().ToArray();
        if (ratios.Length == 0)
            throw new ArgumentException($"Expected monitored steps of {parameter}, but the run has none; its parameters are " +
                $"{string.Join(", ", run.Parameters.Select(p => p.Parameter).Distinct())}.", nameof(parameter));
        return SeedSpread.Percentile(ratios, 50);
    }

    private static string G(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}

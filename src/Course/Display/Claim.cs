namespace Course.Display;

/// <summary>
/// A lesson's key number, checked where the learner can see it. A claim that holds returns a green
/// "✓" line; a claim that does not hold throws <see cref="ClaimFailedException"/>, so the notebook
/// (and the test that runs it) fails instead of quietly teaching something false.
/// </summary>
public static class Claim
{
    /// <summary><c>Claim.Check("plain randn overflows near layer 31", layer, l => l is &gt;= 28 and &lt;= 34, "between 28 and 34")</c></summary>
    public static ClaimResult Check(string name, double measured, Func<double, bool> holds, string expectation)
    {
        ArgumentNullException.ThrowIfNull(holds);
        return Decide(name, Html.Number(measured), holds(measured), expectation);
    }

    /// <summary><c>Claim.Between("std after 100 layers", std, 0.5, 2.0)</c> (both ends included).</summary>
    public static ClaimResult Between(string name, double measured, double low, double high)
    {
        if (!(low <= high)) throw new ArgumentException($"Claim \"{name}\": low ({Html.Number(low)}) must not exceed high ({Html.Number(high)}).");
        return Decide(name, Html.Number(measured), measured >= low && measured <= high,
            $"between {Html.Number(low)} and {Html.Number(high)}");
    }

    /// <summary><c>Claim.Equal("loss at chance", loss, Math.Log(10), 0.05)</c>: |measured - expected| ≤ tolerance.</summary>
    public static ClaimResult Equal(string name, double measured, double expected, double tolerance)
    {
        if (!(tolerance >= 0)) throw new ArgumentException($"Claim \"{name}\": tolerance must be zero or positive, got {Html.Number(tolerance)}.");
        return Decide(name, Html.Number(measured), Math.Abs(measured - expected) <= tolerance,
            $"{Html.Number(expected)} ± {Html.Number(tolerance)}");
    }

    /// <summary>
    /// <c>Claim.EverySeed("std after 100 layers", stds, 0.02, 0.2)</c>: the smallest and the largest of the values (one per
    /// seed) both lie in the band, so one unlucky seed fails it. A NaN among them fails it too.
    /// </summary>
    public static ClaimResult EverySeed(string name, IEnumerable<double> values, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(low <= high)) throw new ArgumentException($"Claim \"{name}\": low ({Html.Number(low)}) must not exceed high ({Html.Number(high)}).");
        var all = values.ToArray();
        if (all.Length == 0) throw new ArgumentException($"Claim \"{name}\" needs at least one value, but none came.", nameof(values));
        var (min, max) = (all.Min(), all.Max());
        bool holds = !all.Any(double.IsNaN) && min >= low && max <= high;
        return Decide(name, $"all {all.Length} seeds between {Html.Number(min)} and {Html.Number(max)}", holds,
            $"every seed between {Html.Number(low)} and {Html.Number(high)}");
    }

    /// <summary><c>Claim.True("every unit identical", allSame, $"{distinct} distinct rows")</c></summary>
    public static ClaimResult True(string name, bool condition, string evidence) =>
        Decide(name, evidence, condition, "true");

    private static ClaimResult Decide(string name, string measured, bool holds, string expectation)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A claim needs a name that says what is claimed.", nameof(name));
        if (!holds) throw new ClaimFailedException(name, measured, expectation);
        return new ClaimResult(name, measured, expectation);
    }
}

/// <summary>A claim that held: shown as "✓ name: measured (expected ...)".</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class ClaimResult(string name, string measured, string expectation) : IHtmlDisplay
{
    public string Name { get; } = name;
    public string Measured { get; } = measured;
    public string Expectation { get; } = expectation;

    public string ToHtml() =>
        $"<div class=\"course-claim\" style=\"color:#1a7f37;font-family:monospace\">✓ {Html.Escape(Name)}: " +
        $"<b>{Html.Escape(Measured)}</b> (expected {Html.Escape(Expectation)})</div>";

    public override string ToString() => $"✓ {Name}: {Measured} (expected {Expectation})";
}

/// <summary>Thrown when a claim does not hold; the message names the claim, the measurement and the expectation.</summary>
public sealed class ClaimFailedException(string claim, string measured, string expectation)
    : Exception($"Claim failed: \"{claim}\": measured {measured}, expected {expectation}.")
{
    public string Claim { get; } = claim;
    public string Measured { get; } = measured;
    public string Expectation { get; } = expectation;
}

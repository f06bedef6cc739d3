using Course.Display;

namespace Course.Tests.Display;

public class ClaimTests
{
    [Fact]
    public void A_claim_that_holds_returns_a_green_check_line()
    {
        var result = Claim.Check("plain randn overflows near layer 31", 31, l => l is >= 28 and <= 34, "between 28 and 34");
        Assert.Equal("✓ plain randn overflows near layer 31: 31 (expected between 28 and 34)", result.ToString());
        Assert.Contains("color:#1a7f37", result.ToHtml());
    }

    [Fact]
    public void A_claim_that_fails_throws_naming_the_claim_the_measurement_and_the_expectation()
    {
        var e = Assert.Throws<ClaimFailedException>(() => Claim.Between("overflow layer", 45, 28, 34));
        Assert.Equal("Claim failed: \"overflow layer\": measured 45, expected between 28 and 34.", e.Message);
        Assert.Equal("overflow layer", e.Claim);
    }

    [Fact]
    public void Equal_uses_the_tolerance_and_prints_numbers_invariantly()
    {
        using var _ = new CommaCulture();
        var ok = Claim.Equal("loss at chance", 2.3026, Math.Log(10), 0.01);
        Assert.Equal("✓ loss at chance: 2.3026 (expected 2.30259 ± 0.01)", ok.ToString());

        var e = Assert.Throws<ClaimFailedException>(() => Claim.Equal("loss at chance", 2.5, Math.Log(10), 0.01));
        Assert.Contains("measured 2.5, expected 2.30259 ± 0.01", e.Message);
    }

    [Fact]
    public void NaN_never_satisfies_a_numeric_claim()
    {
        var e = Assert.Throws<ClaimFailedException>(() => Claim.Between("std", double.NaN, 0, 1));
        Assert.Contains("measured NaN", e.Message);
        Assert.Throws<ClaimFailedException>(() => Claim.Equal("std", double.NaN, 1, 0.1));
    }

    [Fact]
    public void True_shows_its_evidence()
    {
        Assert.Equal("✓ every unit identical: 1 distinct row (expected true)", Claim.True("every unit identical", true, "1 distinct row").ToString());
        var e = Assert.Throws<ClaimFailedException>(() => Claim.True("every unit identical", false, "256 distinct rows"));
        Assert.Contains("256 distinct rows", e.Message);
    }

    [Fact]
    public void Claim_text_is_escaped_in_html()
    {
        Assert.Contains("a &lt; b", Claim.True("a < b", true, "yes").ToHtml());
    }

    [Fact]
    public void EverySeed_holds_only_when_the_smallest_and_the_largest_value_both_lie_in_the_band()
    {
        Assert.Equal("✓ std: all 3 seeds between 0.9 and 1.1 (expected every seed between 0.5 and 2)", Claim.EverySeed("std", [1.1, 0.9, 1], 0.5, 2).ToString());
        var low = Assert.Throws<ClaimFailedException>(() => Claim.EverySeed("std", [0.4, 1], 0.5, 2));
        Assert.Equal("all 2 seeds between 0.4 and 1", low.Measured);
        Assert.Throws<ClaimFailedException>(() => Claim.EverySeed("std", [1, 2.5], 0.5, 2));
        Assert.Throws<ClaimFailedException>(() => Claim.EverySeed("std", [1, double.NaN], 0.5, 2));
        Assert.Throws<ArgumentException>(() => Claim.EverySeed("std", [], 0.5, 2));
    }
}

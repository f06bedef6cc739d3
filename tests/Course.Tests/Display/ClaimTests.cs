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
}

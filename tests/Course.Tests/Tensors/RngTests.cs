using Course.Tensors;

namespace Course.Tests.Tensors;

public class RngTests
{
    private const int N = 1_000_000;

    [Fact]
    public void Same_seed_gives_the_same_numbers_from_every_method()
    {
        var a = new Rng(7);
        var b = new Rng(7);
        Assert.Equal(a.NextULong(), b.NextULong());
        Assert.Equal(a.Normal(), b.Normal());
        Assert.Equal(a.Uniform(100, 100, -1, 1).Data, b.Uniform(100, 100, -1, 1).Data);
        Assert.Equal(a.Normal(33, 7).Data, b.Normal(33, 7).Data);
        Assert.Equal(a.Permutation(50), b.Permutation(50));
        Assert.NotEqual(new Rng(7).Normal(16, 16).Data, new Rng(8).Normal(16, 16).Data);
    }

    [Fact]
    public void Streams_are_frozen()
    {
        // These values are part of the course: notebooks quote numbers drawn from seeded generators.
        var rng = new Rng(42);
        Assert.Equal(0x15780B2E0C2EC716UL, rng.NextULong());
        var u = new float[3];
        rng.FillUniform(u, 0, 1);
        Assert.Equal([0.3251958f, 0.9937209f, 0.70319813f], u);
        var z = new float[3];
        rng.FillNormal(z);
        Assert.Equal([0.24349f, -0.055135872f, -0.2630728f], z);
    }

    [Fact]
    public void FillUniform_matches_the_documented_scalar_algorithm()
    {
        // 40 values: two whole blocks of 16 and a partial one.
        var expected = ReferenceBlocks(11, 3).Take(40).Select(bits => -2f + 5f * Unit(bits)).ToArray();
        var actual = new float[40];
        new Rng(11).FillUniform(actual, -2f, 3f);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void FillBernoulli_matches_the_documented_scalar_algorithm()
    {
        var expected = ReferenceBlocks(12, 3).Take(40).Select(bits => Unit(bits) < 0.3f ? 1f : 0f).ToArray();
        var actual = new float[40];
        new Rng(12).FillBernoulli(actual, 0.3f);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void FillNormal_matches_Box_Muller_computed_in_double()
    {
        var bits = ReferenceBlocks(13, 64);
        var expected = new double[bits.Length];
        for (int block = 0; block < bits.Length; block += 16)
            for (int j = 0; j < 8; j++)
            {
                uint x = bits[block + j], y = bits[block + 8 + j];
                double u = (x >> 1) * Math.Pow(2, -31) + Math.Pow(2, -32);
                double r = Math.Sqrt(-2 * Math.Log(u));
                double angle = ((y >> 6) & 0xFFFFFF) * (Math.PI / 2) / (1 << 24);
                expected[block + j] = (y >> 31) == 1 ? -r * Math.Cos(angle) : r * Math.Cos(angle);
                expected[block + 8 + j] = ((y >> 30) & 1) == 1 ? -r * Math.Sin(angle) : r * Math.Sin(angle);
            }
        var actual = new float[bits.Length];
        new Rng(13).FillNormal(actual);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) < 2e-6 * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void A_short_fill_is_the_start_of_a_long_one()
    {
        var shortFill = new float[37];
        var longFill = new float[100];
        new Rng(5).FillNormal(shortFill);
        new Rng(5).FillNormal(longFill);
        Assert.Equal(longFill[..37], shortFill);
    }

    [Fact]
    public void Fills_and_single_draws_do_not_disturb_each_other()
    {
        var plain = new Rng(9);
        var mixed = new Rng(9);
        mixed.FillUniform(new float[1000], 0, 1);
        Assert.Equal(plain.NextULong(), mixed.NextULong());

        var fillOnly = new float[64];
        new Rng(9).FillUniform(fillOnly, 0, 1);
        var interleaved = new Rng(9);
        interleaved.Normal();
        interleaved.NextInt(10);
        var after = new float[64];
        interleaved.FillUniform(after, 0, 1);
        Assert.Equal(fillOnly, after);
    }

    [Fact]
    public void FillUniform_has_the_moments_of_a_uniform()
    {
        var u = new float[N];
        new Rng(1).FillUniform(u, 0, 1);
        Assert.All(u, v => Assert.InRange(v, 0f, 0.99999994f));
        var (mean, variance) = Moments(u);
        // Standard errors: mean 2.9e-4, variance 7.5e-5. Allow five of them.
        Assert.InRange(mean, 0.5 - 1.5e-3, 0.5 + 1.5e-3);
        Assert.InRange(variance, 1.0 / 12 - 3.7e-4, 1.0 / 12 + 3.7e-4);

        var w = new float[N];
        new Rng(2).FillUniform(w, -3, 5);
        Assert.All(w, v => Assert.InRange(v, -3f, 5f));
        Assert.InRange(Moments(w).Mean, 1 - 0.012, 1 + 0.012);
    }

    [Fact]
    public void FillUniform_passes_a_chi_square_test_on_100_bins()
    {
        var u = new float[N];
        new Rng(3).FillUniform(u, 0, 1);
        var counts = new int[100];
        foreach (var v in u) counts[(int)(v * 100)]++;
        double expected = N / 100.0;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        // 99 degrees of freedom: mean 99, sd 14. Both tails fail at about one in a million.
        Assert.InRange(chi2, 45, 175);
    }

    [Theory]
    [InlineData(1)]  // neighbours: the two halves of one 64-bit draw
    [InlineData(2)]  // the next lane
    [InlineData(8)]  // the other vector of the same step
    [InlineData(16)] // the same lane one step later
    public void Fills_show_no_correlation_between_nearby_values(int lag)
    {
        var u = new float[N];
        new Rng(4).FillUniform(u, 0, 1);
        var z = new float[N];
        new Rng(4).FillNormal(z);
        // The standard error of a correlation over 1e6 pairs is 1e-3.
        Assert.InRange(Correlation(u, lag), -5e-3, 5e-3);
        Assert.InRange(Correlation(z, lag), -5e-3, 5e-3);
    }

    [Fact]
    public void FillNormal_has_the_moments_and_tails_of_a_normal()
    {
        var z = new float[N];
        new Rng(6).FillNormal(z);
        var (mean, variance) = Moments(z);
        Assert.InRange(mean, -5e-3, 5e-3);
        Assert.InRange(variance, 1 - 7e-3, 1 + 7e-3);
        double kurtosis = z.Average(v => Math.Pow(v - mean, 4)) / (variance * variance);
        Assert.InRange(kurtosis, 3 - 0.025, 3 + 0.025);

        // Two-sided tail fractions with their standard errors times five.
        Assert.InRange(Fraction(z, v => Math.Abs(v) > 1.96), 0.05 - 1.1e-3, 0.05 + 1.1e-3);
        Assert.InRange(Fraction(z, v => Math.Abs(v) > 3), 0.0027 - 2.6e-4, 0.0027 + 2.6e-4);
        Assert.InRange(Fraction(z, v => v > 1.96), 0.025 - 7.9e-4, 0.025 + 7.9e-4);
        Assert.InRange(Fraction(z, v => v < -1.96), 0.025 - 7.9e-4, 0.025 + 7.9e-4);
        Assert.InRange(Fraction(z, v => Math.Abs(v) < 0.5), 0.3829 - 2.5e-3, 0.3829 + 2.5e-3);
    }

    [Fact]
    public void FillNormal_honours_mean_and_std()
    {
        var z = new float[N];
        new Rng(8).FillNormal(z, mean: 3, std: 2);
        var (mean, variance) = Moments(z);
        Assert.InRange(mean, 3 - 0.01, 3 + 0.01);
        Assert.InRange(Math.Sqrt(variance), 2 - 7e-3, 2 + 7e-3);
    }

    [Fact]
    public void FillBernoulli_succeeds_with_probability_p()
    {
        var b = new float[N];
        new Rng(10).FillBernoulli(b, 0.3f);
        Assert.All(b, v => Assert.True(v == 0f || v == 1f));
        Assert.InRange(b.Average(), 0.3 - 2.3e-3, 0.3 + 2.3e-3);

        new Rng(10).FillBernoulli(b, 0f);
        Assert.All(b, v => Assert.Equal(0f, v));
        new Rng(10).FillBernoulli(b, 1f);
        Assert.All(b, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Single_normal_draws_have_unit_variance()
    {
        var rng = new Rng(14);
        var z = new float[200_000];
        for (int i = 0; i < z.Length; i++) z[i] = rng.Normal();
        var (mean, variance) = Moments(z);
        Assert.InRange(mean, -0.012, 0.012);
        Assert.InRange(variance, 1 - 0.016, 1 + 0.016);
        Assert.InRange(Fraction(z, v => Math.Abs(v) > 1.96), 0.05 - 2.5e-3, 0.05 + 2.5e-3);
    }

    [Fact]
    public void NextInt_is_uniform_over_its_range()
    {
        var rng = new Rng(15);
        var counts = new int[7];
        for (int i = 0; i < 700_000; i++) counts[rng.NextInt(7)]++;
        double chi2 = counts.Sum(c => (c - 100_000.0) * (c - 100_000.0) / 100_000.0);
        Assert.InRange(chi2, 0, 35); // 6 degrees of freedom
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }

    // ---- A plain scalar model of the fill generators, written from the documentation ----

    /// <summary>The uint draws of the first <paramref name="steps"/> steps, 16 per step, in fill order.</summary>
    private static uint[] ReferenceBlocks(ulong seed, int steps)
    {
        ulong x = seed;
        for (int i = 0; i < 4; i++) SplitMix(ref x); // the single-draw generator's state
        var s = new ulong[8, 4];
        for (int lane = 0; lane < 8; lane++)
            for (int word = 0; word < 4; word++)
                s[lane, word] = SplitMix(ref x);
        var draws = new uint[16 * steps];
        for (int step = 0; step < steps; step++)
            for (int lane = 0; lane < 8; lane++)
            {
                ulong r = Xoshiro(s, lane);
                draws[16 * step + 2 * lane] = (uint)r;
                draws[16 * step + 2 * lane + 1] = (uint)(r >> 32);
            }
        return draws;
    }

    private static float Unit(uint bits) => (bits >> 8) * (1.0f / (1 << 24));

    private static ulong Xoshiro(ulong[,] s, int lane)
    {
        ulong result = ulong.RotateLeft(s[lane, 1] * 5, 7) * 9;
        ulong t = s[lane, 1] << 17;
        s[lane, 2] ^= s[lane, 0];
        s[lane, 3] ^= s[lane, 1];
        s[lane, 1] ^= s[lane, 2];
        s[lane, 0] ^= s[lane, 3];
        s[lane, 2] ^= t;
        s[lane, 3] = ulong.RotateLeft(s[lane, 3], 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static (double Mean, double Variance) Moments(float[] values)
    {
        double mean = values.Average(v => (double)v);
        double variance = values.Average(v => (v - mean) * (v - mean));
        return (mean, variance);
    }

    private static double Fraction(float[] values, Func<float, bool> predicate) =>
        values.Count(predicate) / (double)values.Length;

    private static double Correlation(float[] v, int lag)
    {
        int n = v.Length - lag;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += v[i]; my += v[i + lag]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = v[i] - mx, dy = v[i + lag] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}

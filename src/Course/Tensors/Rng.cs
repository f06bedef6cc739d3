namespace Course.Tensors;

/// <summary>
/// The one source of randomness in the course: xoshiro256** seeded through SplitMix64.
/// Same seed, same numbers, on every machine: a notebook that creates <c>new Rng(42)</c> redraws the same charts.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private float _spareNormal;
    private bool _hasSpare;

    public ulong Seed { get; }

    public Rng(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>An independent generator derived from this one (for a sub-experiment that must not disturb this stream).</summary>
    public Rng Fork() => new(NextULong());

    public ulong NextULong()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), with 24 random bits (every float32 step in that range).</summary>
    public float NextFloat() => (NextULong() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"NextInt needs n > 0, but {n} came.");
        // Lemire's multiply-shift with rejection: unbiased.
        ulong threshold = (ulong)(-(long)n) % (ulong)n;
        while (true)
        {
            ulong r = NextULong() >> 32;
            ulong m = r * (ulong)n;
            if ((uint)m >= threshold) return (int)(m >> 32);
        }
    }

    public float Uniform(float low, float high) => low + (high - low) * NextFloat();

    /// <summary>A standard normal draw (Marsaglia's polar method; pairs are cached).</summary>
    public float Normal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = (float)(v * f);
        _hasSpare = true;
        return (float)(u * f);
    }

    public float Normal(float mean, float std) => mean + std * Normal();

    public bool Bernoulli(float p) => NextFloat() < p;

    public void FillUniform(Span<float> destination, float low, float high)
    {
        float width = high - low;
        for (int i = 0; i < destination.Length; i++)
            destination[i] = low + width * NextFloat();
    }

    public void FillNormal(Span<float> destination, float mean = 0, float std = 1)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = mean + std * Normal();
    }

    /// <summary>Fills with 1 where a draw succeeds (probability <paramref name="p"/>) and 0 elsewhere.</summary>
    public void FillBernoulli(Span<float> destination, float p)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = NextFloat() < p ? 1f : 0f;
    }

    public Matrix Uniform(int rows, int cols, float low, float high)
    {
        var m = new Matrix(rows, cols);
        FillUniform(m.Data, low, high);
        return m;
    }

    public Matrix Normal(int rows, int cols, float mean = 0, float std = 1)
    {
        var m = new Matrix(rows, cols);
        FillNormal(m.Data, mean, std);
        return m;
    }

    /// <summary>A random ordering of 0..n-1 (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Shuffle<int>(p);
        return p;
    }

    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

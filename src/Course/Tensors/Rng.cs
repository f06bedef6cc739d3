using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Course.Tensors;

/// <summary>
/// The one source of randomness in the course: xoshiro256** seeded through SplitMix64.
/// Same seed, same numbers, on every machine: a notebook that creates <c>new Rng(42)</c> redraws the same charts.
/// </summary>
/// <remarks>
/// Single draws (<see cref="NextFloat"/>, <see cref="Normal()"/>, <see cref="NextInt"/>, ...) come from one
/// xoshiro256** generator. The bulk fills (<see cref="FillUniform"/>, <see cref="FillNormal"/>,
/// <see cref="FillBernoulli"/> and the matrix factories built on them) come from eight more generators, seeded
/// from the same SplitMix64 sequence and stepped side by side in two 256-bit vectors, so filling a 256 x 256
/// weight matrix takes microseconds. The two streams are independent: a fill does not move the single draws,
/// and the other way round. Every fill uses only exact integer steps and IEEE float operations, so it gives
/// the same bits whether or not the machine has vector hardware.
/// </remarks>
public sealed class Rng
{
    private const int Lanes = 8;

    /// <summary>Numbers one step of the eight fill generators yields: each 64-bit draw gives two 32-bit halves.</summary>
    private const int BlockSize = 2 * Lanes;

    private ulong _s0, _s1, _s2, _s3;
    private float _spareNormal;
    private bool _hasSpare;

    /// <summary>State word w of fill generator l sits at [w * 8 + l], so each word of four lanes loads as one vector.</summary>
    private readonly ulong[] _lanes = new ulong[4 * Lanes];

    public ulong Seed { get; }

    public Rng(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        for (int lane = 0; lane < Lanes; lane++)
            for (int word = 0; word < 4; word++)
                _lanes[word * Lanes + lane] = SplitMix(ref x);
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

    /// <summary>Fills with uniform draws in [low, high): low + (high - low) * u, u with 24 random bits.</summary>
    public void FillUniform(Span<float> destination, float low, float high) =>
        Fill(destination, new UniformShape(low, high - low));

    /// <summary>Fills with normal draws (Box-Muller on pairs of 32-bit draws; tails reach 6.6 standard deviations).</summary>
    public void FillNormal(Span<float> destination, float mean = 0, float std = 1) =>
        Fill(destination, new NormalShape(mean, std));

    /// <summary>Fills with 1 where a draw succeeds (probability <paramref name="p"/>) and 0 elsewhere.</summary>
    public void FillBernoulli(Span<float> destination, float p) =>
        Fill(destination, new BernoulliShape(p));

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

    // ---- Bulk fills ----
    // Each step of the eight fill generators gives 16 uint draws: x (lanes 0-3) and y (lanes 4-7), eight each,
    // where element 2l of a vector is the low half of lane l's 64-bit draw and element 2l + 1 its high half.
    // A shape turns them into 16 floats: destination[i..i+8] from the first result, [i+8..i+16] from the second.
    // A fill consumes whole steps; the unused end of its last step is discarded.

    private interface IShape
    {
        (Vector256<float> First, Vector256<float> Second) Shape(Vector256<uint> x, Vector256<uint> y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill<TShape>(Span<float> destination, TShape shape) where TShape : struct, IShape
    {
        ref ulong lanes = ref MemoryMarshal.GetArrayDataReference(_lanes);
        var s0a = Vector256.LoadUnsafe(ref lanes, 0);
        var s0b = Vector256.LoadUnsafe(ref lanes, 4);
        var s1a = Vector256.LoadUnsafe(ref lanes, 8);
        var s1b = Vector256.LoadUnsafe(ref lanes, 12);
        var s2a = Vector256.LoadUnsafe(ref lanes, 16);
        var s2b = Vector256.LoadUnsafe(ref lanes, 20);
        var s3a = Vector256.LoadUnsafe(ref lanes, 24);
        var s3b = Vector256.LoadUnsafe(ref lanes, 28);

        ref float dest = ref MemoryMarshal.GetReference(destination);
        Span<float> last = stackalloc float[BlockSize];
        for (int i = 0; i < destination.Length; i += BlockSize)
        {
            var x = Next(ref s0a, ref s1a, ref s2a, ref s3a).AsUInt32();
            var y = Next(ref s0b, ref s1b, ref s2b, ref s3b).AsUInt32();
            var (first, second) = shape.Shape(x, y);
            if (i + BlockSize <= destination.Length)
            {
                first.StoreUnsafe(ref dest, (nuint)i);
                second.StoreUnsafe(ref dest, (nuint)(i + 8));
            }
            else
            {
                first.CopyTo(last);
                second.CopyTo(last[8..]);
                last[..(destination.Length - i)].CopyTo(destination[i..]);
            }
        }

        s0a.StoreUnsafe(ref lanes, 0);
        s0b.StoreUnsafe(ref lanes, 4);
        s1a.StoreUnsafe(ref lanes, 8);
        s1b.StoreUnsafe(ref lanes, 12);
        s2a.StoreUnsafe(ref lanes, 16);
        s2b.StoreUnsafe(ref lanes, 20);
        s3a.StoreUnsafe(ref lanes, 24);
        s3b.StoreUnsafe(ref lanes, 28);
    }

    /// <summary>One xoshiro256** step of four generators at once, exactly as <see cref="NextULong"/> steps one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Next(ref Vector256<ulong> s0, ref Vector256<ulong> s1, ref Vector256<ulong> s2, ref Vector256<ulong> s3)
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) from the top 24 bits of each draw: exact in float32, like <see cref="NextFloat"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Unit(Vector256<uint> bits) =>
        Vector256.ConvertToSingle((bits >>> 8).AsInt32()) * (1.0f / (1 << 24));

    private readonly struct UniformShape(float low, float width) : IShape
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (Vector256<float>, Vector256<float>) Shape(Vector256<uint> x, Vector256<uint> y) =>
            (Vector256.Create(low) + Vector256.Create(width) * Unit(x),
             Vector256.Create(low) + Vector256.Create(width) * Unit(y));
    }

    private readonly struct BernoulliShape(float p) : IShape
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (Vector256<float>, Vector256<float>) Shape(Vector256<uint> x, Vector256<uint> y) =>
            (Vector256.LessThan(Unit(x), Vector256.Create(p)) & Vector256<float>.One,
             Vector256.LessThan(Unit(y), Vector256.Create(p)) & Vector256<float>.One);
    }

    /// <summary>
    /// Box-Muller: a radius r = sqrt(-2 ln u) from each x draw and an angle from each y draw give two independent
    /// normals, r cos(angle) and r sin(angle). The angle is taken in the first quadrant (24 bits of y) and two more
    /// bits of y give each coordinate a random sign, which mirrors the quarter circle onto the whole circle.
    /// </summary>
    private readonly struct NormalShape(float mean, float std) : IShape
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (Vector256<float>, Vector256<float>) Shape(Vector256<uint> x, Vector256<uint> y)
        {
            // u in (0, 1] from 31 bits: the smallest, 2^-32, bounds the radius at sqrt(64 ln 2) = 6.66.
            var u = Vector256.ConvertToSingle((x >>> 1).AsInt32()) * (1.0f / (1u << 31)) + Vector256.Create(1.0f / (1UL << 32));
            var r = Vector256.Sqrt(Vector256.Create(-2f) * Log(u));
            var angle = Vector256.ConvertToSingle(((y >>> 6) & Vector256.Create(0xFFFFFFu)).AsInt32()) * (MathF.PI / 2 / (1 << 24));
            var (sin, cos) = SinCosFirstQuadrant(angle);
            var z0 = (r * cos).AsUInt32() ^ (y & Vector256.Create(0x80000000u));
            var z1 = (r * sin).AsUInt32() ^ ((y << 1) & Vector256.Create(0x80000000u));
            return (Vector256.Create(mean) + Vector256.Create(std) * z0.AsSingle(),
                    Vector256.Create(mean) + Vector256.Create(std) * z1.AsSingle());
        }
    }

    /// <summary>Natural log for u in (0, 1]: u = 2^e m with m in [0.707, 1.414), ln u = e ln 2 + 2 atanh((m - 1) / (m + 1)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Log(Vector256<float> u)
    {
        var bits = u.AsInt32();
        var e = (bits >> 23) - Vector256.Create(127);
        var m = ((bits & Vector256.Create(0x7FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();
        var high = Vector256.GreaterThan(m, Vector256.Create(1.41421356f));
        m = Vector256.ConditionalSelect(high, m * 0.5f, m);
        e -= high.AsInt32(); // a true mask is -1
        var s = (m - Vector256<float>.One) / (m + Vector256<float>.One);
        var s2 = s * s;
        var series = Vector256.Create(1f / 9);
        series = series * s2 + Vector256.Create(1f / 7);
        series = series * s2 + Vector256.Create(1f / 5);
        series = series * s2 + Vector256.Create(1f / 3);
        series = series * s2 + Vector256<float>.One;
        return Vector256.ConvertToSingle(e) * 0.6931472f + (s + s) * series;
    }

    /// <summary>Sine and cosine for angles in [0, pi/2], from their Taylor series (error below 1e-9 before rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Sin, Vector256<float> Cos) SinCosFirstQuadrant(Vector256<float> a)
    {
        var a2 = a * a;
        var sin = Vector256.Create(1f / 6227020800);            // 1/13!
        sin = sin * a2 - Vector256.Create(1f / 39916800);       // 1/11!
        sin = sin * a2 + Vector256.Create(1f / 362880);         // 1/9!
        sin = sin * a2 - Vector256.Create(1f / 5040);
        sin = sin * a2 + Vector256.Create(1f / 120);
        sin = sin * a2 - Vector256.Create(1f / 6);
        sin = (sin * a2 + Vector256<float>.One) * a;
        var cos = Vector256.Create(-1f / 87178291200);          // -1/14!
        cos = cos * a2 + Vector256.Create(1f / 479001600);      // 1/12!
        cos = cos * a2 - Vector256.Create(1f / 3628800);        // 1/10!
        cos = cos * a2 + Vector256.Create(1f / 40320);
        cos = cos * a2 - Vector256.Create(1f / 720);
        cos = cos * a2 + Vector256.Create(1f / 24);
        cos = cos * a2 - Vector256.Create(0.5f);
        cos = cos * a2 + Vector256<float>.One;
        return (sin, cos);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static Vector256<ulong> RotateLeft(Vector256<ulong> x, int k) => (x << k) | (x >>> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

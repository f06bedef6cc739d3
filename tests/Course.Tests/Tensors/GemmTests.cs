using Course.Tensors;

namespace Course.Tests.Tensors;

public class GemmTests
{
    /// <summary>The kernels this processor runs natively (the slower ones always included).</summary>
    private static readonly GemmKernelKind[] Kernels =
        Enum.GetValues<GemmKernelKind>().Where(kind => kind <= GemmKernel.Best).ToArray();

    public static TheoryData<int, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        int[][] shapes = [[1, 1, 1], [7, 13, 5], [257, 129, 65], [64, 784, 256], [1, 256, 256], [256, 256, 1], [1, 300, 1], [2, 3, 2]];
        foreach (var s in shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    data.Add(s[0], s[1], s[2], ta, tb);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_a_double_precision_triple_loop(int m, int k, int n, bool transposeA, bool transposeB)
    {
        var rng = new Rng((ulong)(m * 1_000_003 + k * 1009 + n));
        var a = transposeA ? rng.Normal(k, m) : rng.Normal(m, k);
        var b = transposeB ? rng.Normal(n, k) : rng.Normal(k, n);
        var c0 = rng.Normal(m, n);

        foreach (var (alpha, beta) in new[] { (1f, 0f), (0.75f, -0.5f), (-2f, 1f) })
        {
            var (expected, scale) = Reference(a, b, c0, transposeA, transposeB, alpha, beta);
            foreach (var kernel in Kernels)
            {
                var c = c0.Clone();
                Gemm.Multiply(a, b, c, transposeA, transposeB, alpha, beta, Environment.ProcessorCount, kernel);
                for (int i = 0; i < c.Length; i++)
                {
                    // The rounding error of a k-term float sum is at most about k * 2^-24 times the sum of magnitudes.
                    double tolerance = (k + 2) * 6e-8 * scale[i];
                    Assert.True(Math.Abs(c.Data[i] - expected[i]) <= tolerance,
                        $"{kernel}, alpha {alpha}, beta {beta}: element ({i / n}, {i % n}) is {c.Data[i]}, expected {expected[i]}");
                }
            }
        }
    }

    [Theory]
    [InlineData(257, 129, 65, false, false)]
    [InlineData(512, 300, 200, false, false)]
    [InlineData(200, 520, 300, true, false)]
    [InlineData(300, 260, 200, false, true)]
    [InlineData(64, 784, 256, true, true)]
    public void Gives_the_same_bits_on_any_number_of_threads_and_with_any_kernel(int m, int k, int n, bool transposeA, bool transposeB)
    {
        var rng = new Rng(21);
        var a = transposeA ? rng.Normal(k, m) : rng.Normal(m, k);
        var b = transposeB ? rng.Normal(n, k) : rng.Normal(k, n);
        var c0 = rng.Normal(m, n);

        var single = c0.Clone();
        Gemm.Multiply(a, b, single, transposeA, transposeB, 0.5f, 0.25f, maxThreads: 1, GemmKernel.Best);
        foreach (int threads in new[] { 2, 3, 8 })
            foreach (var kernel in Kernels)
            {
                var parallel = c0.Clone();
                Gemm.Multiply(a, b, parallel, transposeA, transposeB, 0.5f, 0.25f, threads, kernel);
                Assert.Equal(single.Data, parallel.Data);
            }
    }

    [Fact]
    public void Repeated_products_give_the_same_bits()
    {
        var rng = new Rng(22);
        var a = rng.Normal(300, 400);
        var b = rng.Normal(400, 500);
        var first = new Matrix(300, 500);
        var second = new Matrix(300, 500);
        Gemm.Multiply(a, b, first);
        Gemm.Multiply(a, b, second);
        Assert.Equal(first.Data, second.Data);
    }

    [Fact]
    public void Concurrent_callers_get_the_same_bits_as_one_thread()
    {
        // Only one caller at a time gets the helper threads; the others compute alone. Either way the bits agree.
        var rng = new Rng(26);
        var a = rng.Normal(256, 300);
        var b = rng.Normal(300, 200);
        var expected = new Matrix(256, 200);
        Gemm.Multiply(a, b, expected, false, false, 1f, 0f, maxThreads: 1, GemmKernel.Best);
        var results = new Matrix[8];
        Parallel.For(0, results.Length, i =>
        {
            results[i] = new Matrix(256, 200);
            for (int repeat = 0; repeat < 5; repeat++)
                Gemm.Multiply(a, b, results[i]);
        });
        Assert.All(results, r => Assert.Equal(expected.Data, r.Data));
    }

    [Fact]
    public void Shape_mismatch_names_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new Matrix(3, 4), new Matrix(5, 2), new Matrix(3, 2)));
        Assert.Contains("(3x4)", e.Message);
        Assert.Contains("(5x2)", e.Message);

        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new Matrix(4, 3), new Matrix(5, 2), new Matrix(3, 2), transposeA: true));
        Assert.Contains("(3x4)", e.Message);
        Assert.Contains("(5x2)", e.Message);
        Assert.Contains("(4x3) transposed", e.Message);

        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new Matrix(3, 4), new Matrix(4, 2), new Matrix(2, 3)));
        Assert.Contains("(3x2)", e.Message);
        Assert.Contains("(2x3)", e.Message);
    }

    [Fact]
    public void Output_must_not_share_elements_with_an_input()
    {
        var a = new Rng(23).Normal(4, 4);
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, a, a));
        Assert.Contains("share", e.Message);
    }

    [Theory]
    [InlineData(40, 30, 50)]  // blocked
    [InlineData(40, 30, 1)]   // one output column
    [InlineData(1, 30, 50)]   // one output row
    public void NaN_in_A_gives_NaN_in_its_row_of_C_even_against_zeros(int m, int k, int n)
    {
        foreach (bool transposeA in new[] { false, true })
            foreach (bool transposeB in new[] { false, true })
                foreach (bool zeroB in new[] { false, true })
                {
                    var rng = new Rng(24);
                    var a = transposeA ? rng.Normal(k, m) : rng.Normal(m, k);
                    var b = zeroB ? (transposeB ? new Matrix(n, k) : new Matrix(k, n)) : (transposeB ? rng.Normal(n, k) : rng.Normal(k, n));
                    int badRow = m - 1, badDepth = 7;
                    if (transposeA) a[badDepth, badRow] = float.NaN;
                    else a[badRow, badDepth] = float.NaN;

                    var c = new Matrix(m, n);
                    Gemm.Multiply(a, b, c, transposeA, transposeB);
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                            Assert.True(i == badRow ? float.IsNaN(c[i, j]) : float.IsFinite(c[i, j]),
                                $"transposeA {transposeA}, transposeB {transposeB}, zero B {zeroB}: C[{i}, {j}] = {c[i, j]}");
                }
    }

    [Fact]
    public void Infinity_times_zero_is_NaN()
    {
        var a = Matrix.Filled(16, 16, 1f);
        a[2, 5] = float.PositiveInfinity;
        var c = new Matrix(16, 16);
        Gemm.Multiply(a, new Matrix(16, 16), c);
        Assert.True(float.IsNaN(c[2, 0]));
        Assert.Equal(0f, c[3, 0]);
    }

    [Fact]
    public void Beta_zero_ignores_the_old_contents_of_C()
    {
        foreach (int n in new[] { 1, 20 })
        {
            var rng = new Rng(25);
            var a = rng.Normal(20, 10);
            var b = rng.Normal(10, n);
            var c = Matrix.Filled(20, n, float.NaN);
            Gemm.Multiply(a, b, c);
            Assert.True(c.IsFinite());
        }
    }

    private static (double[] Expected, double[] Scale) Reference(Matrix a, Matrix b, Matrix c0, bool transposeA, bool transposeB, float alpha, float beta)
    {
        int m = c0.Rows, n = c0.Cols, k = transposeA ? a.Rows : a.Cols;
        var expected = new double[m * n];
        var scale = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double term = (double)(transposeA ? a[p, i] : a[i, p]) * (transposeB ? b[j, p] : b[p, j]);
                    sum += term;
                    magnitude += Math.Abs(term);
                }
                double old = beta == 0 ? 0 : (double)beta * c0[i, j];
                expected[i * n + j] = alpha * sum + old;
                scale[i * n + j] = Math.Abs(alpha) * magnitude + Math.Abs(old);
            }
        return (expected, scale);
    }
}

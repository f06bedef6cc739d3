using Course.Tensors;

namespace Course.Tests.Tensors;

public class MatrixTests
{
    [Fact]
    public void MatMul_names_both_shapes_when_they_disagree()
    {
        var a = new Matrix(3, 4);
        var b = new Matrix(5, 2);
        var e = Assert.Throws<ArgumentException>(() => a.MatMul(b));
        Assert.Contains("(3x4)", e.Message);
        Assert.Contains("(5x2)", e.Message);
    }

    [Fact]
    public void Same_seed_gives_the_same_numbers()
    {
        var x = new Rng(7).Normal(16, 16);
        var y = new Rng(7).Normal(16, 16);
        Assert.Equal(x.Data, y.Data);
        Assert.NotEqual(x.Data, new Rng(8).Normal(16, 16).Data);
    }

    [Fact]
    public void Moments_are_the_population_mean_and_std()
    {
        var (mean, std) = Matrix.Moments([1f, 2f, 3f, 4f]);
        Assert.Equal(2.5, mean, 12);
        Assert.Equal(Math.Sqrt(1.25), std, 12);
    }

    [Fact]
    public void Std_sums_in_double_so_a_large_offset_does_not_swamp_it()
    {
        // 1e4 + 0.01 and 1e4 - 0.01 alternate: summing squares of such values in float would lose the spread.
        var m = new Matrix(1, 1000);
        for (int i = 0; i < m.Length; i++) m.Data[i] = i % 2 == 0 ? 10000.01f : 9999.99f;
        double exact = (10000.01f - 9999.99f) / 2.0;
        Assert.Equal(exact, m.Std(), 1e-6);
    }
}

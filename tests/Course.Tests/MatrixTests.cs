using Course.Tensors;

namespace Course.Tests;

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
}

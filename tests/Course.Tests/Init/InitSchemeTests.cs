using Course.Init;
using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Init;

public class InitSchemeTests
{
    private const int Size = 512;

    public static TheoryData<string, IInitScheme, int, int, double> Schemes()
    {
        double[] gains = [Gain.Linear, Gain.Sigmoid, Gain.Tanh, Gain.Relu, Gain.LeakyRelu(0.01), Gain.LeakyRelu(0.2)];
        var data = new TheoryData<string, IInitScheme, int, int, double>();
        void Add(IInitScheme s, int fanIn, int fanOut, double variance) => data.Add($"{s} {fanIn}->{fanOut}", s, fanIn, fanOut, variance);
        Add(new Normal(0.05), Size, Size, 0.05 * 0.05);
        Add(new Normal(1), Size, Size, 1);
        Add(new Uniform(0.3), Size, Size, 0.3 * 0.3 / 3);
        Add(new LeCunNormal(), Size, 256, 1.0 / Size);
        Add(new LeCunUniform(), 256, Size, 1.0 / 256);
        foreach (double g in gains)
        {
            Add(new XavierUniform(g), Size, 256, g * g * 2 / (Size + 256));
            Add(new XavierNormal(g), Size, 256, g * g * 2 / (Size + 256));
            Add(new HeNormal(g), Size, 256, g * g / Size);
            Add(new HeUniform(g), Size, 256, g * g / Size);
            Add(new HeNormal(g, FanMode.FanOut), Size, 256, g * g / 256);
            Add(new HeUniform(g, FanMode.FanOut), Size, 256, g * g / 256);
            Add(new Orthogonal(g), Size, Size, g * g / Size);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sample_variance_of_a_512x512_draw_is_within_3_percent_of_the_formula(string name, IInitScheme scheme, int fanIn, int fanOut, double variance)
    {
        Assert.Equal(variance, Math.Pow(scheme.Std(fanIn, fanOut), 2), 12);
        var w = new Matrix(Size, Size);
        scheme.Fill(w, fanIn, fanOut, new Rng(42));
        double mean = w.Data.Average(v => (double)v);
        double sample = w.Data.Sum(v => (v - mean) * (v - mean)) / (w.Length - 1);
        Assert.True(Math.Abs(sample / variance - 1) < 0.03, $"{name}: sample variance {sample:G5}, formula {variance:G5}");
        Assert.True(Math.Abs(mean) < 4 * Math.Sqrt(variance / w.Length), $"{name}: mean {mean:G3}");
    }

    [Fact]
    public void Gains_have_their_textbook_values()
    {
        Assert.Equal(5.0 / 3, Gain.Tanh);
        Assert.Equal(Math.Sqrt(2), Gain.Relu);
        Assert.Equal(Gain.Relu, Gain.LeakyRelu(0));
        Assert.Equal(1, Gain.LeakyRelu(1), 12);
        Assert.Equal(Math.Sqrt(2 / 1.0001), Gain.LeakyRelu(0.01), 12);
        Assert.Equal(1, Gain.Sigmoid);
    }

    [Fact]
    public void Uniform_schemes_stay_inside_their_bound()
    {
        var w = new XavierUniform().Sample(300, 100, new Rng(1));
        double bound = Math.Sqrt(6.0 / 400);
        Assert.True(w.MaxAbs() <= bound);
        Assert.True(w.MaxAbs() > 0.99 * bound);
    }

    [Fact]
    public void Orthogonal_columns_are_orthonormal_times_the_gain()
    {
        foreach (var (rows, cols) in new[] { (64, 32), (32, 64), (40, 40) })
        {
            var w = new Orthogonal(2).Sample(rows, cols, new Rng(3));
            // The shorter side's vectors are orthogonal with length = gain.
            var gram = rows >= cols ? w.Transpose().MatMul(w) : w.MatMul(w.Transpose());
            for (int i = 0; i < gram.Rows; i++)
                for (int j = 0; j < gram.Cols; j++)
                    Assert.Equal(i == j ? 4f : 0f, gram[i, j], 4);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Zero_or_constant_init_makes_every_unit_identical(double value)
    {
        IInitScheme scheme = value == 0 ? new Zeros() : new Constant(value);
        var rng = new Rng(1);
        var model = new Sequential(new Linear(4, 6, rng, scheme), new Tanh(), new Linear(6, 3, rng, scheme));
        var y = model.Forward(rng.Normal(8, 4), training: true);
        model.Backward(rng.Normal(8, 3));
        var hidden = model[1].Output!;
        var first = (Linear)model[0];
        for (int unit = 1; unit < 6; unit++)
            for (int r = 0; r < 8; r++)
            {
                Assert.Equal(hidden[r, 0], hidden[r, unit]);
                // Same activation and same gradient: a step keeps the units identical, so they never differ.
                for (int k = 0; k < 4; k++) Assert.Equal(first.Weight.Grad[k, 0], first.Weight.Grad[k, unit]);
            }
        Assert.True(y.IsFinite());
    }

    [Fact]
    public void Schemes_describe_themselves_for_charts()
    {
        Assert.Equal("Xavier uniform (bound sqrt(6/(n_in+n_out)))", new XavierUniform().ToString());
        Assert.Equal("Xavier normal (std sqrt(2/(n_in+n_out)))", new XavierNormal().ToString());
        Assert.Equal("He normal (std sqrt(2/n_in))", new HeNormal().ToString());
        Assert.Equal("He uniform (bound sqrt(3)*sqrt(2/n_out))", new HeUniform(Mode: FanMode.FanOut).ToString());
        Assert.Equal("Xavier uniform (bound 1.667*sqrt(6/(n_in+n_out)))", new XavierUniform(Gain.Tanh).ToString());
        Assert.Equal("Normal (std 1)", new Normal(1).ToString());
        Assert.Equal("Orthogonal (gain 1.414)", new Orthogonal(Gain.Relu).ToString());
    }

    [Fact]
    public void Same_seed_same_weights()
    {
        var a = new HeNormal().Sample(16, 16, new Rng(5));
        var b = new HeNormal().Sample(16, 16, new Rng(5));
        Assert.Equal(a.Data, b.Data);
    }
}

using Course.Init;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.init;

namespace Course.Tests.Init;

public class InitSchemeTests
{
    private const int Size = 512;

    public static TheoryData<string, IInitScheme, int, int, double> Schemes()
    {
        var data = new TheoryData<string, IInitScheme, int, int, double>();
        void Add(IInitScheme s, int fanIn, int fanOut, double variance) => data.Add($"{s} {fanIn}->{fanOut}", s, fanIn, fanOut, variance);
        Add(new Normal(0.05), Size, Size, 0.05 * 0.05);
        Add(new Normal(1), Size, Size, 1);
        Add(new Uniform(0.3), Size, Size, 0.3 * 0.3 / 3);
        Add(new LeCunNormal(), Size, 256, 1.0 / Size);
        Add(new LeCunUniform(), 256, Size, 1.0 / 256);
        foreach (double g in new[] { 1.0, 5.0 / 3, Math.Sqrt(2) })
        {
            Add(new XavierUniform(g), Size, 256, g * g * 2 / (Size + 256));
            Add(new XavierNormal(g), Size, 256, g * g * 2 / (Size + 256));
            Add(new Orthogonal(g), Size, Size, g * g / Size);
        }
        Add(new HeNormal(), Size, 256, 2.0 / Size);
        Add(new HeUniform(), Size, 256, 2.0 / Size);
        Add(new HeNormal(Mode: FanInOut.FanOut), Size, 256, 2.0 / 256);
        Add(new HeUniform(Mode: FanInOut.FanOut), Size, 256, 2.0 / 256);
        Add(new HeNormal(NonlinearityType.Tanh), Size, 256, 25.0 / 9 / Size);
        Add(new HeNormal(NonlinearityType.LeakyReLU, NegativeSlope: 0.2), Size, 256, 2 / 1.04 / Size);
        return data;
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void The_sample_variance_of_a_draw_is_within_3_percent_of_the_schemes_formula(string name, IInitScheme scheme, int fanIn, int fanOut, double variance)
    {
        Assert.Equal(variance, Math.Pow(scheme.Std(fanIn, fanOut), 2), 12);
        torch.manual_seed(42);
        using var w = empty(fanOut, fanIn);
        scheme.Apply(w);
        var sample = w.to(float64).var().item<double>();
        Assert.True(Math.Abs(sample / variance - 1) < 0.03, $"{name}: sample variance {sample:G5}, formula {variance:G5}");
        Assert.True(Math.Abs(w.to(float64).mean().item<double>()) < 4 * Math.Sqrt(variance / w.numel()), name);
    }

    [Fact]
    public void Gains_are_torchs()
    {
        Assert.Equal(5.0 / 3, Gain.Tanh, 12);
        Assert.Equal(Math.Sqrt(2), Gain.Relu, 12);
        Assert.Equal(Math.Sqrt(2 / 1.0001), Gain.LeakyRelu(0.01), 12);
        Assert.Equal(1, Gain.Sigmoid);
        Assert.Equal(1, Gain.Linear);
    }

    [Fact]
    public void Uniform_schemes_stay_inside_their_bound_and_reach_it()
    {
        torch.manual_seed(1);
        using var w = empty(100, 300);
        new XavierUniform().Apply(w);
        double bound = Math.Sqrt(6.0 / 400), largest = w.abs().max().item<float>();
        Assert.InRange(largest, 0.99 * bound, bound);
    }

    [Fact]
    public void Orthogonal_rows_are_orthonormal_times_the_gain()
    {
        torch.manual_seed(3);
        using var w = empty(32, 64);
        new Orthogonal(2).Apply(w);
        using var gram = w.matmul(w.t());
        Assert.True(gram.allclose(eye(32) * 4, atol: 1e-4), "W Wᵀ = 4 I");
    }

    [Fact]
    public void InitWith_draws_every_Linear_weight_zeroes_the_biases_and_returns_the_model()
    {
        torch.manual_seed(1);
        var model = Course.Models.Mlp.Build([20, 30, 10]);
        Assert.Same(model, model.InitWith(new Constant(0.25)));
        foreach (var linear in model.modules().OfType<TorchSharp.Modules.Linear>())
        {
            Assert.True(linear.weight!.eq(0.25f).all().item<bool>());
            Assert.True(linear.bias!.eq(0).all().item<bool>());
        }
    }

    [Fact]
    public void InitWith_also_draws_a_model_that_is_a_single_Linear()
    {
        torch.manual_seed(2);
        var layer = nn.Linear(784, 256, hasBias: false).InitWith(new XavierUniform());
        Assert.Equal(2.0 / (784 + 256), layer.weight!.to(float64).var().item<double>(), 2.0 / (784 + 256) * 0.02);
    }

    [Fact]
    public void The_same_seed_draws_the_same_weights()
    {
        Tensor Draw() { torch.manual_seed(7); var w = empty(8, 8); new HeNormal().Apply(w); return w; }
        using var a = Draw();
        using var b = Draw();
        Assert.True(a.Equals(b));
    }

    [Fact]
    public void A_scheme_refuses_a_weight_that_is_not_a_matrix()
    {
        using var bias = zeros(10);
        var error = Assert.Throws<ArgumentException>(() => new XavierUniform().Apply(bias));
        Assert.Contains("2-D (fan-out x fan-in) weight, but a tensor of shape [10] came", error.Message);
    }
}

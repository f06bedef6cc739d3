using Course.Diagnostics;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Diagnostics;

public class ParameterProbeTests
{
    /// <summary>A backward pass whose gradients are exactly <paramref name="gradients"/>: d/dθ sum(θ * G) = G.</summary>
    private static void Backward(nn.Module model, params Tensor[] gradients)
    {
        model.zero_grad();
        var loss = model.parameters().Zip(gradients, (p, g) => (p * g).sum()).Aggregate((a, b) => a + b);
        loss.backward();
    }

    [Fact]
    public void The_update_ratio_of_plain_sgd_on_a_known_gradient()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(5);
        torch.manual_seed(5); // the Linear's own init, whatever ran before
        var linear = nn.Linear(30, 20); // 600 and 20 values: measured whole
        var (gw, gb) = (randn([20, 30], generator: g), randn([20], generator: g));
        double lr = 0.01;
        var sgd = optim.SGD(linear.parameters(), lr);
        var probe = new ParameterProbe(linear);
        var before = linear.weight!.detach().clone();
        Backward(linear, gw, gb);
        probe.BeforeStep(1);
        sgd.step();
        probe.AfterStep();

        var weight = probe.Records.Single(r => r.Parameter == "weight");
        double exact = (linear.weight!.detach() - before).to(float64).std().item<double>() / before.to(float64).std().item<double>();
        Assert.Equal(exact, weight.UpdateRatio, exact * 1e-7); // float64 moments of float32 values: rounding only
        // The update is lr * G up to float32 rounding of the weights.
        double expected = lr * gw.to(float64).std().item<double>() / before.to(float64).std().item<double>();
        Assert.Equal(expected, weight.UpdateRatio, expected * 1e-4);
        Assert.Equal(gw.norm().item<float>(), weight.GradNorm, 1e-4);
        Assert.Equal(before.std().item<float>(), weight.WeightStd, 1e-6);
        Assert.Equal(1, weight.Step);
        Assert.Equal("", weight.Layer);
    }

    [Fact]
    public void A_large_parameter_is_measured_on_a_sample_within_3_percent_and_its_gradient_norm_exactly()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var model = Mlp.Build([784, 256, 10]);
        var adam = optim.Adam(model.parameters(), 1e-3);
        var probe = new ParameterProbe(model);
        var loss = nn.CrossEntropyLoss();
        using var g = new Generator(7);
        var (x, y) = (rand([64, 784], generator: g), randint(0, 10, [64], generator: g));
        var w = model.parameters().First();
        Assert.Equal(200_704, w.numel());
        for (int step = 1; step <= 5; step++)
        {
            using var s = NewDisposeScope();
            adam.zero_grad();
            loss.call(model.call(x), y).backward();
            var before = w.detach().clone();
            probe.BeforeStep(step);
            adam.step();
            probe.AfterStep();
            var r = probe.Records.Single(r => r.Step == step && r.Parameter == "linear1.weight");
            double updateStd = (w.detach() - before).to(float64).std().item<double>();
            Assert.InRange(r.UpdateStd / updateStd, 0.97, 1.03);
            Assert.InRange(r.WeightStd / before.to(float64).std().item<double>(), 0.97, 1.03);
            Assert.Equal(w.grad!.norm().item<float>(), r.GradNorm, r.GradNorm * 1e-5);
        }
        Assert.Equal(["linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"], probe.Parameters);
        Assert.Equal("linear2", probe.Records[2].Layer);
    }

    [Fact]
    public void A_frozen_parameter_has_no_gradient_and_no_update()
    {
        using var scope = NewDisposeScope();
        var linear = nn.Linear(3, 2);
        linear.bias!.requires_grad_(false);
        var sgd = optim.SGD(linear.parameters(), 0.1);
        var probe = new ParameterProbe(linear);
        Backward(linear, ones(2, 3), ones(2));
        probe.BeforeStep(1);
        sgd.step();
        probe.AfterStep();
        var bias = probe.Records.Single(r => r.Parameter == "bias");
        Assert.True(double.IsNaN(bias.GradNorm));
        Assert.Equal(0, bias.UpdateStd);
        Assert.Equal(0, bias.UpdateRatio);
        Assert.Null(probe.FirstNonFinite);
    }

    [Fact]
    public void Non_finite_gradients_and_values_are_found_with_their_step()
    {
        using var scope = NewDisposeScope();
        var linear = nn.Linear(4, 3);
        var sgd = optim.SGD(linear.parameters(), 0.1);
        var probe = new ParameterProbe(linear);
        var bad = ones(3);
        bad[1].fill_(float.NaN);
        for (int step = 1; step <= 3; step++)
        {
            Backward(linear, ones(3, 4), step == 2 ? bad : ones(3));
            probe.BeforeStep(step);
            sgd.step();
            probe.AfterStep();
        }
        Assert.Equal(new NonFiniteValue(2, "", TensorKind.Gradient, "bias"), probe.FirstNonFinite);

        var huge = nn.Linear(4, 3);
        var wild = optim.SGD(huge.parameters(), 1e38);
        var second = new ParameterProbe(huge);
        Backward(huge, full(3, 4, 10f), ones(3));
        second.BeforeStep(1);
        wild.step();
        second.AfterStep();
        Assert.Equal(new NonFiniteValue(1, "", TensorKind.Value, "weight"), second.FirstNonFinite);
        Assert.Equal("step 1: weight holds a NaN or an infinity after the optimizer's step", second.FirstNonFinite!.ToString());
    }

    [Fact]
    public void The_probe_keeps_no_tensor()
    {
        using var scope = NewDisposeScope();
        var model = Mlp.Build([100, 64, 10]);
        var sgd = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        var probe = new ParameterProbe(model, sampleSize: 1024);
        var (x, y) = (randn(8, 100), randint(0, 10, [8]));
        long live = 0;
        for (int step = 1; step <= 4; step++)
        {
            using (var s = NewDisposeScope())
            {
                sgd.zero_grad();
                nn.functional.cross_entropy(model.call(x), y).backward();
                probe.BeforeStep(step);
                sgd.step();
                probe.AfterStep();
            }
            if (step == 2) live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(16, probe.Records.Count);
        Assert.Equal(1024, probe.SampleSize);
    }

    [Fact]
    public void Steps_out_of_order_and_bad_arguments_are_refused()
    {
        using var scope = NewDisposeScope();
        var linear = nn.Linear(2, 2);
        var probe = new ParameterProbe(linear);
        Assert.Contains("BeforeStep(step) first", Assert.Throws<InvalidOperationException>(() => probe.AfterStep()).Message);
        probe.BeforeStep(1);
        Assert.Contains("step 1 was still open", Assert.Throws<InvalidOperationException>(() => probe.BeforeStep(2)).Message);
        Assert.Contains("has none", Assert.Throws<ArgumentException>(() => new ParameterProbe(nn.ReLU())).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterProbe(linear, sampleSize: 8));
    }
}

using Course.Diagnostics;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests.Diagnostics;

public class ActivationProbeTests
{
    [Fact]
    public void Means_and_stds_are_those_of_the_layer_outputs()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = Mlp.Build([20, 32, 32, 5], Activation.Tanh);
        var x = randn(64, 20, generator: new Generator(2)) * 3;
        using (var probe = new ActivationProbe(model))
        {
            model.call(x);
            Assert.Equal(["linear1", "tanh1", "linear2", "tanh2", "linear3"], probe.Records.Select(r => r.Layer));
            Assert.All(probe.Records, r => Assert.Equal(1, r.Step));
            var y = x;
            foreach (var ((name, layer), record) in model.named_children().Zip(probe.Records))
            {
                y = ((nn.Module<Tensor, Tensor>)layer).forward(y);
                Assert.Equal(name, record.Layer);
                Assert.Equal(y.mean().item<float>(), record.Mean, 1e-6);
                Assert.Equal(y.std().item<float>(), record.Std, 1e-6);
            }
            Assert.Equal("Tanh", probe.Records[1].Type);
            Assert.Null(probe.Records[0].Saturated); // a linear layer does not saturate
            Assert.Null(probe.Records[1].Dead);     // nor does tanh die
        }
    }

    [Fact]
    public void Nested_layers_are_named_by_their_path()
    {
        using var scope = NewDisposeScope();
        var model = Mlp.DeepStack(8, depth: 3, Activation.Relu, residual: true, batchNorm: true);
        using var probe = new ActivationProbe(model);
        var leaves = model.named_modules().Where(m => !m.module.named_children().Any()).Select(m => m.name).ToHashSet();
        Assert.Equal(leaves, probe.Layers.ToHashSet());
        Assert.Equal(9, probe.Layers.Count);
        Assert.Equal(["layer1.block.linear", "layer1.block.batchnorm", "layer1.block.relu"], probe.Layers.Take(3));
        model.call(randn(16, 8));
        Assert.Equal(probe.Layers, probe.Records.Select(r => r.Layer));
    }

    [Fact]
    public void A_relu_behind_a_large_negative_bias_is_dead()
    {
        using var scope = NewDisposeScope();
        var linear = nn.Linear(4, 8);
        using (no_grad())
        {
            linear.bias!.fill_(-100);
            linear.bias!.narrow(0, 0, 2).fill_(0); // two units stay alive
        }
        var model = nn.Sequential(("linear", linear), ("relu", nn.ReLU()));
        using var probe = new ActivationProbe(model);
        model.call(randn(32, 4));
        Assert.Equal(0.75, probe.Records[1].Dead);
        using (no_grad()) linear.bias!.fill_(-100);
        model.call(randn(32, 4));
        Assert.Equal(1.0, probe.Records[3].Dead);
        Assert.Equal(0.0, probe.Records[3].Mean);
    }

    [Fact]
    public void A_tanh_fed_large_inputs_is_saturated()
    {
        using var scope = NewDisposeScope();
        var model = nn.Sequential(("tanh", nn.Tanh()));
        using var probe = new ActivationProbe(model);
        model.call(randint(0, 2, [64, 16]).to(float32) * 20 - 10); // ±10: |tanh| = 0.99999999
        Assert.Equal(1.0, probe.Records[0].Saturated);
        var x = randn(64, 16, generator: new Generator(3)) * 2;
        model.call(x);
        double direct = (x.tanh().abs() > Activation.TanhSaturation).to(float64).mean().item<double>();
        Assert.Equal(direct, probe.Records[1].Saturated!.Value, 12);
        Assert.InRange(direct, 0.2, 0.4); // |2z| > atanh(0.97) = 2.09: P(|z| > 1.05) = 0.29
    }

    [Fact]
    public void A_sigmoid_is_saturated_within_0_03_of_0_or_1()
    {
        using var scope = NewDisposeScope();
        var model = nn.Sequential(("sigmoid", nn.Sigmoid()));
        using var probe = new ActivationProbe(model);
        var x = randn(128, 8, generator: new Generator(4)) * 5;
        model.call(x);
        var s = x.sigmoid();
        double direct = ((s < 0.03).logical_or(s > 0.97)).to(float64).mean().item<double>();
        Assert.Equal(direct, probe.Records[0].Saturated!.Value, 12);
        Assert.InRange(direct, 0.4, 0.6); // |5z| > ln(0.97/0.03) = 3.48: P(|z| > 0.70) = 0.48
    }

    [Fact]
    public void The_first_non_finite_output_is_found_at_its_layer_and_forward()
    {
        using var scope = NewDisposeScope();
        var model = Mlp.Build([6, 8, 8, 3]);
        using var probe = new ActivationProbe(model);
        var x = randn(10, 6);
        for (int i = 0; i < 3; i++) model.call(x);
        Assert.Null(probe.FirstNonFinite);
        using (no_grad()) ((TorchSharp.Modules.Linear)model.named_children().Single(c => c.name == "linear2").module).weight![3, 5].fill_(float.NaN);
        model.call(x);
        model.call(x);
        Assert.Equal(new NonFiniteValue(4, "linear2", TensorKind.Output), probe.FirstNonFinite);
        Assert.Equal("step 4: the output of linear2 holds a NaN or an infinity", probe.FirstNonFinite!.ToString());
        Assert.True(double.IsNaN(probe.Records.Single(r => r.Step == 4 && r.Layer == "linear2").Mean));
    }

    [Fact]
    public void Disposing_removes_every_hook()
    {
        using var scope = NewDisposeScope();
        var model = Mlp.DeepStack(4, depth: 2, Activation.Tanh);
        var probe = new ActivationProbe(model);
        model.call(randn(3, 4));
        Assert.Equal(4, probe.Records.Count);
        probe.Dispose();
        model.call(randn(3, 4));
        Assert.Equal(4, probe.Records.Count);
        Assert.Equal(1, probe.Step);
    }

    [Fact]
    public void While_not_recording_only_the_watch_runs()
    {
        using var scope = NewDisposeScope();
        var model = Mlp.Build([3, 4, 2]);
        using var probe = new ActivationProbe(model) { Recording = false };
        model.call(full(5, 3, float.PositiveInfinity));
        Assert.Empty(probe.Records);
        Assert.Equal(new NonFiniteValue(1, "linear1", TensorKind.Output), probe.FirstNonFinite);
    }

    [Fact]
    public void Histograms_are_torch_histc_of_the_output()
    {
        using var scope = NewDisposeScope();
        var model = nn.Sequential(("tanh", nn.Tanh()));
        using var probe = new ActivationProbe(model, histogramBins: 10);
        var x = randn(50, 20);
        model.call(x);
        var h = probe.Records[0].Histogram!;
        var y = x.tanh();
        Assert.Equal(y.histc(10).data<float>().Select(v => (double)v), h.Counts);
        Assert.Equal(1000, h.Counts.Sum());
        Assert.Equal(y.min().item<float>(), h.Min, 6);
        Assert.Equal(y.max().item<float>(), h.Max, 6);
        Assert.Equal(10, h.Centers.Count());
    }

    [Fact]
    public void The_records_become_a_data_frame()
    {
        using var scope = NewDisposeScope();
        var model = Mlp.Build([3, 4, 2]);
        using var probe = new ActivationProbe(model);
        model.call(randn(5, 3));
        model.call(randn(5, 3));
        var df = probe.ToDataFrame();
        Assert.Equal(["step", "layer", "type", "mean", "std", "saturated", "dead"], df.Columns.Select(c => c.Name));
        Assert.Equal(6, df.Rows.Count);
        Assert.Equal(2, df["step"][5]);
        Assert.Equal("ReLU", df["type"][1]);
        Assert.Null(df["dead"][0]);
    }

    [Fact]
    public void Bad_input_is_refused_with_what_was_expected_and_what_came()
    {
        using var scope = NewDisposeScope();
        var pair = nn.CrossEntropyLoss(); // takes two tensors
        var e = Assert.Throws<ArgumentException>(() => new ActivationProbe(pair));
        Assert.Contains("Module<Tensor, Tensor>", e.Message);
        Assert.Contains("CrossEntropyLoss", e.Message);
        var model = Mlp.Build([3, 4, 2]);
        using var probe = new ActivationProbe(model);
        var empty = Assert.Throws<ArgumentException>(() => model.call(zeros(0, 3)));
        Assert.Contains("at least one example", empty.Message);
        Assert.Contains("[0, 3]", empty.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActivationProbe(model, histogramBins: -1));
    }
}

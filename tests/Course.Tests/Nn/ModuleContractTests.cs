using Course.Nn;
using Course.Tensors;

namespace Course.Tests.Nn;

public class ModuleContractTests
{
    [Fact]
    public void Linear_shape_mismatch_names_the_layer_and_both_shapes()
    {
        var layer = new Linear(784, 256, new Rng(1));
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(new Matrix(64, 783), training: true));
        Assert.Equal("Linear(784->256) expects input with 784 columns, but got (64x783).", e.Message);
    }

    [Fact]
    public void Sequential_names_the_layer_that_rejects_its_input()
    {
        var rng = new Rng(1);
        var model = new Sequential(new Linear(10, 20, rng), new Relu(), new Linear(21, 2, rng));
        var e = Assert.Throws<ArgumentException>(() => model.Forward(new Matrix(3, 10), training: false));
        Assert.StartsWith("Layer 2 (Linear(21->2)): Linear(21->2) expects input with 21 columns, but got (3x20).", e.Message);
    }

    [Fact]
    public void Backward_before_forward_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Tanh().Backward(new Matrix(2, 2)));
        Assert.Contains("Backward was called before Forward", e.Message);
    }

    [Fact]
    public void Backward_with_a_gradient_of_the_wrong_shape_names_both_shapes()
    {
        var layer = new Linear(3, 2, new Rng(1));
        layer.Forward(new Matrix(4, 3), training: true);
        var e = Assert.Throws<ArgumentException>(() => layer.Backward(new Matrix(4, 3)));
        Assert.Contains("(4x2)", e.Message);
        Assert.Contains("(4x3)", e.Message);
    }

    [Fact]
    public void Parameter_gradients_accumulate_until_zeroed()
    {
        var layer = new Linear(3, 2, new Rng(1));
        var x = new Rng(2).Normal(4, 3);
        var dy = new Rng(3).Normal(4, 2);
        layer.Forward(x, training: true);
        layer.Backward(dy);
        var once = layer.Weight.Grad.Clone();
        layer.Backward(dy);
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once.Data[i], layer.Weight.Grad.Data[i], 5);
        layer.ZeroGrad();
        Assert.Equal(0f, layer.Weight.Grad.MaxAbs());
    }

    [Fact]
    public void Buffers_are_reused_while_the_batch_size_stays_the_same()
    {
        var rng = new Rng(1);
        var model = new Sequential(new Linear(3, 5, rng), new Relu(), new Linear(5, 2, rng));
        var y1 = model.Forward(rng.Normal(4, 3), training: true);
        var g1 = model.Backward(new Matrix(4, 2));
        var y2 = model.Forward(rng.Normal(4, 3), training: true);
        var g2 = model.Backward(new Matrix(4, 2));
        Assert.Same(y1, y2);
        Assert.Same(g1, g2);
        Assert.NotSame(y1, model.Forward(rng.Normal(7, 3), training: true));
    }

    [Fact]
    public void The_same_layer_twice_in_a_Sequential_is_rejected()
    {
        var relu = new Relu();
        var e = Assert.Throws<ArgumentException>(() => new Sequential(relu, new Tanh(), relu));
        Assert.Contains("Layer 2 (Relu) is the same object as layer 0", e.Message);
    }
}

using Course.Tensors;

namespace Course.Nn;

/// <summary>x for x &gt; 0, slope * x otherwise: a small gradient keeps flowing through negative inputs.</summary>
public sealed class LeakyRelu(float slope = 0.01f) : Module
{
    private Matrix? _input;

    public float Slope { get; } = slope;

    public override Matrix Forward(Matrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        var x = input.Data;
        var y = OutputBuffer(input.Rows, input.Cols).Data;
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0 ? x[i] : Slope * x[i];
        return Output!;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var x = _input!.Data;
        var dy = gradOutput.Data;
        var dx = InputGradientBuffer(gradOutput.Rows, gradOutput.Cols).Data;
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] > 0 ? dy[i] : Slope * dy[i];
        return InputGradient!;
    }

    public override string ToString() => $"LeakyRelu({Slope.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
}

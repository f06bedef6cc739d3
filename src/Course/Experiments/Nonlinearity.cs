using Course.Nn;

namespace Course.Experiments;

/// <summary>
/// An activation as the initialisation experiments see it: a name for charts, a fresh module per layer
/// (none for the identity), the gain that keeps its signal's variance (src/Course/Init/IInitScheme.cs),
/// and which outputs count as saturated (the local derivative below about 2% of its peak).
/// </summary>
public sealed class Nonlinearity
{
    private readonly Func<Module>? _create;
    private readonly Func<float, bool> _isSaturated;

    private Nonlinearity(string name, Func<Module>? create, double gain, Func<float, bool>? isSaturated = null)
    {
        Name = name;
        _create = create;
        Gain = gain;
        _isSaturated = isSaturated ?? (_ => false);
    }

    public string Name { get; }
    public double Gain { get; }

    /// <summary>A new activation layer, or null for the identity (a purely linear stack).</summary>
    public Module? CreateLayer() => _create?.Invoke();

    /// <summary>True when <paramref name="output"/> sits where the derivative has all but vanished (tanh, sigmoid).</summary>
    public bool IsSaturated(float output) => _isSaturated(output);

    public static Nonlinearity Identity { get; } = new("identity", null, Init.Gain.Linear);
    public static Nonlinearity Tanh { get; } = new("tanh", () => new Tanh(), Init.Gain.Tanh, y => MathF.Abs(y) > 0.99f);
    public static Nonlinearity Sigmoid { get; } = new("sigmoid", () => new Sigmoid(), Init.Gain.Sigmoid, y => y < 0.01f || y > 0.99f);
    public static Nonlinearity Relu { get; } = new("ReLU", () => new Relu(), Init.Gain.Relu);

    public static Nonlinearity LeakyRelu(float slope = 0.01f) =>
        new($"leaky ReLU ({slope.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
            () => new LeakyRelu(slope), Init.Gain.LeakyRelu(slope));

    public override string ToString() => Name;
}

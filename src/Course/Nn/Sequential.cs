using Course.Tensors;

namespace Course.Nn;

/// <summary>Layers applied in order; Backward runs them in reverse. <see cref="Layers"/> lets probes look inside.</summary>
public sealed class Sequential : Module
{
    private readonly Module[] _layers;

    public IReadOnlyList<Module> Layers => _layers;
    public int Count => _layers.Length;
    public Module this[int index] => _layers[index];

    public Sequential(params Module[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException("A Sequential needs at least one layer, but none came.");
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is null) throw new ArgumentException($"Layer {i} of the Sequential is null.");
            for (int j = 0; j < i; j++)
                if (ReferenceEquals(layers[i], layers[j]))
                    throw new ArgumentException(
                        $"Layer {i} ({layers[i]}) is the same object as layer {j}: a layer keeps its own buffers, so create a new one.");
        }
        _layers = layers;
    }

    public override Matrix Forward(Matrix input, bool training)
    {
        var x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            try
            {
                x = _layers[i].Forward(x, training);
            }
            catch (ArgumentException e) when (_layers.Length > 1)
            {
                throw new ArgumentException($"Layer {i} ({_layers[i]}): {e.Message}", e);
            }
        }
        Output = x;
        return x;
    }

    public override Matrix Backward(Matrix gradOutput)
    {
        CheckBackward(gradOutput);
        var g = gradOutput;
        for (int i = _layers.Length - 1; i >= 0; i--) g = _layers[i].Backward(g);
        InputGradient = g;
        return g;
    }

    public override IEnumerable<Parameter> Parameters() => _layers.SelectMany(l => l.Parameters());

    public override IEnumerable<Matrix> Statistics() => _layers.SelectMany(l => l.Statistics());

    public override string ToString() => $"Sequential({string.Join(", ", _layers.Select(l => l.ToString()))})";

    /// <summary>One line per layer with its parameter count, then the total.</summary>
    public string Summary()
    {
        var lines = _layers.Select((l, i) => $"  ({i}) {l}  [{l.ParameterCount:N0} parameters]");
        return "Sequential\n" + string.Join("\n", lines) + $"\n  total: {ParameterCount:N0} parameters";
    }
}

using Course.Tensors;

namespace Course.Nn;

/// <summary>
/// A copy of a module's parameter values and statistics (BatchNorm's running averages), to restore later:
/// the best weights for early stopping, or the same starting point for two experiments.
/// </summary>
public sealed class ParameterSnapshot
{
    private readonly Matrix[] _live;
    private readonly Matrix[] _saved;

    public ParameterSnapshot(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        _live = module.Parameters().Select(p => p.Value).Concat(module.Statistics()).ToArray();
        _saved = _live.Select(m => m.Clone()).ToArray();
    }

    /// <summary>Copies the module's current values into this snapshot (no allocation).</summary>
    public void Update()
    {
        for (int i = 0; i < _live.Length; i++) _live[i].CopyTo(_saved[i]);
    }

    /// <summary>Puts the saved values back into the module.</summary>
    public void Restore()
    {
        for (int i = 0; i < _live.Length; i++) _saved[i].CopyTo(_live[i]);
    }
}

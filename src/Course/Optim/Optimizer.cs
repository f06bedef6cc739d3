using Course.Nn;

namespace Course.Optim;

/// <summary>
/// Updates parameters from their gradients. <see cref="Step"/> skips frozen parameters; <see cref="ZeroGrad"/> clears every
/// gradient before the next backward pass. Each optimizer allocates its state once, so a step allocates nothing.
/// </summary>
public abstract class Optimizer
{
    private readonly Parameter[] _parameters;
    private double _learningRate;

    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Can be changed between steps (a schedule, or a lesson's learning-rate sweep).</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(LearningRate), $"The learning rate must be a finite number >= 0, but {value} came.");
            _learningRate = value;
        }
    }

    /// <summary>How many times <see cref="Step"/> has run.</summary>
    public int StepCount { get; private set; }

    protected Optimizer(IEnumerable<Parameter> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new ArgumentException($"{GetType().Name} got no parameters to optimize.");
        if (_parameters.Distinct().Count() != _parameters.Length)
            throw new ArgumentException($"{GetType().Name} got the same parameter twice: it would be updated twice per step.");
        LearningRate = learningRate;
    }

    public void Step()
    {
        StepCount++;
        for (int i = 0; i < _parameters.Length; i++)
            if (!_parameters[i].Frozen) Update(i, _parameters[i]);
    }

    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.ZeroGrad();
    }

    /// <summary>Scales all gradients down so their global L2 norm is at most <paramref name="maxNorm"/>; returns the norm before.</summary>
    public double ClipGradNorm(double maxNorm) => GradientClipping.ClipByNorm(_parameters, maxNorm);

    /// <summary>Updates parameter <paramref name="index"/> (its position in <see cref="Parameters"/>) from its gradient.</summary>
    protected abstract void Update(int index, Parameter p);

    protected static void CheckRange(double value, double low, double high, string name)
    {
        if (!(value >= low && value <= high))
            throw new ArgumentOutOfRangeException(name, $"{name} must lie in [{low}, {high}], but {value} came.");
    }
}

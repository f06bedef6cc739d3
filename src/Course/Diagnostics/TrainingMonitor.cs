using Course.Nn;
using Course.Training;

namespace Course.Diagnostics;

/// <summary>
/// What a <see cref="TrainingMonitor"/> measured at one step. <c>UpdateRatios</c> holds, per parameter in the order of
/// <c>Parameters</c>, ||w_after - w_before|| / ||w_before||: the update:data ratio. Around 1e-3 is healthy; far below,
/// learning stalls; far above, it thrashes.
/// </summary>
public sealed record ProbeRecord(int Step, int Epoch, double Loss, IReadOnlyList<ActivationStats> Activations,
    IReadOnlyList<ParameterStats> Parameters, IReadOnlyList<double> UpdateRatios);

/// <summary>
/// A training callback that probes the model every <see cref="Every"/> steps: activations, gradient and value norms, the
/// update:data ratio of each parameter; and at every step it watches for the first non-finite value.
/// Probing copies the weights before the step it measures, so keep <see cref="Every"/> above 1 for long runs.
/// </summary>
public sealed class TrainingMonitor : TrainingCallback
{
    private readonly List<ProbeRecord> _records = [];
    private Parameter[]? _parameters;
    private float[][]? _before;

    public int Every { get; }
    public IReadOnlyList<ProbeRecord> Records => _records;

    /// <summary>The first NaN or infinity seen in a layer output, parameter value or gradient, and the step it appeared at.</summary>
    public NonFiniteValue? FirstNonFinite { get; private set; }
    public int FirstNonFiniteStep { get; private set; }

    public TrainingMonitor(int every = 1)
    {
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), $"Every must be at least 1 step, but {every} came.");
        Every = every;
    }

    public override void AfterBackward(TrainingContext context)
    {
        Watch(context);
        if (!Probing(context)) return;
        _parameters ??= context.Model.Parameters().ToArray();
        _before ??= _parameters.Select(p => new float[p.Length]).ToArray();
        for (int i = 0; i < _parameters.Length; i++) _parameters[i].Value.Data.CopyTo(_before[i], 0);
    }

    public override void AfterStep(TrainingContext context)
    {
        if (Probing(context))
        {
            var ratios = new double[_parameters!.Length];
            for (int i = 0; i < ratios.Length; i++)
            {
                var w = _parameters[i].Value.Data;
                double change = 0, size = 0;
                for (int k = 0; k < w.Length; k++)
                {
                    double d = w[k] - _before![i][k];
                    change += d * d;
                    size += (double)_before[i][k] * _before[i][k];
                }
                ratios[i] = size == 0 ? double.PositiveInfinity : Math.Sqrt(change / size);
            }
            _records.Add(new ProbeRecord(context.Step, context.Epoch, context.StepLoss,
                Probes.Activations(context.Model), Probes.Parameters(context.Model), ratios));
        }
        Watch(context);
    }

    public override void AfterTraining(TrainingContext context) => Watch(context);

    private bool Probing(TrainingContext context) => (context.Step - 1) % Every == 0;

    private void Watch(TrainingContext context)
    {
        if (FirstNonFinite is not null) return;
        FirstNonFinite = NonFinite.FirstInParameters(context.Model) ?? NonFinite.FirstInOutputs(context.Model);
        if (FirstNonFinite is not null) FirstNonFiniteStep = context.Step;
    }
}

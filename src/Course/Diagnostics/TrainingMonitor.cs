using Course.Training;
using Microsoft.Data.Analysis;

namespace Course.Diagnostics;

/// <summary>
/// Probes a <see cref="Trainer"/>'s run: every <see cref="Every"/> steps, each layer's output (<see cref="LayerStats"/>)
/// and each parameter's gradient norm and update:data ratio (<see cref="ParameterStats"/>); at every step, a watch for
/// the first NaN or infinity in a layer output, a gradient or a parameter value (the values are read whole when an
/// output first turns non-finite, and when training ends). It attaches its hooks when training starts and removes them
/// when it ends, so the model runs unprobed outside <c>Fit</c>.
/// <code>var monitor = new TrainingMonitor(every: 10);
/// trainer.Fit(train, epochs: 3, batchSize: 64, callbacks: monitor);
/// display(monitor.ToDataFrame());</code>
/// </summary>
public sealed class TrainingMonitor : TrainingCallback
{
    private readonly List<LayerStats> _activations = [];
    private readonly List<ParameterStats> _parameters = [];
    private ActivationProbe? _activationProbe;
    private ParameterProbe? _parameterProbe;
    private NonFiniteValue? _firstNonFinite;
    private int _lastStep;

    public TrainingMonitor(int every = 1, int histogramBins = 0)
    {
        if (every < 1)
            throw new ArgumentOutOfRangeException(nameof(every), $"Expected to record every 1 or more steps, but every = {every} came.");
        if (histogramBins < 0)
            throw new ArgumentOutOfRangeException(nameof(histogramBins), $"Expected 0 (no histograms) or more bins, but {histogramBins} came.");
        (Every, HistogramBins) = (every, histogramBins);
    }

    /// <summary>Steps 1, 1 + Every, 1 + 2 Every, ... are recorded.</summary>
    public int Every { get; }

    public int HistogramBins { get; }

    public IReadOnlyList<LayerStats> Activations
    {
        get { Collect(); return _activations; }
    }

    public IReadOnlyList<ParameterStats> Parameters
    {
        get { Collect(); return _parameters; }
    }

    /// <summary>Where a NaN or an infinity first appeared (step, layer, tensor), or null while everything stayed finite.</summary>
    public NonFiniteValue? FirstNonFinite
    {
        get { Collect(); return _firstNonFinite; }
    }

    public override void BeforeTraining(TrainingContext context)
    {
        Detach(); // a run that ended in an exception leaves its hooks behind
        var parameters = _parameterProbe = new ParameterProbe(context.Model);
        _lastStep = 0;
        // A NaN in a layer's output may come from a weight the last step broke: read the weights before they change again.
        _activationProbe = new ActivationProbe(context.Model, HistogramBins)
        {
            TrainingForwardsOnly = true,
            Recording = Records(1),
            NonFiniteFound = () => parameters.CheckValues(_lastStep),
        };
    }

    public override void AfterBackward(TrainingContext context)
    {
        if (_parameterProbe is null)
            return;
        if (Records(context.Step))
            _parameterProbe.BeforeStep(context.Step); // reads every gradient whole
        else if (!double.IsFinite(context.GradNorm)) // the trainer's global norm: finite proves every gradient finite
            _parameterProbe.CheckGradients(context.Step);
    }

    public override void AfterStep(TrainingContext context)
    {
        if (_parameterProbe is null || _activationProbe is null)
            return;
        if (Records(context.Step))
            _parameterProbe.AfterStep();
        _lastStep = context.Step;
        _activationProbe.Step = context.Step;
        _activationProbe.Recording = Records(context.Step + 1);
    }

    public override void AfterEpoch(TrainingContext context) => Collect();

    public override void AfterTraining(TrainingContext context)
    {
        _parameterProbe?.CheckValues(_lastStep); // what the last step left, which no later step reads
        Detach();
    }

    /// <summary>
    /// One row per recorded step and tensor: each layer's output (tensor "output": mean, std, saturated, dead) and each
    /// of its parameters (tensor "weight", "bias": grad norm, update ratio); the columns that do not apply are empty.
    /// </summary>
    public DataFrame ToDataFrame()
    {
        var rows = Activations.Select(a => (a.Step, a.Layer, Tensor: "output", Mean: (double?)a.Mean, Std: (double?)a.Std, a.Saturated, a.Dead,
                GradNorm: (double?)null, UpdateRatio: (double?)null))
            .Concat(Parameters.Select(p => (p.Step, p.Layer, Tensor: p.Parameter[(p.Parameter.LastIndexOf('.') + 1)..], Mean: (double?)null,
                Std: (double?)null, Saturated: (double?)null, Dead: (double?)null, GradNorm: (double?)p.GradNorm, UpdateRatio: (double?)p.UpdateRatio)))
            .OrderBy(r => r.Step) // stable: within a step, layer outputs in forward order, then parameters
            .ToList();
        return new DataFrame(
            new Int32DataFrameColumn("step", rows.Select(r => r.Step)),
            new StringDataFrameColumn("layer", rows.Select(r => r.Layer)),
            new StringDataFrameColumn("tensor", rows.Select(r => r.Tensor)),
            new DoubleDataFrameColumn("mean", rows.Select(r => r.Mean)),
            new DoubleDataFrameColumn("std", rows.Select(r => r.Std)),
            new DoubleDataFrameColumn("saturated", rows.Select(r => r.Saturated)),
            new DoubleDataFrameColumn("dead", rows.Select(r => r.Dead)),
            new DoubleDataFrameColumn("grad norm", rows.Select(r => r.GradNorm)),
            new DoubleDataFrameColumn("update ratio", rows.Select(r => r.UpdateRatio)));
    }

    private bool Records(int step) => (step - 1) % Every == 0;

    /// <summary>Moves the probes' records and findings here.</summary>
    private void Collect()
    {
        if (_activationProbe is { } a)
        {
            _activations.AddRange(a.Records);
            _firstNonFinite = NonFiniteValue.First(_firstNonFinite, a.FirstNonFinite);
            a.Clear();
        }
        if (_parameterProbe is { } p)
        {
            _parameters.AddRange(p.Records);
            _firstNonFinite = NonFiniteValue.First(_firstNonFinite, p.FirstNonFinite);
            p.Clear();
        }
    }

    private void Detach()
    {
        Collect();
        _activationProbe?.Dispose();
        (_activationProbe, _parameterProbe) = (null, null);
    }
}

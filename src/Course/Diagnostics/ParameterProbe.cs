using System.Numerics;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Course.Diagnostics;

/// <summary>
/// One parameter at one optimizer step: the L2 norm of its gradient (NaN when it got none), the standard deviation of
/// its values before the step and of the step's change to them (both on the probe's sample of a large parameter). <see cref="UpdateRatio"/> is the update:data ratio;
/// around 1e-3 is the usual healthy value, far below learning stalls, far above it thrashes.
/// </summary>
public sealed record ParameterStats(int Step, string Parameter, string Layer, double GradNorm, double WeightStd, double UpdateStd)
{
    /// <summary>std(update) / std(weights before the update).</summary>
    public double UpdateRatio => UpdateStd / WeightStd;
}

/// <summary>
/// Measures every parameter of a model across one optimizer step: call <see cref="BeforeStep"/> after
/// <c>backward()</c> and <see cref="AfterStep"/> after <c>optimizer.step()</c>.
/// <code>loss.backward(); probe.BeforeStep(step); optimizer.step(); probe.AfterStep();</code>
/// <para>Gradient norms are exact, read in one pass over each gradient's memory, which also shows whether a gradient
/// holds a NaN or an infinity (<see cref="FirstNonFinite"/>). The weights and their change are measured on a fixed
/// random sample of <see cref="SampleSize"/> values per parameter, in runs of 16 neighbours (smaller parameters whole):
/// a std from 4,096 values lies within about 2% of the whole tensor's, while copying every weight before each step
/// and comparing after would cost more than all the other statistics together. A NaN or infinity the step leaves in
/// the sample is flagged; <see cref="CheckValues"/> reads every value.</para>
/// </summary>
public sealed class ParameterProbe
{
    public const int DefaultSampleSize = 4096;
    private const int Run = 16;

    private readonly (string Name, Parameter Parameter)[] _parameters;
    private readonly long[]?[] _runs;     // sorted random run starts, for parameters above the sample size
    private readonly double[][] _before;  // the sampled values before the step
    private readonly double[] _gradNorms, _change;
    private readonly List<ParameterStats> _records = [];
    private int _step;
    private bool _open;

    public ParameterProbe(nn.Module model, int sampleSize = DefaultSampleSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (sampleSize < Run)
            throw new ArgumentOutOfRangeException(nameof(sampleSize), $"Expected a sample of at least {Run} values per parameter, but {sampleSize} came.");
        _parameters = model.named_parameters().ToArray();
        if (_parameters.Length == 0)
            throw new ArgumentException($"Expected a model with parameters, but the {model.GetType().Name} has none.", nameof(model));
        SampleSize = sampleSize / Run * Run;
        using var generator = new Generator(0);
        _runs = new long[]?[_parameters.Length];
        _before = new double[_parameters.Length][];
        for (int i = 0; i < _parameters.Length; i++)
        {
            long n = _parameters[i].Parameter.numel();
            if (n > SampleSize)
            {
                using var order = randperm(n / Run, generator: generator);
                using var chosen = order.narrow(0, 0, SampleSize / Run);
                _runs[i] = [.. chosen.data<long>().Select(r => r * Run).Order()];
            }
            _before[i] = new double[Math.Min(n, SampleSize)];
        }
        _gradNorms = new double[_parameters.Length];
        _change = new double[SampleSize];
    }

    /// <summary>The parameters' names, as <c>named_parameters()</c> gives them ("linear1.weight").</summary>
    public IReadOnlyList<string> Parameters => _parameters.Select(p => p.Name).ToList();

    /// <summary>Parameters with more values than this have their weights and update measured on a fixed random sample of this many.</summary>
    public int SampleSize { get; }

    public IReadOnlyList<ParameterStats> Records => _records;

    /// <summary>The first gradient or parameter value that held a NaN or an infinity, or null while all were finite.</summary>
    public NonFiniteValue? FirstNonFinite { get; private set; }

    /// <summary>After <c>backward()</c>, before <c>optimizer.step()</c>: the gradient norms, and a copy of the weights' sample.</summary>
    public void BeforeStep(int step)
    {
        if (_open)
            throw new InvalidOperationException($"BeforeStep({step}) came while step {_step} was still open: call AfterStep() after optimizer.step().");
        for (int i = 0; i < _parameters.Length; i++)
        {
            var (name, p) = _parameters[i];
            using (var grad = p.grad)
            {
                var g = grad is null ? default(Moments?) : TensorMemory.Moments(grad);
                _gradNorms[i] = g is { } m ? Math.Sqrt(m.Squares) : double.NaN;
                if (g is { Finite: false })
                    Flag(step, TensorKind.Gradient, name);
            }
            Sample(i, _before[i], subtract: false);
        }
        (_step, _open) = (step, true);
    }

    /// <summary>After <c>optimizer.step()</c>: the spreads of the weights and of the step's change, and the step's record of every parameter.</summary>
    public void AfterStep()
    {
        if (!_open)
            throw new InvalidOperationException("AfterStep() needs BeforeStep(step) first, after backward() and before optimizer.step().");
        for (int i = 0; i < _parameters.Length; i++)
        {
            var name = _parameters[i].Name;
            var update = _change.AsSpan(0, _before[i].Length);
            Sample(i, update, subtract: true);
            var (w, u) = (TensorMemory.Moments(_before[i]), TensorMemory.Moments(update));
            if (!u.Finite)
                Flag(_step, TensorKind.Value, name);
            _records.Add(new ParameterStats(_step, name, ModuleTree.LayerOf(name), _gradNorms[i], w.Std, u.Std));
        }
        _open = false;
    }

    /// <summary>Parameter <paramref name="i"/>'s sampled values into <paramref name="into"/>; with <paramref name="subtract"/>, their change since <see cref="_before"/>.</summary>
    private void Sample(int i, Span<double> into, bool subtract)
    {
        var r = TensorMemory.Readable(_parameters[i].Parameter, out var copy);
        using (copy)
        {
            ReadOnlySpan<double> before = subtract ? _before[i] : default;
            if (r.dtype == ScalarType.Float32)
                Sample(TensorMemory.Floats(r), _runs[i], before, into);
            else
                Sample(TensorMemory.Doubles(r), _runs[i], before, into);
        }
    }

    private static void Sample<T>(ReadOnlySpan<T> values, long[]? runs, ReadOnlySpan<double> before, Span<double> into) where T : unmanaged, INumberBase<T>
    {
        if (runs is null)
            Take(values, before, into);
        else
            for (int r = 0; r < runs.Length; r++)
                Take(values.Slice((int)runs[r], Run), before.IsEmpty ? default : before.Slice(r * Run, Run), into.Slice(r * Run, Run));
    }

    private static void Take<T>(ReadOnlySpan<T> part, ReadOnlySpan<double> before, Span<double> into) where T : unmanaged, INumberBase<T>
    {
        if (before.IsEmpty)
            for (int k = 0; k < part.Length; k++) into[k] = double.CreateTruncating(part[k]);
        else
            for (int k = 0; k < part.Length; k++) into[k] = double.CreateTruncating(part[k]) - before[k];
    }

    /// <summary>Flags the first gradient that holds a NaN or an infinity, reading each whole.</summary>
    internal void CheckGradients(int step)
    {
        foreach (var (name, p) in _parameters)
        {
            using var grad = p.grad;
            if (grad is not null && !TensorMemory.Moments(grad).Finite)
                Flag(step, TensorKind.Gradient, name);
        }
    }

    /// <summary>Reads every parameter whole and flags the first that holds a NaN or an infinity, as left by <paramref name="step"/>.</summary>
    public void CheckValues(int step)
    {
        foreach (var (name, p) in _parameters)
            if (!TensorMemory.Moments(p).Finite)
                Flag(step, TensorKind.Value, name);
    }

    private void Flag(int step, TensorKind kind, string parameter) =>
        FirstNonFinite ??= new NonFiniteValue(step, ModuleTree.LayerOf(parameter), kind, parameter);

    /// <summary>One row per record: step, parameter, layer, grad norm, weight std, update std, update ratio.</summary>
    public DataFrame ToDataFrame() => Frame(_records);

    internal static DataFrame Frame(IReadOnlyList<ParameterStats> records) => new(
        new Int32DataFrameColumn("step", records.Select(r => r.Step)),
        new StringDataFrameColumn("parameter", records.Select(r => r.Parameter)),
        new StringDataFrameColumn("layer", records.Select(r => r.Layer)),
        new DoubleDataFrameColumn("grad norm", records.Select(r => r.GradNorm)),
        new DoubleDataFrameColumn("weight std", records.Select(r => r.WeightStd)),
        new DoubleDataFrameColumn("update std", records.Select(r => r.UpdateStd)),
        new DoubleDataFrameColumn("update ratio", records.Select(r => r.UpdateRatio)));

    /// <summary>Forgets the records so far (the first non-finite value too).</summary>
    public void Clear()
    {
        _records.Clear();
        FirstNonFinite = null;
    }
}

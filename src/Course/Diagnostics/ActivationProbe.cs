using Course.Models;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Diagnostics;

/// <summary>
/// One layer's output at one forward pass: mean and standard deviation over all its values (torch's std, computed in
/// double); for tanh and sigmoid layers the share of saturated values (|t| &gt; 0.97, σ within 0.03 of 0 or 1), where
/// the derivative has all but vanished; for ReLU layers the share of dead units, those that output exactly 0 for every
/// example of the batch. Shares that do not apply to the layer are null.
/// </summary>
public sealed record LayerStats(int Step, string Layer, string Type, double Mean, double Std, double? Saturated, double? Dead,
    Histogram? Histogram = null);

/// <summary>How many of a layer's outputs fell into each of equal bins from <see cref="Min"/> to <see cref="Max"/> (torch.histc).</summary>
public sealed record Histogram(double Min, double Max, IReadOnlyList<double> Counts)
{
    public double BinWidth => (Max - Min) / Counts.Count;
    public IEnumerable<double> Centers => Enumerable.Range(0, Counts.Count).Select(i => Min + (i + 0.5) * BinWidth);
}

/// <summary>
/// Forward hooks on every layer of a model (every module without children, nested Sequentials included) that measure
/// each output as it passes: <see cref="LayerStats"/> per layer and forward, and the first layer whose output held a
/// NaN or an infinity. The model's code is not touched; <see cref="Dispose"/> removes every hook.
/// <para>Hooks fire only when the model runs through <c>call()</c> (not <c>forward()</c>). A Sequential frees each
/// intermediate output as soon as the next layer has used it, so the hook measures the output at once, in one pass
/// over its memory, and keeps only numbers: probing holds no tensor, and adds no TorchSharp call to a forward pass but
/// the two or three that build a tanh or sigmoid layer's saturation mask (and torch.histc, when histograms are on).</para>
/// <code>using var probe = new ActivationProbe(model);
/// model.call(x);
/// display(probe.ToDataFrame());</code>
/// </summary>
public sealed class ActivationProbe : IDisposable
{
    private sealed record Layer(string Path, string Type, Activation? Activation, bool Dead, bool Saturates);

    private readonly List<Layer> _layers = [];
    private readonly List<Action> _removers = [];
    private readonly List<LayerStats> _records = [];
    private bool _counting = true;

    /// <param name="model">Any <c>Module&lt;Tensor, Tensor&gt;</c>; layers of another kind inside it are not probed.</param>
    /// <param name="histogramBins">When above 0, each record also holds a histogram of the layer's outputs with this many bins.</param>
    public ActivationProbe(nn.Module model, int histogramBins = 0)
    {
        var root = ModuleTree.TensorToTensor(model, nameof(model));
        if (histogramBins < 0)
            throw new ArgumentOutOfRangeException(nameof(histogramBins), $"Expected 0 (no histograms) or more bins, but {histogramBins} came.");
        HistogramBins = histogramBins;
        foreach (var (path, module) in ModuleTree.Leaves(root))
        {
            if (module is not nn.Module<Tensor, Tensor> leaf)
                continue;
            var activation = Activation.Of(module);
            bool dead = activation?.Nonlinearity is nn.init.NonlinearityType.ReLU or nn.init.NonlinearityType.LeakyReLU;
            bool saturates = activation?.Nonlinearity is nn.init.NonlinearityType.Tanh or nn.init.NonlinearityType.Sigmoid;
            int index = _layers.Count;
            _layers.Add(new Layer(path, module.GetType().Name, activation, dead, saturates));
            _removers.Add(leaf.register_forward_hook((_, _, output) => Measure(_layers[index], output)).remove);
        }
        _removers.Add(root.register_forward_pre_hook((m, input) => Begin(m, input)).remove);
    }

    /// <summary>The probed layers' paths, in forward order for a Sequential.</summary>
    public IReadOnlyList<string> Layers => _layers.Select(l => l.Path).ToList();

    public int HistogramBins { get; }

    /// <summary>The step the latest forward pass counts as: each forward through the model adds 1 (a monitor sets it to the training step).</summary>
    public int Step { get; set; }

    /// <summary>While false, forwards record no statistics; the watch for non-finite outputs goes on.</summary>
    public bool Recording { get; set; } = true;

    /// <summary>Only forwards in training mode with gradients on count (the training steps, not the evaluation between them).</summary>
    internal bool TrainingForwardsOnly { get; init; }

    /// <summary>Runs inside the hook that first meets a non-finite output, while the parameters are as that forward used them.</summary>
    internal Action? NonFiniteFound { get; init; }

    /// <summary>One record per layer and recorded forward, in the order the layers ran.</summary>
    public IReadOnlyList<LayerStats> Records => _records;

    /// <summary>The first layer output that held a NaN or an infinity, or null while all were finite.</summary>
    public NonFiniteValue? FirstNonFinite { get; private set; }

    /// <summary>One row per record: step, layer, type, mean, std, saturated, dead.</summary>
    public DataFrame ToDataFrame() => Frame(_records);

    internal static DataFrame Frame(IReadOnlyList<LayerStats> records) => new(
        new Int32DataFrameColumn("step", records.Select(r => r.Step)),
        new StringDataFrameColumn("layer", records.Select(r => r.Layer)),
        new StringDataFrameColumn("type", records.Select(r => r.Type)),
        new DoubleDataFrameColumn("mean", records.Select(r => r.Mean)),
        new DoubleDataFrameColumn("std", records.Select(r => r.Std)),
        new DoubleDataFrameColumn("saturated", records.Select(r => r.Saturated)),
        new DoubleDataFrameColumn("dead", records.Select(r => r.Dead)));

    /// <summary>Forgets the records so far (the first non-finite value too).</summary>
    public void Clear()
    {
        _records.Clear();
        FirstNonFinite = null;
    }

    /// <summary>Removes every hook from the model; the records stay readable.</summary>
    public void Dispose()
    {
        foreach (var remove in _removers) remove();
        _removers.Clear();
    }

    private Tensor Begin(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        _counting = !TrainingForwardsOnly || (model.training && is_grad_enabled());
        if (!_counting)
            return input;
        if (input.dim() == 0 || input.shape[0] == 0)
            throw new ArgumentException($"The probe expects a batch of at least one example, but an input of shape {ModuleTree.Shape(input)} came.");
        Step++;
        return input;
    }

    private Tensor Measure(Layer layer, Tensor output)
    {
        if (!_counting)
            return output;
        var moments = TensorMemory.Moments(output);
        if (!moments.Finite && FirstNonFinite is null)
        {
            FirstNonFinite = new NonFiniteValue(Step, layer.Path, TensorKind.Output);
            NonFiniteFound?.Invoke();
        }
        if (!Recording)
            return output;
        long examples = output.dim() == 0 ? 1 : output.shape[0];
        double? dead = null, saturated = null;
        if (layer.Dead && moments.Count > 0)
        {
            int units = (int)(moments.Count / examples);
            dead = (double)TensorMemory.ZeroUnits(output, units) / units;
        }
        Histogram? histogram = null;
        if (layer.Saturates || HistogramBins > 0)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            if (layer.Saturates)
                saturated = (double)TensorMemory.CountTrue(layer.Activation!.Saturated(output)!) / moments.Count;
            if (HistogramBins > 0)
                histogram = Histogram(output);
        }
        _records.Add(new LayerStats(Step, layer.Path, layer.Type, moments.Mean, moments.Std, saturated, dead, histogram));
        return output;
    }

    private Histogram Histogram(Tensor output)
    {
        var finite = output.nan_to_num(); // histc refuses a NaN range; the record's mean shows the NaN anyway
        double min = finite.min().ToDouble(), max = finite.max().ToDouble();
        if (min == max) (min, max) = (min - 1, max + 1); // what histc does with a constant input
        return new Histogram(min, max, TensorMemory.ToArray(finite.histc(HistogramBins)));
    }
}

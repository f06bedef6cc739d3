using Course.Data;
using Course.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Experiments;

/// <summary>How a net did on the new task from one start, and how many of its parameters training was allowed to change.</summary>
public sealed record TransferRun(string Start, long TrainableParameters, double TrainAccuracy, double ValidationAccuracy);

/// <summary>
/// Transfer learning on digits: a net learns digits 0-4 on plenty of examples; some of its layers are then reused for
/// digits 5-9 with few examples, either frozen (requires_grad = false: only the new output layer learns) or fine-tuned
/// (every layer learns, from the reused weights), against the same net trained from scratch.
/// </summary>
public static class TransferLearning
{
    public const string Frozen = "reused, frozen";
    public const string FineTuned = "reused, fine-tuned";
    public const string Scratch = "from scratch";

    /// <summary>The examples of <paramref name="classes"/> only, relabelled 0, 1, ... in the order given.</summary>
    public static Dataset SelectClasses(Dataset data, params int[] classes)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Length == 0 || classes.Any(c => c < 0 || c >= data.ClassCount) || classes.Distinct().Count() != classes.Length)
            throw new ArgumentException($"Expected distinct classes in [0, {data.ClassCount - 1}], but [{string.Join(", ", classes)}] came.", nameof(classes));
        var labels = data.Labels.data<long>().ToArray();
        foreach (int c in classes.Where(c => !labels.Contains(c)))
            throw new ArgumentException($"Class {c} has no example among the {data.Count} given; expected at least one of each of [{string.Join(", ", classes)}].", nameof(classes));
        var kept = Enumerable.Range(0, labels.Length).Where(i => classes.Contains((int)labels[i])).Select(i => (long)i).ToArray();
        using var scope = NewDisposeScope();
        var index = tensor(kept);
        var relabel = tensor(Enumerable.Range(0, data.ClassCount).Select(c => (long)Array.IndexOf(classes, c)).ToArray());
        return new Dataset(data.Features.index_select(0, index), relabel.index_select(0, data.Labels.index_select(0, index)), classes.Length,
            data.ClassNames is { } names ? [.. classes.Select(c => names[c])] : null);
    }

    /// <summary>
    /// Trains a net from <paramref name="build"/> on <paramref name="source"/> (Adam 1e-3, batches of 50), then trains each of
    /// the three starts on <paramref name="train"/>: the <paramref name="reused"/> layers (by name) copied and frozen, copied
    /// and trainable, or all fresh. The other layers are always fresh.
    /// </summary>
    public static TransferRun[] Run(Func<Sequential> build, string[] reused, Dataset source, Dataset train, Dataset validation, int sourceEpochs, int epochs, long seed)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(reused);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (source.ClassCount != train.ClassCount)
            throw new ArgumentException($"The source and target tasks share the net's shape: expected {source.ClassCount} target classes, but {train.ClassCount} came.", nameof(train));
        manual_seed(seed);
        using var pretrained = build();
        foreach (var name in reused.Where(n => !pretrained.named_children().Any(c => c.name == n)))
            throw new ArgumentException($"The net has no layer \"{name}\"; its layers are {string.Join(", ", pretrained.named_children().Select(c => c.name))}.", nameof(reused));
        Train(pretrained, source, sourceEpochs, seed);
        return [.. new[] { Frozen, FineTuned, Scratch }.Select(start =>
        {
            manual_seed(seed + 1);
            using var model = build();   // a fresh output layer for the new task, and fresh hidden layers for "from scratch"
            foreach (var name in start == Scratch ? [] : reused)
            {
                var layer = Layer(model, name);
                layer.load_state_dict(Layer(pretrained, name).state_dict());
                foreach (var p in layer.parameters())
                    p.requires_grad = start != Frozen;
            }
            Train(model, train, epochs, seed);
            return new TransferRun(start, model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()),
                TrainEvalModes.Accuracy(model, train), TrainEvalModes.Accuracy(model, validation));
        })];
    }

    private static nn.Module Layer(Sequential model, string name) => model.named_children().Single(c => c.name == name).module;

    /// <summary>Adam 1e-3 on the parameters that require gradients, for <paramref name="epochs"/> epochs in batches of 50.</summary>
    private static void Train(Sequential model, Dataset data, int epochs, long seed)
    {
        using var loss = nn.CrossEntropyLoss();
        using var optimizer = optim.Adam(model.parameters().Where(p => p.requires_grad), 1e-3);
        new Trainer(model, loss, optimizer).Fit(data, epochs, 50, shuffleSeed: seed);
    }
}

using Course.Data;
using Course.Diagnostics;
using Course.Init;
using Course.Models;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using static Course.Experiments.ZooModules;

namespace Course.Experiments;

/// <summary>
/// One training setup of the zoo: what the doctor is given (data, model factory, loss, optimiser factory, budget), and the
/// bug planted in it, by the doctor's code (null for a healthy setup), with where it sits in the debugging checklist.
/// </summary>
public sealed record ZooCase(string Name, string? Planted, string Section, string Bug, Dataset Train, Dataset Validation,
    Func<nn.Module> Model, Func<nn.Module<Tensor, Tensor, Tensor>> Loss, Func<IEnumerable<Parameter>, optim.Optimizer> Optimizer,
    double ExpectedAccuracy = 0.9, bool Shuffle = true)
{
    public bool Healthy => Planted is null;

    public Diagnosis Examine(int steps = 300, long seed = 0) =>
        Doctor.Examine(Model, Train, Validation, Loss(), Optimizer, steps, shuffle: Shuffle, seed: seed, expectedAccuracy: ExpectedAccuracy);

    /// <summary>Whether the doctor got it right: the planted code on top, or for a healthy setup nothing above info.</summary>
    public bool Diagnosed(Diagnosis diagnosis) => Healthy ? diagnosis.Healthy : diagnosis.Top?.Code == Planted;

    public override string ToString() => $"{Name}: {Bug}";
}

/// <summary>
/// Broken training setups with one planted bug each, and healthy ones beside them, on 2,000 MNIST digits (validated on
/// 500) and on small synthetic sets. Every broken setup differs from a healthy one in one thing, spelled out in
/// <see cref="ZooCase.Bug"/>; the sensible default is the notes' own: a small ReLU net, Adam at 3e-4, inputs in [0, 1].
/// The zoo owns its datasets: dispose it when done.
/// </summary>
public sealed class BugZoo : IDisposable
{
    private readonly List<Dataset> _owned = [];

    public IReadOnlyList<ZooCase> Cases { get; }

    public IEnumerable<ZooCase> Broken => Cases.Where(c => !c.Healthy);
    public IEnumerable<ZooCase> HealthyCases => Cases.Where(c => c.Healthy);

    public ZooCase this[string name] => Cases.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"Expected one of the zoo's setups ({string.Join(", ", Cases.Select(c => c.Name))}), but \"{name}\" came.");

    /// <summary>Builds the zoo from the first 2,500 MNIST <paramref name="digits"/> (<c>Mnist.Load()</c>); <paramref name="seed"/> draws its splits and synthetic sets.</summary>
    public BugZoo(Dataset digits, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Count < 2500 || digits.FeatureCount != 784 || digits.ClassCount != 10)
            throw new ArgumentException($"Expected at least 2,500 MNIST digits (784 pixels, 10 classes), but {digits} came.", nameof(digits));
        using var first = digits.Take(2500);
        var (train, val) = Own(Splits.TrainValidation(first, 0.2, seed, stratify: true));
        var (moons, moonsVal) = Own(Splits.TrainValidation(Own(Synthetic.Moons(300, 0.15, seed)), 0.2, seed));
        var (spirals, spiralsVal) = Own(Splits.TrainValidation(Own(Synthetic.Spirals(200, 3, 0.05, seed)), 0.2, seed));
        var (rawBlobs, rawBlobsVal) = Own(Splits.TrainValidation(Own(Synthetic.Blobs(150, 4, 0.6, seed)), 0.2, seed));
        using var standardizer = Standardizer.Fit(rawBlobs);
        var (blobs, blobsVal) = (Own(standardizer.Transform(rawBlobs)), Own(standardizer.Transform(rawBlobsVal)));
        var raw = Own(InputScaling.Rescaled(train, 255));
        var rawVal = Own(InputScaling.Rescaled(val, 255));

        static Func<IEnumerable<Parameter>, optim.Optimizer> Adam(double lr = 3e-4, double weightDecay = 0) => p => optim.Adam(p, lr, weight_decay: weightDecay);
        static Func<IEnumerable<Parameter>, optim.Optimizer> Sgd(double lr) => p => optim.SGD(p, lr, momentum: 0.9);
        static nn.Module<Tensor, Tensor, Tensor> CrossEntropy() => nn.CrossEntropyLoss();
        static Sequential Net(params long[] widths) => Mlp.Build(widths);
        static Sequential Then(Sequential model, string name, nn.Module<Tensor, Tensor> layer) { model.append(name, layer); return model; }
        static Sequential Before(string name, nn.Module<Tensor, Tensor> layer, Sequential model) =>
            nn.Sequential([(name, layer), .. model.named_children().Select(c => (c.name, (nn.Module<Tensor, Tensor>)c.module))]);

        Cases =
        [
            new("mnist mlp", null, "0", "the sensible default: 784-64-10 ReLU, Adam 3e-4, pixels in [0, 1]",
                train, val, () => Net(784, 64, 10), CrossEntropy, Adam()),
            new("mnist batch norm and dropout", null, "0", "784-128-64-10 with batch norm and dropout 0.2",
                train, val, () => Mlp.Build([784, 128, 64, 10], batchNorm: true, dropout: 0.2), CrossEntropy, Adam()),
            new("mnist sgd", null, "0", "784-64-10 ReLU, SGD 0.05 with momentum 0.9",
                train, val, () => Net(784, 64, 10), CrossEntropy, Sgd(0.05)),
            new("moons tanh", null, "0", "2-32-32-2 tanh with Xavier init, Adam 1e-2",
                moons, moonsVal, () => Mlp.Build([2, 32, 32, 2], Activation.Tanh).InitWith(new XavierNormal()), CrossEntropy, Adam(1e-2), 0.95),
            new("spirals relu", null, "0", "2-64-64-3 ReLU with He init, Adam 1e-2",
                spirals, spiralsVal, () => Net(2, 64, 64, 3).InitWith(new HeNormal()), CrossEntropy, Adam(1e-2), 0.95),
            new("blobs logistic", null, "0", "a linear classifier (2-4) on four standardised blobs, SGD 0.1",
                blobs, blobsVal, () => Net(2, 4), CrossEntropy, Sgd(0.1), 0.95),

            // I. the dataset
            new("labels shuffled apart", Codes.LabelsMisaligned, "I", "the labels were shuffled with their own permutation, apart from the images",
                Own(Relabelled(train, seed)), val, () => Net(784, 64, 10), CrossEntropy, Adam()),
            new("placeholder input layer", Codes.DataNotUsed, "I", "a preprocessing layer left as a placeholder passes on zeros_like(x)",
                train, val, () => Before("prepare", new PlaceholderInput(), Net(784, 64, 10)), CrossEntropy, Adam()),
            new("sorted and unshuffled", Codes.SingleLabelBatches, "I", "the training set is sorted by label and never shuffled",
                Own(Rebalance.SortedByLabel(train)), val, () => Net(784, 64, 10), CrossEntropy, Adam(), Shuffle: false),
            new("long tail", Codes.ClassImbalance, "I", "a long-tailed training set: 200 zeros down to 8 nines",
                Own(Rebalance.LongTail(train, 200, 0.7)), val, () => Net(784, 64, 10), CrossEntropy, Adam()),
            new("a hundred images", Codes.Overfitting, "I", "a 784-256-256-10 net trained on 100 digits",
                Own(OverfitBatch.Balanced(train, 100)), val, () => Net(784, 256, 256, 10), CrossEntropy, Adam(1e-3)),
            // II. normalisation and preprocessing
            new("pixels 0 to 255", Codes.InputsNotNormalized, "II", "the pixels were never divided by 255",
                raw, rawVal, () => Net(784, 64, 10), CrossEntropy, Adam()),
            new("validation not scaled", Codes.PreprocessingMismatch, "II", "training pixels in [0, 1], validation pixels in [0, 255]",
                train, rawVal, () => Net(784, 64, 10), CrossEntropy, Adam()),
            // III. the implementation
            new("softmax then cross-entropy", Codes.DoubleSoftmax, "III", "the model ends in nn.Softmax and nn.CrossEntropyLoss applies its own",
                train, val, () => Then(Net(784, 64, 10), "softmax", nn.Softmax(1)), CrossEntropy, Adam()),
            new("NLL on logits", Codes.NllWithoutLogSoftmax, "III", "nn.NLLLoss fed raw logits, without nn.LogSoftmax",
                train, val, () => Net(784, 64, 10), () => nn.NLLLoss(), Adam()),
            new("broadcasting loss", Codes.LossMixesExamples, "III", "a hand-written cross-entropy indexes [:, labels]: an [N, N] table",
                train, val, () => Net(784, 64, 10), () => new BroadcastingCrossEntropy(), Adam()),
            new("hand-written tanh backward", Codes.WrongGradient, "III", "a custom tanh whose backward uses 1 - y instead of 1 - y^2",
                train, val, () => Then(Then(nn.Sequential(("linear1", nn.Linear(784, 64))), "tanh1", new HandWrittenTanh()), "linear2", nn.Linear(64, 10)),
                CrossEntropy, Adam()),
            new("frozen first layer", Codes.FrozenParameters, "III", "the first layer's requires_grad was switched off (left frozen from a pretrained model)",
                train, val, () => Frozen(Net(784, 64, 10), "linear1"), CrossEntropy, Adam()),
            new("weights std 1", Codes.LossNotAtChance, "III", "every weight drawn with nn.init.normal_ and its default std of 1",
                train, val, () => Net(784, 64, 10).InitWith(new Init.Normal(1)), CrossEntropy, Adam()),
            new("tiny bottleneck", Codes.Underfitting, "III", "a 784-2-10 net: a hidden layer of two leaky ReLU units",
                train, val, () => Mlp.Build([784, 2, 10], Activation.LeakyRelu(0.1)), CrossEntropy, Adam(1e-2)),
            new("dropout that ignores eval", Codes.WrongMode, "IV", "a custom dropout calls functional dropout with training: true",
                train, val, () => Then(Then(Then(nn.Sequential(("linear1", nn.Linear(784, 64))), "relu1", nn.ReLU()), "dropout1", new AlwaysOnDropout(0.5)),
                    "linear2", nn.Linear(64, 10)), CrossEntropy, Adam()),
            // IV. training
            new("heavy weight decay", Codes.CannotOverfitBatch, "0", "regularisation left on at full strength: weight decay 1",
                train, val, () => Net(784, 64, 10), CrossEntropy, Adam(weightDecay: 1)),
            new("constant init", Codes.SymmetricInit, "IV", "every weight starts at 0.01",
                train, val, () => Net(784, 64, 64, 10).InitWith(new Init.Constant(0.01)), CrossEntropy, Adam()),
            new("deep sigmoid", Codes.VanishingGradients, "IV", "twelve sigmoid layers of 64 units with torch's default init",
                train, val, () => Deep(784, 64, 12, Activation.Sigmoid), CrossEntropy, Adam()),
            new("deep relu, weights too large", Codes.ExplodingGradients, "IV", "sixteen ReLU layers with weights twice He's std",
                train, val, () => Deep(784, 64, 16, Activation.Relu).InitWith(new Init.Normal(2 * Math.Sqrt(2.0 / 64))), CrossEntropy, Adam()),
            new("tanh, weights std 1", Codes.SaturatedActivations, "IV", "tanh layers whose weights start with std 1",
                train, val, () => Mlp.Build([784, 64, 64, 10], Activation.Tanh).InitWith(new Init.Normal(1)), CrossEntropy, Adam()),
            new("biases -5", Codes.DeadUnits, "IV", "the hidden biases start at -5: every ReLU outputs 0",
                train, val, () => HiddenBias(Net(784, 64, 10), -5), CrossEntropy, Adam()),
            new("learning rate 0.1 for Adam", Codes.LearningRateTooHigh, "IV", "Adam with learning rate 0.1",
                train, val, () => Net(784, 64, 10), CrossEntropy, Adam(0.1)),
            new("learning rate 1e-6", Codes.LearningRateTooLow, "IV", "Adam with learning rate 1e-6",
                train, val, () => Net(784, 64, 10), CrossEntropy, Adam(1e-6)),
            new("standardise without epsilon", Codes.NonFinite, "IV", "a layer standardises each pixel over the batch and divides by a std of 0",
                train, val, () => Before("standardize", new BatchStandardize(), Net(784, 64, 10)), CrossEntropy, Adam()),
        ];
    }

    private Dataset Own(Dataset data) { _owned.Add(data); return data; }

    private (Dataset, Dataset) Own((Dataset A, Dataset B) pair) => (Own(pair.A), Own(pair.B));

    /// <summary>The same images with the labels in another order: each image keeps someone else's label.</summary>
    private static Dataset Relabelled(Dataset data, long seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed + 1);
        return new Dataset(data.Features.clone(), data.Labels.index_select(0, randperm(data.Count, generator: generator)), data.ClassCount, data.ClassNames);
    }

    /// <summary><paramref name="depth"/> hidden layers of <paramref name="width"/> units between the inputs and ten classes.</summary>
    private static Sequential Deep(long inputs, long width, int depth, Activation activation) =>
        Mlp.Build([inputs, .. Enumerable.Repeat(width, depth), 10], activation);

    private static Sequential Frozen(Sequential model, string layer)
    {
        foreach (var (name, p) in model.named_parameters())
            if (name.StartsWith(layer + ".", StringComparison.Ordinal))
                p.requires_grad = false;
        return model;
    }

    private static Sequential HiddenBias(Sequential model, double bias)
    {
        using (no_grad())
            foreach (var linear in model.children().OfType<Linear>().SkipLast(1))
                linear.bias!.fill_(bias);
        return model;
    }

    /// <summary>One row per case and its diagnosis: setup, planted bug, the doctor's top finding, whether it matched, and the evidence.</summary>
    public static DataFrame Table(IEnumerable<(ZooCase Case, Diagnosis Diagnosis)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.ToList();
        return new DataFrame(
            new StringDataFrameColumn("setup", rows.Select(r => r.Case.Name)),
            new StringDataFrameColumn("section", rows.Select(r => r.Case.Section)),
            new StringDataFrameColumn("planted bug", rows.Select(r => r.Case.Planted ?? "none")),
            new StringDataFrameColumn("top finding", rows.Select(r => r.Diagnosis.Top is { } t ? $"{t.Code} ({t.Severity})" : "none")),
            new BooleanDataFrameColumn("diagnosed", rows.Select(r => r.Case.Diagnosed(r.Diagnosis))),
            new StringDataFrameColumn("evidence", rows.Select(r => r.Diagnosis.Top?.Evidence ?? "")));
    }

    public void Dispose()
    {
        foreach (var data in _owned) data.Dispose();
        _owned.Clear();
    }
}

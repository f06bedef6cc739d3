namespace Course.Diagnostics;

/// <summary>Where in the debugging checklist a problem sits; the doctor lists causes before the symptoms they produce.</summary>
public enum Stage
{
    /// <summary>The data and how it is fed (checklist sections I and II).</summary>
    Data,

    /// <summary>The model and loss as written (section III).</summary>
    Implementation,

    /// <summary>Initialisation and architecture: how signals and gradients travel (section IV).</summary>
    SignalFlow,

    /// <summary>The optimisation itself (sections 0 and IV).</summary>
    Training,

    /// <summary>What the trained model does on held-out data.</summary>
    Generalisation,
}

/// <summary>What the doctor knows about one kind of problem: its stable code, its stage, and the mitigations the course's notes list for it.</summary>
public sealed record Ailment(string Code, Stage Stage, string Title, IReadOnlyList<string> Mitigations);

/// <summary>
/// The doctor's codes, spelled as <see cref="Finding.Code"/> reports them. Their order here is the order in which the doctor
/// lists findings of equal severity: data before implementation, implementation before signal flow, and so on, so that a
/// cause comes before the symptoms it produces.
/// </summary>
public static class Codes
{
    public const string LabelsMisaligned = "labels-misaligned";
    public const string DataNotUsed = "data-not-used";
    public const string PreprocessingMismatch = "preprocessing-mismatch";
    public const string InputsNotNormalized = "inputs-not-normalized";
    public const string SingleLabelBatches = "single-label-batches";
    public const string ClassImbalance = "class-imbalance";
    public const string DoubleSoftmax = "double-softmax";
    public const string NllWithoutLogSoftmax = "nll-without-log-softmax";
    public const string LossMixesExamples = "loss-mixes-examples";
    public const string WrongGradient = "wrong-gradient";
    public const string WrongMode = "wrong-mode";
    public const string FrozenParameters = "frozen-parameters";
    public const string SymmetricInit = "symmetric-init";
    public const string SaturatedActivations = "saturated-activations";
    public const string DeadUnits = "dead-units";
    public const string ExplodingGradients = "exploding-gradients";
    public const string VanishingGradients = "vanishing-gradients";
    public const string LossNotAtChance = "loss-not-at-chance";
    public const string NonFinite = "non-finite";
    public const string LearningRateTooHigh = "learning-rate-too-high";
    public const string LearningRateTooLow = "learning-rate-too-low";
    public const string CannotOverfitBatch = "cannot-overfit-batch";
    public const string Overfitting = "overfitting";
    public const string Underfitting = "underfitting";
    public const string ActivationScale = "activation-scale";
    public const string StillLearning = "still-learning";

    /// <summary>Every ailment, in the order findings of equal severity are listed.</summary>
    public static IReadOnlyList<Ailment> All { get; } =
    [
        new(LabelsMisaligned, Stage.Data, "the labels do not follow the inputs",
            ["check that features and labels were shuffled, split and batched with the same permutation",
             "look at a few inputs next to their labels", "inspect the dataset for noise and mislabels"]),
        new(DataNotUsed, Stage.Data, "the model's output does not depend on its input",
            ["feed random inputs: the same loss means the data is not used", "inspect the input that reaches the first layer",
             "look for inputs that are all zeros or all equal"]),
        new(PreprocessingMismatch, Stage.Data, "validation inputs are scaled differently from training inputs",
            ["preprocess training, validation and test data the same way, with statistics from the training data only",
             "match the preprocessing a pretrained model expects ([0, 1], [-1, 1] or [0, 255])"]),
        new(InputsNotNormalized, Stage.Data, "the inputs are not normalised",
            ["standardise features to mean 0 and std 1, with statistics from the training data only",
             "scale images to [0, 1] or [-0.5, 0.5] (divide by 255)"]),
        new(SingleLabelBatches, Stage.Data, "batches hold one label each",
            ["shuffle the training set (every epoch)", "make sure a batch mixes the classes"]),
        new(ClassImbalance, Stage.Data, "the classes are imbalanced",
            ["weight the loss by inverse class frequency, or resample the rare classes", "track per-class recall, not only loss and accuracy",
             "collect more examples of the rare classes (about 1,000 per class for training from scratch)"]),
        new(DoubleSoftmax, Stage.Implementation, "softmax is applied twice",
            ["feed logits to nn.CrossEntropyLoss (remove the model's final softmax)", "or end the model in nn.LogSoftmax and use nn.NLLLoss"]),
        new(NllWithoutLogSoftmax, Stage.Implementation, "nn.NLLLoss is fed raw scores",
            ["nn.NLLLoss expects log-probabilities: end the model in nn.LogSoftmax", "or use nn.CrossEntropyLoss on the logits"]),
        new(LossMixesExamples, Stage.Implementation, "the loss mixes examples",
            ["check the shapes inside the loss: a [N] tensor meeting a [N, 1] one broadcasts to [N, N]",
             "use the standard loss rather than a custom one", "use unusual sizes (primes) so shape errors cannot hide"]),
        new(WrongGradient, Stage.Implementation, "a custom layer's gradient is wrong",
            ["fix its backward pass: a gradient check in float64 names the tensor and component",
             "unit-test custom layers against TorchSharp's own modules and autograd"]),
        new(WrongMode, Stage.Implementation, "evaluation mode does not switch the model's behaviour off",
            ["call model.eval() before evaluating and model.train() before training",
             "in a custom module, pass this.training to functional dropout and batch norm"]),
        new(FrozenParameters, Stage.Implementation, "some parameters never change",
            ["check requires_grad, the parameter list given to the optimiser, and detach() calls in forward",
             "unfreeze layers you meant to train"]),
        new(SymmetricInit, Stage.Implementation, "units start identical",
            ["initialise weights randomly: Xavier for tanh and sigmoid, He for ReLU",
             "biases may start at 0, weights may not be constant"]),
        new(SaturatedActivations, Stage.SignalFlow, "activations are saturated",
            ["standardise the inputs", "start with smaller weights (Xavier)", "add batch norm before the activation", "use ReLU"]),
        new(DeadUnits, Stage.SignalFlow, "ReLU units are dead",
            ["start biases at 0 and weights with He init", "lower the learning rate", "use leaky ReLU"]),
        new(ExplodingGradients, Stage.SignalFlow, "gradients explode",
            ["initialise with Xavier (tanh, sigmoid) or He (ReLU)", "clip the gradient norm (nn.utils.clip_grad_norm_)",
             "add batch norm", "use fewer layers"]),
        new(VanishingGradients, Stage.SignalFlow, "gradients vanish towards the input",
            ["use ReLU activations", "initialise with He (ReLU) or Xavier (tanh)", "add batch norm or skip connections", "use fewer layers"]),
        new(LossNotAtChance, Stage.SignalFlow, "the untrained model's loss is far from chance",
            ["shrink the last layer's initial weights so every class starts equally likely (loss ln C)",
             "check the inputs' scale and that the label does not leak into the input"]),
        new(NonFinite, Stage.Training, "a NaN or an infinity appeared",
            ["trace it to the first layer and step (a probe, or torch.autograd.detect_anomaly)",
             "look for division by zero, log of 0 or of a negative number, exp of a large number; add an epsilon",
             "reduce the learning rate"]),
        new(LearningRateTooHigh, Stage.Training, "the learning rate is too high",
            ["divide the learning rate by 10", "start from Adam with learning rate 3e-4", "clip the gradient norm"]),
        new(LearningRateTooLow, Stage.Training, "the learning rate is too low",
            ["multiply the learning rate by 10", "start from Adam with learning rate 3e-4"]),
        new(CannotOverfitBatch, Stage.Training, "the model cannot memorise a small batch",
            ["switch off regularisation and augmentation", "check the loss, the labels and the output layer",
             "make the model bigger, then add complexity back gradually"]),
        new(Overfitting, Stage.Generalisation, "the model overfits",
            ["get more data, or augment it", "add regularisation (weight decay, dropout)", "stop early on the validation loss",
             "use a smaller model"]),
        new(Underfitting, Stage.Generalisation, "the model underfits",
            ["make the model bigger (more units or layers)", "reduce regularisation", "train longer if the loss is still falling",
             "tune the learning rate"]),
        new(ActivationScale, Stage.SignalFlow, "some layer's activation std lies outside 0.5 to 2",
            ["a guide, not a rule: watch it when the net is deep or training stalls"]),
        new(StillLearning, Stage.Training, "the loss was still falling when training stopped",
            ["allow more training time while the loss steadily decreases"]),
    ];

    private static readonly Dictionary<string, (Ailment Ailment, int Rank)> ByCode =
        All.Select((a, i) => (a, i)).ToDictionary(x => x.a.Code, x => (x.a, x.i));

    /// <summary>The ailment a code names, or an error listing the codes there are.</summary>
    public static Ailment Of(string code) => ByCode.TryGetValue(code, out var entry) ? entry.Ailment
        : throw new ArgumentException($"Expected one of the doctor's codes ({string.Join(", ", All.Select(a => a.Code))}), but \"{code}\" came.", nameof(code));

    internal static int Rank(string code) => ByCode[code].Rank;
}

using Course.Diagnostics;

namespace Course.Experiments;

/// <summary>
/// A broken training setup, the shape its loss curve takes, the one thing changed (short, for a chart title), why it
/// breaks training, and the change that cures it.
/// </summary>
public sealed record FailureCase(string Name, Signature Signature, string Change, string Cause, TrainingSetup Broken, string Fix, TrainingSetup Fixed)
{
    public override string ToString() => $"{Name} ({Change}): {Cause}. Fix: {Fix}.";
}

/// <summary>
/// Lesson 04's bench: a 784-32-10 MLP learning 100 digits in batches of 20 with SGD (lr 0.1, momentum 0.9), where the
/// classic learning-rate failures show plainly, and the bugs that give each failure signature. Every broken setup differs
/// from <see cref="Healthy"/> in one property.
/// </summary>
public static class FailureCases
{
    /// <summary>The recipe that works: its loss falls to a small fraction of its start within 100 steps.</summary>
    public static TrainingSetup Healthy { get; } = new() { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, BatchSize = 20 };

    public static FailureCase GoesUp { get; } = new("error goes up", Signature.GoesUp, "output layer's gradient sign flipped",
        "the output layer's gradient has the wrong sign, so that layer climbs the loss while the hidden layer descends",
        Healthy with { SignBug = SignBug.OutputLayer },
        "negate it back: a numerical gradient check of the layer finds the sign", Healthy);

    public static FailureCase Explodes { get; } = new("error explodes", Signature.Explodes, "learning rate 300",
        "a learning rate 3000 times too high (300 instead of 0.1): the first steps overshoot by orders of magnitude",
        Healthy with { LearningRate = 300 },
        "lower the learning rate (here back to 0.1)", Healthy);

    public static FailureCase Oscillates { get; } = new("error oscillates", Signature.Oscillates, "learning rate 1",
        "a learning rate 10 times too high (1 instead of 0.1): each step overshoots the valley it aims for",
        Healthy with { LearningRate = 1 },
        "lower the learning rate (here back to 0.1)", Healthy);

    public static FailureCase Plateaus { get; } = new("error plateaus", Signature.Plateaus, "hidden biases -5",
        "the hidden biases start at -5, so every ReLU outputs 0 for every digit and no gradient reaches the hidden layer",
        Healthy with { HiddenBias = -5 },
        "start the biases at 0 (or use a leaky ReLU)", Healthy);

    /// <summary>The four signatures, one case each, in the order of the lesson.</summary>
    public static IReadOnlyList<FailureCase> Four { get; } = [GoesUp, Explodes, Oscillates, Plateaus];

    public static FailureCase GradientAscent { get; } = new("gradient ascent", Signature.Explodes, "every gradient's sign flipped",
        "every gradient has the wrong sign (w += lr * g): the loss grows geometrically until float32 overflows",
        Healthy with { SignBug = SignBug.EveryLayer },
        "subtract the gradient", Healthy);

    public static FailureCase LearningRateTooLow { get; } = new("learning rate too low", Signature.Plateaus, "learning rate 1e-4",
        "a learning rate 1000 times too low (1e-4): every step is real but tiny",
        Healthy with { LearningRate = 1e-4 },
        "raise the learning rate (here back to 0.1)", Healthy);

    public static FailureCase ForgottenZeroGrad { get; } = new("forgotten zero_grad", Signature.GoesUp, "gradients never zeroed",
        "the gradients are never cleared, so each step follows the sum of every gradient so far and overshoots more and more",
        Healthy with { ZeroGradEachStep = false },
        "clear the gradients before every backward pass", Healthy);

    /// <summary>More causes behind the same shapes.</summary>
    public static IReadOnlyList<FailureCase> More { get; } = [GradientAscent, LearningRateTooLow, ForgottenZeroGrad];
}

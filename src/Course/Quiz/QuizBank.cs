using static Course.Quiz.Quiz;

namespace Course.Quiz;

/// <summary>The questions themselves. Where the course material this quiz comes from was imprecise, the explanation says what is right.</summary>
internal static class QuizBank
{
    private static readonly string[] GradientSizes =
    [
        "Too big gradient at any layer of the model",
        "Too big gradient only at the output layer",
        "Too small gradient at any layer of the model",
        "Too small gradient only at the output layer",
    ];

    private static readonly string[] Activations = ["Sigmoid", "Tanh", "ReLU"];

    private static readonly string[] FitStatements =
    [
        "We use a simple model family to learn from more complex data",
        "We use powerful deep nets to learn from simple data",
        "The training accuracy is high and the validation accuracy is low",
        "The training accuracy is low and the validation accuracy is high",
        "Both training and validation accuracies are low",
    ];

    private static readonly string[] MnistResults =
    [
        "Training accuracy 99%, test accuracy 50%",
        "Training accuracy 98%, test accuracy 97%",
        "Training accuracy 70%, test accuracy 40%",
        "Training accuracy 30%, test accuracy 40%",
    ];

    public static readonly QuizQuestion[] All =
    [
        new(1, "During training the gradient norm ‖g‖₂ approaches 0. Where can the parameters be?",
            ["At a local minimum", "At a local maximum", "At a saddle point", "At any one of A, B or C"],
            "D",
            "A zero gradient is exactly what defines a critical point, and minima, maxima and saddle points are all " +
            "critical points, so a vanishing gradient norm alone cannot tell them apart. In practice gradient descent " +
            "is pushed away from maxima, and in high-dimensional networks most critical points are saddles; a tiny " +
            "gradient can also mean a flat plateau that is not critical at all. Look at the loss, not only at ‖g‖.",
            Gradients),

        new(2, "Which activation functions is Xavier (Glorot) initialisation suited to?",
            Activations,
            "A, B",
            "Xavier chooses Var[w] = 2 / (n_in + n_out), a compromise between keeping the forward variance " +
            "(n_in·Var[w] = 1) and the backward variance (n_out·Var[w] = 1). The derivation treats the activation " +
            "as roughly the identity near zero, which holds for tanh. Sigmoid is the usual second answer, but only " +
            "approximately: its slope at zero is 1/4 and its output is centred on 0.5, not 0. ReLU zeroes half its " +
            "inputs, so Xavier lets its activations shrink layer after layer.",
            XavierAndHe),

        new(3, "Which activation function is He (Kaiming) initialisation designed for?",
            Activations,
            "C",
            "For a symmetric input, ReLU sets the negative half to zero, so E[relu(x)²] = Var[x] / 2: each layer " +
            "halves the signal's second moment. He initialisation doubles the weight variance to compensate, " +
            "Var[w] = 2 / n_in (std √(2/n)), which keeps activations and gradients at a steady scale through deep " +
            "ReLU stacks. With leaky ReLU of slope a, the factor becomes 2 / (1 + a²).",
            XavierAndHe),

        new(4, "What is the vanishing gradient problem?",
            GradientSizes,
            "C",
            "The gradient reaching a layer is a product of one factor per layer above it; when those factors are " +
            "below 1 (saturated sigmoid or tanh, small weights) it shrinks geometrically on its way back. The layers " +
            "nearest the input suffer most: they receive almost no signal and barely learn, while the last layers " +
            "still train. So \"too small at any layer\" is the intended answer, with the precision that it is the " +
            "early layers whose gradients become tiny.",
            Gradients, VarianceExplosion),

        new(5, "What is the exploding gradient problem?",
            GradientSizes,
            "A",
            "The mirror image of vanishing gradients: when the per-layer factors are above 1, the gradient grows " +
            "geometrically on its way back, the updates become huge, the loss jumps around or turns into NaN, and " +
            "training diverges. Remedies are a proper initialisation, gradient clipping, a smaller learning rate and " +
            "normalisation layers.",
            Gradients, VarianceExplosion),

        new(6, "Which of these help against vanishing gradients?",
            ["Sigmoid activation", "Tanh activation", "Adding more layers", "Initialising all weights to zero",
             "Batch normalisation layers", "Skip (residual) connections", "ReLU activation"],
            "E, F, G",
            "Batch normalisation keeps each layer's pre-activations near zero mean and unit variance, away from the " +
            "flat, saturated ends of sigmoid and tanh. Skip connections add an identity path, so the gradient reaches " +
            "early layers without being multiplied by every layer's factor. ReLU's slope is exactly 1 for positive " +
            "inputs, so it does not shrink the gradient there (it is 0 for negative inputs, hence dead units). " +
            "Sigmoid (slope at most 1/4) and tanh cause the problem, more layers make it worse, and zero weights stop " +
            "learning altogether because every unit stays identical.",
            Gradients),

        new(7, "Which statements describe underfitting?",
            FitStatements,
            "A, E",
            "Underfitting means the model cannot even fit its training data: its capacity is too small for the " +
            "patterns in the data (A), so training and validation accuracies are both low (E). The fix is more " +
            "capacity or longer training, not regularisation.",
            OverfittingAndRegularization),

        new(8, "Which statements describe overfitting?",
            FitStatements,
            "B, C",
            "Overfitting means the model fits its training set, noise included, and does not generalise: a model " +
            "with much more capacity than the data needs (B), and a large gap between high training accuracy and low " +
            "validation accuracy (C). Larger models have more capacity, not less.",
            OverfittingAndRegularization),

        new(9, "A reasonable model reaches well over 90% test accuracy on MNIST. Which result shows overfitting?",
            MnistResults,
            "A",
            "99% on the training set against 50% on the test set: the model has memorised its training examples " +
            "and does not carry that to new digits. B is a healthy fit; C and D do not even fit the training set.",
            OverfittingAndRegularization),

        new(10, "In the same MNIST setting, which results show underfitting?",
            MnistResults,
            "C, D",
            "In both, training accuracy (70% and 30%) is far below what the task allows, so the model has not learned " +
            "the training data: underfitting. C also shows a 30-point gap between training and test, so that model " +
            "overfits what little it learned as well. D's test accuracy above training accuracy is unusual; it " +
            "suggests training accuracy measured with dropout or augmentation on, or differently distributed sets.",
            OverfittingAndRegularization),

        new(11, "Which situation most likely leads to overfitting?",
            ["A very big model trained on few images", "A very big model trained on many images",
             "A small model trained on few images", "A small model trained on many images"],
            "A",
            "A big model has the capacity to memorise, and few images make memorising easy: it can drive the training " +
            "error to zero without learning anything that holds beyond those images.",
            OverfittingAndRegularization),

        new(12, "Two runs end as follows. Run A: training accuracy 87%, validation accuracy 57%. Run B: training " +
                "accuracy 88%, validation accuracy 62%. Which statement is right?",
            ["A overfits less than B", "B overfits less than A", "Both overfit exactly as much", "Neither overfits"],
            "B",
            "Overfitting shows as the gap between training and validation accuracy: 30 points for A, 26 for B, so B " +
            "overfits less. The difference is small, though: both runs overfit heavily, and a 4-point difference " +
            "between two single runs may be within run-to-run noise.",
            OverfittingAndRegularization),

        new(13, "Which techniques reduce overfitting?",
            ["Adding more layers and units", "Early stopping", "Adding more training data", "Weight regularisation (L1, L2)",
             "Training for more epochs", "Dropout"],
            "B, C, D, F",
            "Early stopping keeps the weights from the epoch with the best validation loss. More (and more varied) " +
            "data makes memorising harder, and is usually the strongest remedy. L1 and L2 penalties pull weights " +
            "towards zero, favouring simpler functions. Dropout trains the network with random units removed, so no " +
            "unit can rely on a few others. More layers and more epochs give the model more room to overfit.",
            OverfittingAndRegularization, DropoutScaling),

        new(14, "In batch normalisation, which of these are learnable parameters?",
            ["The mini-batch mean μ_B", "The mini-batch standard deviation σ_B", "The scale γ", "The shift β",
             "The small constant ε added to the variance"],
            "C, D",
            "μ_B and σ_B are computed from each mini-batch (and tracked as running averages for evaluation); ε is a " +
            "fixed constant for numerical safety. After normalising, the layer multiplies by γ and adds β, both " +
            "learned by gradient descent, so the network can choose any scale and offset, even undo the " +
            "normalisation if that helps.",
            BatchNorm),

        new(15, "The training set holds only blue cars; the test set has cars of many colours (yellow, red, grey). " +
                "Which augmentation fits best?",
            ["Horizontal flips only", "Vertical flips and 180° rotations", "Horizontal flips and colour shifts",
             "Random crops and Gaussian noise"],
            "C",
            "Trained on blue cars only, a model may learn \"blue\" as part of \"car\". Colour shifts show it cars of " +
            "every colour, so it must rely on shape; horizontal flips are also safe, since a mirrored car is still a " +
            "car. Upside-down cars do not occur in the test set, and crops or noise do not address colour.",
            DistributionShift),
    ];
}

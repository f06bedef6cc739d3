using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using TorchSharp.Modules;

namespace Course.Models;

/// <summary>
/// LeNet-5 for 28x28 digits (LeCun et al., 1998, with ReLU and max pooling as it is built today): the "simple architecture"
/// the troubleshooting notes recommend starting from for images. It takes flat rows of 784 pixels, as the course's datasets
/// hold them, and reshapes them to one-channel images itself.
/// </summary>
public static class LeNet
{
    /// <summary>Conv 6@5x5 (padded) → pool → conv 16@5x5 → pool → 400-120-84-<paramref name="classes"/>, ReLU throughout; 61,706 parameters for ten classes.</summary>
    public static Sequential Build(long classes = 10)
    {
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), $"A classifier needs at least 2 classes, but {classes} came.");
        return Sequential(
            ("image", Unflatten(1, [1, 28, 28])),
            ("conv1", Conv2d(1, 6, 5, padding: 2)), ("relu1", ReLU()), ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(6, 16, 5)), ("relu2", ReLU()), ("pool2", MaxPool2d(2)),
            ("flatten", Flatten()),
            ("linear1", Linear(16 * 5 * 5, 120)), ("relu3", ReLU()),
            ("linear2", Linear(120, 84)), ("relu4", ReLU()),
            ("linear3", Linear(84, classes)));
    }
}

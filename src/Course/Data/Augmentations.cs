using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Course.Data;

/// <summary>
/// Random changes to a batch of images that keep their label: each image gets its own draw from the generator passed in,
/// so a rerun with the same seed gives the same batch. Images come as
/// [N, C, H, W] (any number of channels: grey digits, colour pictures) or as MNIST rows [N, 784], and leave in the
/// shape they came in; pixel values are taken to lie in [0, 1] and are kept there.
/// <para>Written as TorchSharp tensor operations rather than with the TorchVision package: each is a few lines a learner
/// can read, every random draw takes a Generator (TorchVision's random transforms draw from the global one), and
/// notebooks keep loading one library with one #r.</para>
/// </summary>
public static class Augmentations
{
    /// <summary>Mirrors each image left to right with probability <paramref name="probability"/>.</summary>
    public static Tensor HorizontalFlip(Tensor images, double probability, Generator generator) => Apply(images, x =>
    {
        var flip = rand([x.shape[0], 1, 1, 1], generator: generator) < Probability(probability);
        return where(flip, x.flip(3), x);
    });

    /// <summary>Turns each image about its centre by an angle drawn uniformly from ±<paramref name="maxDegrees"/>; corners left empty are 0.</summary>
    public static Tensor Rotate(Tensor images, double maxDegrees, Generator generator) => Apply(images, x =>
    {
        var angle = (rand(x.shape[0], generator: generator) * 2 - 1) * (NonNegative(maxDegrees, nameof(maxDegrees)) * Math.PI / 180);
        var (cos, sin, zero) = (angle.cos(), angle.sin(), zeros_like(angle));
        var theta = stack([stack([cos, -sin, zero], 1), stack([sin, cos, zero], 1)], 1);   // [N, 2, 3]
        return F.grid_sample(x, F.affine_grid(theta, x.shape, align_corners: false), align_corners: false);
    });

    /// <summary>Pads each image with <paramref name="padding"/> zero pixels on every side, then cuts a window of the original size at a random place: a shift of up to that many pixels.</summary>
    public static Tensor RandomCrop(Tensor images, int padding, Generator generator) => Apply(images, x =>
    {
        var (n, c, h, w, p) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], NonNegative(padding, nameof(padding)));
        var padded = F.pad(x, [p, p, p, p]);
        var offset = randint(2 * p + 1, [n, 2], generator: generator);   // top and left corner of each window
        var rows = (arange(h).unsqueeze(0) + offset[.., 0..1]).view(n, 1, h, 1).expand(n, c, h, w + 2 * p);
        var cols = (arange(w).unsqueeze(0) + offset[.., 1..2]).view(n, 1, 1, w).expand(n, c, h, w);
        return padded.gather(2, rows).gather(3, cols);
    });

    /// <summary>Adds to every channel of each image its own offset drawn uniformly from ±<paramref name="maxShift"/>: a colour change for RGB, a brightness change for grey.</summary>
    public static Tensor ColourShift(Tensor images, double maxShift, Generator generator) => Apply(images, x =>
        (x + (rand([x.shape[0], x.shape[1], 1, 1], generator: generator) * 2 - 1) * NonNegative(maxShift, nameof(maxShift))).clamp(0, 1));

    /// <summary>Multiplies each image's distance from its own mean by a factor drawn uniformly from 1 ± <paramref name="maxChange"/>.</summary>
    public static Tensor Contrast(Tensor images, double maxChange, Generator generator) => Apply(images, x =>
    {
        var factor = 1 + (rand([x.shape[0], 1, 1, 1], generator: generator) * 2 - 1) * NonNegative(maxChange, nameof(maxChange));
        var mean = x.mean([1, 2, 3], keepdim: true);
        return ((x - mean) * factor + mean).clamp(0, 1);
    });

    /// <summary>Adds Gaussian noise of standard deviation <paramref name="std"/> to every pixel.</summary>
    public static Tensor Noise(Tensor images, double std, Generator generator) => Apply(images, x =>
        (x + randn(x.shape, generator: generator) * NonNegative(std, nameof(std))).clamp(0, 1));

    /// <summary>Information loss (cutout): sets a <paramref name="size"/> x <paramref name="size"/> square at a random place in each image to 0, in every channel.</summary>
    public static Tensor Cutout(Tensor images, int size, Generator generator) => Apply(images, x =>
    {
        var (n, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var top = randint(Math.Max(1, h - NonNegative(size, nameof(size)) + 1), [n, 1], generator: generator);
        var left = randint(Math.Max(1, w - size + 1), [n, 1], generator: generator);
        var (rows, cols) = (arange(h).unsqueeze(0), arange(w).unsqueeze(0));
        var inRows = (rows >= top) & (rows < top + size);       // [N, H]
        var inCols = (cols >= left) & (cols < left + size);     // [N, W]
        var hole = (inRows.unsqueeze(2) & inCols.unsqueeze(1)).unsqueeze(1);   // [N, 1, H, W]
        return x.masked_fill(hole, 0);
    });

    /// <summary>
    /// Runs <paramref name="transform"/> on [N, C, H, W] images: 4-D input as it is, [N, side²] rows as one grey
    /// channel (MNIST's [N, 784] as [N, 1, 28, 28]); the result has the input's shape and no tensor of the step is left behind.
    /// </summary>
    private static Tensor Apply(Tensor images, Func<Tensor, Tensor> transform)
    {
        ArgumentNullException.ThrowIfNull(images);
        var shape = images.shape;
        long side = shape.Length == 2 ? (long)Math.Round(Math.Sqrt(shape[1])) : 0;
        if (!(shape.Length == 4 || (shape.Length == 2 && side * side == shape[1])) || shape[0] == 0 || images.dtype != ScalarType.Float32)
            throw new ArgumentException(
                $"Augmentations expect float32 images of shape [N, C, H, W] (e.g. [64, 3, 32, 32]) or square grey images as rows " +
                $"[N, side*side] (e.g. MNIST's [64, 784]), N >= 1, but a {images.dtype} tensor of shape [{string.Join(", ", shape)}] came.",
                nameof(images));
        using var scope = NewDisposeScope();
        var x = shape.Length == 4 ? images : images.reshape(shape[0], 1, side, side);
        return transform(x).reshape(shape).MoveToOuterDisposeScope();
    }

    private static double Probability(double p) => p is >= 0 and <= 1 ? p
        : throw new ArgumentOutOfRangeException(nameof(p), $"A probability lies in [0, 1], but {p} came.");

    private static T NonNegative<T>(T value, string name) where T : System.Numerics.INumber<T> => value >= T.Zero
        ? value : throw new ArgumentOutOfRangeException(name, $"{name} must be >= 0, but {value} came.");
}

using Course.Tensors;

namespace Course.Data;

/// <summary>
/// A random change to an image that keeps its label: a digit rotated by 10 degrees is still that digit.
/// Every random choice comes from the <see cref="Rng"/> passed in, so a seed replays the same changes.
/// Augment images in their [0, 1] range, before standardizing.
/// </summary>
public abstract class Augmentation
{
    /// <summary>Changes <paramref name="image"/> in place.</summary>
    public abstract void Apply(Span<float> image, ImageShape shape, Rng rng);

    /// <summary>Changes every row of <paramref name="images"/> (one image per row) in place, e.g. a batch before a training step.</summary>
    public void ApplyToRows(Matrix images, ImageShape shape, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(rng);
        shape.Require(images.Cols, $"Each row of the {images.Shape} matrix");
        for (int i = 0; i < images.Rows; i++) Apply(images.Row(i), shape, rng);
    }

    /// <summary>A new dataset with every image changed once; the labels are the same.</summary>
    public Dataset Apply(Dataset data, ImageShape shape, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(data);
        var features = data.Features.Clone();
        ApplyToRows(features, shape, rng);
        return new Dataset(features, (int[])data.Labels.Clone(), data.ClassCount, data.ClassNames);
    }

    private protected static void RequireProbability(float p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"A probability lies in [0, 1], but {p} came.");
    }

    private protected static void RequireNonNegative(float value, string name)
    {
        if (!(value >= 0 && float.IsFinite(value)))
            throw new ArgumentOutOfRangeException(name, $"{name} must be a finite number >= 0, but {value} came.");
    }
}

/// <summary>Several augmentations, one after the other.</summary>
public sealed class Compose(params Augmentation[] steps) : Augmentation
{
    public IReadOnlyList<Augmentation> Steps { get; } = steps;

    public override void Apply(Span<float> image, ImageShape shape, Rng rng)
    {
        foreach (var step in Steps) step.Apply(image, shape, rng);
    }
}

/// <summary>Mirrors left-right with probability <see cref="Probability"/>.</summary>
public sealed class FlipHorizontal : Augmentation
{
    public float Probability { get; }

    public FlipHorizontal(float probability = 0.5f)
    {
        RequireProbability(probability);
        Probability = probability;
    }

    public override void Apply(Span<float> image, ImageShape shape, Rng rng)
    {
        if (rng.Bernoulli(Probability)) Images.FlipHorizontal(image, shape);
    }
}

/// <summary>Mirrors top-bottom with probability <see cref="Probability"/> (wrong for digits: a flipped 6 is not a 6).</summary>
public sealed class FlipVertical : Augmentation
{
    public float Probability { get; }

    public FlipVertical(float probability = 0.5f)
    {
        RequireProbability(probability);
        Probability = probability;
    }

    public override void Apply(Span<float> image, ImageShape shape, Rng rng)
    {
        if (rng.Bernoulli(Probability)) Images.FlipVertical(image, shape);
    }
}

/// <summary>Rotates by an angle drawn uniformly from [-<see cref="MaxDegrees"/>, <see cref="MaxDegrees"/>].</summary>
public sealed class Rotate : Augmentation
{
    private float[] _source = [];

    public float MaxDegrees { get; }
    public Interpolation Interpolation { get; }

    public Rotate(float maxDegrees, Interpolation interpolation = Interpolation.Bilinear)
    {
        RequireNonNegative(maxDegrees, nameof(maxDegrees));
        MaxDegrees = maxDegrees;
        Interpolation = interpolation;
    }

    public override void Apply(Span<float> image, ImageShape shape, Rng rng)
    {
        float degrees = rng.Uniform(-MaxDegrees, MaxDegrees);
        if (_source.Length != image.Length) _source = new float[image.Length];
        image.CopyTo(_source);
        Images.Rotate(_source, image, shape, degrees, Interpolation);
    }
}

/// <summary>
/// Pads the image with <see cref="Padding"/> black pixels on every side and cuts out a window of the original
/// size at a random place: the content shifts by up to <see cref="Padding"/> pixels in each direction.
/// </summary>
public sealed class RandomCrop : Augmentation
{
    private float[] _source = [];

    public int Padding { get; }

    public RandomCrop(int padding)
    {
        RequireNonNegative(padding, nameof(padding));
        Padding = padding;
    }

    public override void Apply(Span<float> image, ImageShape shape, Rng rng)
    {
        int top = rng.NextInt(2 * Padding + 1) - Padding;
        int left = rng.NextInt(2 * Padding + 1) - Padding;
        if (_source.Length != image.Length) _source = new float[image.Length];
        image.CopyTo(_source);
        Images.Crop(_source, shape, top, left, shape.Height, shape.Width, image);
    }
}

/// <summary>Adds independent normal noise of standard deviation <see cref="Std"/> to every value, then clips to [0, 1].</summary>
public sealed class GaussianNoise : Augmentation
{
    public float Std { get; }

    public GaussianNoise(float std)
    {
        RequireNonNegative(std, nameof(std));
        Std = std;
    }

    public override void Apply(Span<float> image, ImageShape shape, Rng rng)
    {
        shape.Require(image.Length, "The image");
        for (int i = 0; i < image.Length; i++) image[i] += rng.Normal(0, Std);
        Images.Clip(image);
    }
}

/// <summary>
/// Information loss: blanks a <see cref="Size"/> x <see cref="Size"/> square centred anywhere in the image
/// (it may hang over the edge), so the model cannot rely on any one region.
/// </summary>
public sealed class Cutout : Augmentation
{
    public int Size { get; }
    public float Fill { get; }

    public Cutout(int size, float fill = 0f)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), $"Cutout needs a size of at least 1 pixel, but {size} came.");
        Size = size;
        Fill = fill;
    }

    public override void Apply(Span<float> image, ImageShape shape, Rng rng)
    {
        int cy = rng.NextInt(shape.Height), cx = rng.NextInt(shape.Width);
        Images.Erase(image, shape, cy - Size / 2, cx - Size / 2, Size, Size, Fill);
    }
}

/// <summary>
/// Colour shift for RGB images: rotates the hue by an angle drawn from [-<see cref="MaxHueDegrees"/>,
/// <see cref="MaxHueDegrees"/>] and adds to each channel its own offset drawn from
/// [-<see cref="MaxChannelShift"/>, <see cref="MaxChannelShift"/>], then clips to [0, 1].
/// A model trained on blue objects only meets other colours this way.
/// </summary>
public sealed class ColourShift : Augmentation
{
    public float MaxHueDegrees { get; }
    public float MaxChannelShift { get; }

    public ColourShift(float maxHueDegrees, float maxChannelShift = 0f)
    {
        RequireNonNegative(maxHueDegrees, nameof(maxHueDegrees));
        RequireNonNegative(maxChannelShift, nameof(maxChannelShift));
        MaxHueDegrees = maxHueDegrees;
        MaxChannelShift = maxChannelShift;
    }

    public override void Apply(Span<float> image, ImageShape shape, Rng rng)
    {
        if (shape.Channels != 3)
            throw new ArgumentException($"ColourShift needs 3-channel RGB images, but the images are {shape}.");
        Images.RotateHue(image, shape, rng.Uniform(-MaxHueDegrees, MaxHueDegrees));
        for (int c = 0; c < 3; c++)
        {
            float shift = rng.Uniform(-MaxChannelShift, MaxChannelShift);
            foreach (ref var v in image.Slice(c * shape.PlaneSize, shape.PlaneSize)) v += shift;
        }
        Images.Clip(image);
    }
}

/// <summary>Scales contrast by a factor drawn from [<see cref="Low"/>, <see cref="High"/>], then clips to [0, 1].</summary>
public sealed class Contrast : Augmentation
{
    public float Low { get; }
    public float High { get; }

    public Contrast(float low, float high)
    {
        RequireNonNegative(low, nameof(low));
        if (!(high >= low && float.IsFinite(high)))
            throw new ArgumentOutOfRangeException(nameof(high), $"Contrast needs low <= high, but [{low}, {high}] came.");
        Low = low;
        High = high;
    }

    public override void Apply(Span<float> image, ImageShape shape, Rng rng)
    {
        Images.ScaleContrast(image, shape, rng.Uniform(Low, High));
        Images.Clip(image);
    }
}

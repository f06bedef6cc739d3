namespace Course.Data;

public enum Interpolation
{
    /// <summary>Takes the closest source pixel: values are kept exactly, edges turn jagged.</summary>
    Nearest,
    /// <summary>Blends the four surrounding source pixels: smooth, slightly blurred.</summary>
    Bilinear,
}

/// <summary>
/// Deterministic edits of one image held as a row of floats (layout: <see cref="ImageShape"/>).
/// The random augmentations in Augmentations.cs choose the parameters and call these.
/// Pixels that come from outside the source image are 0 (black).
/// </summary>
public static class Images
{
    /// <summary>Mirrors left and right, in place.</summary>
    public static void FlipHorizontal(Span<float> image, ImageShape shape)
    {
        shape.Require(image.Length, "The image");
        for (int row = 0; row < shape.Channels * shape.Height; row++)
            image.Slice(row * shape.Width, shape.Width).Reverse();
    }

    /// <summary>Mirrors top and bottom, in place.</summary>
    public static void FlipVertical(Span<float> image, ImageShape shape)
    {
        shape.Require(image.Length, "The image");
        for (int c = 0; c < shape.Channels; c++)
            for (int y = 0; y < shape.Height / 2; y++)
            {
                var top = image.Slice(shape.Index(c, y, 0), shape.Width);
                var bottom = image.Slice(shape.Index(c, shape.Height - 1 - y, 0), shape.Width);
                for (int x = 0; x < shape.Width; x++) (top[x], bottom[x]) = (bottom[x], top[x]);
            }
    }

    /// <summary>
    /// Rotates counter-clockwise (as seen on screen) by <paramref name="degrees"/> about the image centre.
    /// Each destination pixel looks up where it came from, so the result has no holes.
    /// </summary>
    public static void Rotate(ReadOnlySpan<float> source, Span<float> destination, ImageShape shape, float degrees,
        Interpolation interpolation = Interpolation.Bilinear)
    {
        shape.Require(source.Length, "The source image");
        shape.Require(destination.Length, "The destination image");
        if (source.Overlaps(destination))
            throw new ArgumentException("Rotate needs separate source and destination buffers.");
        float radians = degrees * MathF.PI / 180f;
        float cos = MathF.Cos(radians), sin = MathF.Sin(radians);
        float cx = (shape.Width - 1) / 2f, cy = (shape.Height - 1) / 2f;
        for (int c = 0; c < shape.Channels; c++)
        {
            var plane = source.Slice(c * shape.PlaneSize, shape.PlaneSize);
            for (int y = 0; y < shape.Height; y++)
                for (int x = 0; x < shape.Width; x++)
                {
                    // Inverse rotation (y points down): where did the pixel now at (x, y) come from?
                    float dx = x - cx, dy = y - cy;
                    float sx = cos * dx - sin * dy + cx;
                    float sy = sin * dx + cos * dy + cy;
                    destination[shape.Index(c, y, x)] = interpolation == Interpolation.Nearest
                        ? Pixel(plane, shape, (int)MathF.Floor(sx + 0.5f), (int)MathF.Floor(sy + 0.5f))
                        : Bilinear(plane, shape, sx, sy);
                }
        }
    }

    /// <summary>
    /// Copies the <paramref name="height"/> x <paramref name="width"/> window whose top-left corner is at
    /// (<paramref name="top"/>, <paramref name="left"/>) in every channel. The window may reach outside the
    /// image (negative offsets included): that part is 0, which is how a padded random crop shifts an image.
    /// </summary>
    public static void Crop(ReadOnlySpan<float> source, ImageShape shape, int top, int left, int height, int width,
        Span<float> destination)
    {
        shape.Require(source.Length, "The source image");
        var cropped = new ImageShape(shape.Channels, height, width);
        cropped.Require(destination.Length, "The destination image");
        if (source.Overlaps(destination))
            throw new ArgumentException("Crop needs separate source and destination buffers.");
        for (int c = 0; c < shape.Channels; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    int sy = top + y, sx = left + x;
                    bool inside = (uint)sy < (uint)shape.Height && (uint)sx < (uint)shape.Width;
                    destination[cropped.Index(c, y, x)] = inside ? source[shape.Index(c, sy, sx)] : 0f;
                }
    }

    /// <summary>Sets a rectangle (clipped to the image) to <paramref name="value"/> in every channel: information loss.</summary>
    public static void Erase(Span<float> image, ImageShape shape, int top, int left, int height, int width, float value = 0f)
    {
        shape.Require(image.Length, "The image");
        int y0 = Math.Max(top, 0), y1 = Math.Min(top + height, shape.Height);
        int x0 = Math.Max(left, 0), x1 = Math.Min(left + width, shape.Width);
        if (y0 >= y1 || x0 >= x1) return;
        for (int c = 0; c < shape.Channels; c++)
            for (int y = y0; y < y1; y++)
                image.Slice(shape.Index(c, y, x0), x1 - x0).Fill(value);
    }

    /// <summary>
    /// Rotates every pixel's colour about the grey axis (r = g = b) by <paramref name="degrees"/>, in place:
    /// a hue shift that keeps greys grey. 120 degrees turns red into green and green into blue.
    /// Results can leave [0, 1] slightly; clip afterwards if that matters.
    /// </summary>
    public static void RotateHue(Span<float> image, ImageShape shape, float degrees)
    {
        shape.Require(image.Length, "The image");
        if (shape.Channels != 3)
            throw new ArgumentException($"RotateHue needs a 3-channel RGB image, but the image is {shape}.");
        // Rodrigues' rotation about the unit vector (1, 1, 1) / sqrt(3).
        float radians = degrees * MathF.PI / 180f;
        float cos = MathF.Cos(radians), sin = MathF.Sin(radians);
        float same = cos + (1 - cos) / 3, plus = (1 - cos) / 3 + MathF.Sqrt(1f / 3) * sin, minus = (1 - cos) / 3 - MathF.Sqrt(1f / 3) * sin;
        int n = shape.PlaneSize;
        var r = image[..n];
        var g = image.Slice(n, n);
        var b = image.Slice(2 * n, n);
        for (int i = 0; i < n; i++)
        {
            float r0 = r[i], g0 = g[i], b0 = b[i];
            r[i] = same * r0 + minus * g0 + plus * b0;
            g[i] = plus * r0 + same * g0 + minus * b0;
            b[i] = minus * r0 + plus * g0 + same * b0;
        }
    }

    /// <summary>Scales each channel's distance from its own mean by <paramref name="factor"/>, in place (below 1: flatter, above 1: harsher).</summary>
    public static void ScaleContrast(Span<float> image, ImageShape shape, float factor)
    {
        shape.Require(image.Length, "The image");
        for (int c = 0; c < shape.Channels; c++)
        {
            var plane = image.Slice(c * shape.PlaneSize, shape.PlaneSize);
            float mean = 0;
            foreach (var v in plane) mean += v;
            mean /= plane.Length;
            for (int i = 0; i < plane.Length; i++) plane[i] = mean + factor * (plane[i] - mean);
        }
    }

    /// <summary>Clamps every value into [<paramref name="low"/>, <paramref name="high"/>], in place.</summary>
    public static void Clip(Span<float> image, float low = 0f, float high = 1f)
    {
        for (int i = 0; i < image.Length; i++) image[i] = Math.Clamp(image[i], low, high);
    }

    private static float Pixel(ReadOnlySpan<float> plane, ImageShape shape, int x, int y) =>
        (uint)x < (uint)shape.Width && (uint)y < (uint)shape.Height ? plane[y * shape.Width + x] : 0f;

    private static float Bilinear(ReadOnlySpan<float> plane, ImageShape shape, float x, float y)
    {
        int x0 = (int)MathF.Floor(x), y0 = (int)MathF.Floor(y);
        float fx = x - x0, fy = y - y0;
        float top = Blend(Pixel(plane, shape, x0, y0), Pixel(plane, shape, x0 + 1, y0), fx);
        float bottom = Blend(Pixel(plane, shape, x0, y0 + 1), Pixel(plane, shape, x0 + 1, y0 + 1), fx);
        return Blend(top, bottom, fy);
    }

    private static float Blend(float a, float b, float t) => a + t * (b - a);
}

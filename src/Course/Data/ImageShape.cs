namespace Course.Data;

/// <summary>
/// How an image lies in one row of floats: channel planes one after another, each plane row by row
/// (channels x height x width, as in PyTorch). Value (c, y, x) sits at <see cref="Index"/>(c, y, x).
/// </summary>
public readonly record struct ImageShape
{
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    public ImageShape(int channels, int height, int width)
    {
        if (channels < 1 || height < 1 || width < 1)
            throw new ArgumentException($"An image needs at least one channel, row and column, but {channels}x{height}x{width} came.");
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>Values per image: channels x height x width.</summary>
    public int Size => Channels * Height * Width;

    public int PlaneSize => Height * Width;

    public int Index(int channel, int y, int x) => (channel * Height + y) * Width + x;

    /// <summary>Throws unless a row of <paramref name="length"/> values holds exactly one image of this shape.</summary>
    public void Require(int length, string what)
    {
        if (length != Size)
            throw new ArgumentException($"{what} has {length} values, but a {this} image has {Size}.");
    }

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}

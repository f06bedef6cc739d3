using Course.Data;

namespace Course.Tests.Experiments;

/// <summary>The course's MNIST digits, loaded once for all experiment tests.</summary>
internal static class Digits
{
    private static readonly Lazy<Dataset> _all = new(() => Mnist.Load());

    public static Dataset All => _all.Value;
}

using Course.Data;

namespace Course.Tests.Experiments;

/// <summary>The course's 10,000 MNIST digits, loaded once for the experiment tests.</summary>
internal static class Digits
{
    private static readonly Lazy<Dataset> s_all = new(() => Mnist.Load());

    public static Dataset All => s_all.Value;
}

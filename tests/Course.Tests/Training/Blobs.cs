using Course.Data;
using Course.Tensors;

namespace Course.Tests.Training;

/// <summary>Two Gaussian blobs in <c>features</c> dimensions, centred at -separation/2 and +separation/2 along every axis.</summary>
internal static class Blobs
{
    public static Dataset Make(int count, ulong seed, int features = 2, float separation = 3f)
    {
        var rng = new Rng(seed);
        var x = new Matrix(count, features);
        var y = new int[count];
        for (int i = 0; i < count; i++)
        {
            y[i] = i % 2;
            float centre = y[i] == 0 ? -separation / 2 : separation / 2;
            for (int j = 0; j < features; j++) x[i, j] = rng.Normal(centre, 1f);
        }
        return new Dataset(x, y, 2);
    }
}

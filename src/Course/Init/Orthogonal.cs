using System.Numerics.Tensors;
using Course.Tensors;

namespace Course.Init;

/// <summary>
/// A random (semi-)orthogonal matrix times <paramref name="Gain"/>: every singular value equals the gain,
/// so a deep linear stack neither grows nor shrinks any direction. Each weight has variance gain^2 / max(n_in, n_out).
/// </summary>
public sealed record Orthogonal(double Gain = 1) : IInitScheme
{
    public void Fill(Matrix weights, int fanIn, int fanOut, Rng rng)
    {
        // Orthonormalise the shorter side's vectors (rows or columns), each as long as the longer side.
        int count = Math.Min(weights.Rows, weights.Cols), length = Math.Max(weights.Rows, weights.Cols);
        var q = new double[count][];
        for (int i = 0; i < count; i++)
        {
            q[i] = new double[length];
            for (int k = 0; k < length; k++) q[i][k] = rng.Normal();
            // Gram-Schmidt of Gaussian vectors draws uniformly over orthogonal matrices; two passes keep it exact in floating point.
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < i; j++)
                    TensorPrimitives.MultiplyAdd(q[j], -TensorPrimitives.Dot<double>(q[i], q[j]), q[i], q[i]);
            TensorPrimitives.Divide(q[i], TensorPrimitives.Norm<double>(q[i]), q[i]);
        }
        bool vectorsAreColumns = weights.Rows >= weights.Cols;
        for (int r = 0; r < weights.Rows; r++)
            for (int c = 0; c < weights.Cols; c++)
                weights[r, c] = (float)(Gain * (vectorsAreColumns ? q[c][r] : q[r][c]));
    }

    public double Std(int fanIn, int fanOut) => Gain / Math.Sqrt(Math.Max(fanIn, fanOut));

    public override string ToString() => $"Orthogonal (gain {Constant.F(Gain)})";
}

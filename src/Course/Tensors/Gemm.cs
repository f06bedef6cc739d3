using System.Numerics.Tensors;

namespace Course.Tensors;

/// <summary>
/// General matrix product C = alpha * op(A) * op(B) + beta * C, where op(X) is X or its transpose.
/// Linear layers use all three forms: forward x*W, backward dX = dY*W^T and dW = X^T*dY.
/// </summary>
public static class Gemm
{
    public static void Multiply(Matrix a, Matrix b, Matrix c, bool transposeA = false, bool transposeB = false,
        float alpha = 1f, float beta = 0f)
    {
        int m = transposeA ? a.Cols : a.Rows;
        int k = transposeA ? a.Rows : a.Cols;
        int kb = transposeB ? b.Cols : b.Rows;
        int n = transposeB ? b.Rows : b.Cols;
        if (k != kb)
            throw new ArgumentException(
                $"Gemm needs the inner dimensions to agree, but op(A) is {Matrix.FormatShape(m, k)} and op(B) is {Matrix.FormatShape(kb, n)} (A {a.Shape}{(transposeA ? " transposed" : "")}, B {b.Shape}{(transposeB ? " transposed" : "")}).");
        c.RequireShape(m, n, "Gemm's output C");

        if (beta == 0f) c.Clear();
        else if (beta != 1f) TensorPrimitives.Multiply(c.Data, beta, c.Data);

        // Row i of C accumulates alpha * A[i, p] * (row p of op(B)).
        var bt = transposeB ? b.Transpose() : b;
        for (int i = 0; i < m; i++)
        {
            var cRow = c.Data.AsSpan(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float aip = alpha * (transposeA ? a.Data[p * a.Cols + i] : a.Data[i * a.Cols + p]);
                TensorPrimitives.MultiplyAdd(bt.Data.AsSpan(p * n, n), aip, cRow, cRow);
            }
        }
    }
}

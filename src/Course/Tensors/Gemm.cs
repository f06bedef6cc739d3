using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Course.Tensors;

/// <summary>
/// General matrix product C = alpha * op(A) * op(B) + beta * C, where op(X) is X or its transpose.
/// Linear layers use all three forms: forward x*W, backward dX = dY*W^T and dW = X^T*dY.
/// </summary>
/// <remarks>
/// The layout of fast BLAS libraries (BLIS, OpenBLAS), in three small files:
/// <list type="bullet">
/// <item>Blocking and packing: the depth k is cut into equal blocks of at most 512. For each block, op(A) is
/// copied into panels of 8 rows and op(B) into panels of NR columns (32 with 512-bit vectors), each panel
/// contiguous in the order the kernel reads it, transposed if need be. The kernel then streams memory with no
/// strides and no cache conflicts, and alpha is applied once, while packing A.</item>
/// <item>Kernel (<see cref="GemmKernel"/>): an 8 x NR block of C stays in 16 vector registers while the kernel
/// runs down the depth, each step one row of the B panel and 8 broadcasts from the A panel.</item>
/// <item>Threads (<see cref="WorkTeam"/>): C is cut into tiles of 64 rows by 4 panels. The cores first pack the
/// panels, then multiply tiles, when the product has enough work (4 MFLOP) to pay for waking them.</item>
/// <item>Determinism: every element of C is one chain of fused multiply-adds over p = 0..k-1 in order, whatever
/// its tile, thread or kernel: the same inputs give the same bits on any number of threads.</item>
/// <item>Vectors: when C is a single row or column, each output is a dot product or C is a weighted sum of
/// rows; those read every input once, so they skip packing.</item>
/// </list>
/// NaN and infinity propagate as in IEEE arithmetic: no product is skipped, so 0 * NaN gives NaN.
/// As in BLAS, beta = 0 ignores the old contents of C.
/// </remarks>
public static class Gemm
{
    private const int MaxDepth = 512;
    private const int TileRows = 64;
    private const int TilePanels = 4;
    private const double ParallelFlops = 4e6;

    public static void Multiply(Matrix a, Matrix b, Matrix c, bool transposeA = false, bool transposeB = false,
        float alpha = 1f, float beta = 0f) =>
        Multiply(a, b, c, transposeA, transposeB, alpha, beta, Environment.ProcessorCount, GemmKernel.Best);

    /// <summary>The same, on at most <paramref name="maxThreads"/> threads with a chosen kernel (for tests and benchmarks).</summary>
    internal static void Multiply(Matrix a, Matrix b, Matrix c, bool transposeA, bool transposeB, float alpha, float beta,
        int maxThreads, GemmKernelKind kernel)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        int m = transposeA ? a.Cols : a.Rows;
        int k = transposeA ? a.Rows : a.Cols;
        int kb = transposeB ? b.Cols : b.Rows;
        int n = transposeB ? b.Rows : b.Cols;
        if (k != kb)
            throw new ArgumentException(
                $"Gemm needs the inner dimensions to agree, but op(A) is {Matrix.FormatShape(m, k)} and op(B) is {Matrix.FormatShape(kb, n)} (A {a.Shape}{(transposeA ? " transposed" : "")}, B {b.Shape}{(transposeB ? " transposed" : "")}).");
        c.RequireShape(m, n, "Gemm's output C");
        if (c.Data == a.Data || c.Data == b.Data)
            throw new ArgumentException("Gemm's output C must not share its elements with A or B: it is written while they are read.");

        if (m == 1 || n == 1)
            MultiplyVector(a, b, c, transposeA, transposeB, alpha, beta);
        else
        {
            if (beta != 0f && beta != 1f) TensorPrimitives.Multiply(c.Data, beta, c.Data);
            int threads = 2.0 * m * n * k >= ParallelFlops ? maxThreads : 1;
            TiledProduct.ForThisThread().Multiply(a, b, c, transposeA, transposeB, alpha, accumulate: beta != 0f, threads, kernel);
        }
    }

    /// <summary>C is one row or one column, so the product is a matrix times one vector v of length k.</summary>
    private static void MultiplyVector(Matrix a, Matrix b, Matrix c, bool transposeA, bool transposeB, float alpha, float beta)
    {
        var (matrix, v) = c.Cols == 1 ? (a, b.Data) : (b, a.Data);
        bool outputPerRow = c.Cols == 1 ? !transposeA : transposeB;
        var output = c.Data.AsSpan();
        if (outputPerRow)
        {
            // Output r is the dot product of row r with v.
            for (int r = 0; r < output.Length; r++)
            {
                float dot = alpha * TensorPrimitives.Dot(matrix.Row(r), v);
                output[r] = beta == 0f ? dot : dot + beta * output[r];
            }
        }
        else
        {
            // The output is the sum of the rows weighted by v.
            if (beta == 0f) output.Clear();
            else if (beta != 1f) TensorPrimitives.Multiply(output, beta, output);
            for (int p = 0; p < v.Length; p++)
                TensorPrimitives.FusedMultiplyAdd(matrix.Row(p), alpha * v[p], output, output);
        }
    }

    /// <summary>
    /// The packed panels of one depth block and the work on them: packing a group of panels, or one tile of C.
    /// One instance per calling thread keeps the panel buffers between calls, so repeated products allocate nothing.
    /// </summary>
    private sealed unsafe class TiledProduct : WorkTeam.IWork
    {
        [ThreadStatic] private static TiledProduct? t_instance;

        private float[] _aPanels = [];
        private float[] _bPanels = [];

        // The current depth block, read by every thread of the team. Element (line, p) of op(A), whose lines are
        // the rows of C, is _aSource[line * _aLineStride + p * _aDepthStride]; likewise for op(B), whose lines
        // are the columns of C.
        private float* _aSource, _bSource, _aPacked, _bPacked, _c;
        private int _aLineStride, _aDepthStride, _bLineStride, _bDepthStride;
        private int _m, _n, _kc, _nr, _tileRows, _tileColumns;
        private float _alpha;
        private bool _packing, _accumulate;
        private GemmKernelKind _kernel;

        public static TiledProduct ForThisThread() => t_instance ??= new TiledProduct();

        public void Multiply(Matrix a, Matrix b, Matrix c, bool transposeA, bool transposeB, float alpha, bool accumulate,
            int threads, GemmKernelKind kernel)
        {
            int m = c.Rows, n = c.Cols, k = transposeA ? a.Rows : a.Cols;
            _nr = GemmKernel.Columns(kernel);
            int blocks = (k + MaxDepth - 1) / MaxDepth;
            EnsureLength(ref _aPanels, RoundUp(m, GemmKernel.Rows) * ((k + blocks - 1) / blocks));
            EnsureLength(ref _bPanels, RoundUp(n, _nr) * ((k + blocks - 1) / blocks));
            (_m, _n, _alpha, _kernel) = (m, n, alpha, kernel);
            (_aLineStride, _aDepthStride) = transposeA ? (1, a.Cols) : (a.Cols, 1);
            (_bLineStride, _bDepthStride) = transposeB ? (b.Cols, 1) : (1, b.Cols);
            _tileRows = (m + TileRows - 1) / TileRows;
            _tileColumns = (n + TilePanels * _nr - 1) / (TilePanels * _nr);

            fixed (float* pa = a.Data, pb = b.Data, pc = c.Data, aPacked = _aPanels, bPacked = _bPanels)
            {
                _aPacked = aPacked;
                _bPacked = bPacked;
                _c = pc;
                for (int block = 0; block < blocks; block++)
                {
                    // Equal depth blocks; every element of C still sums over p in order.
                    int p0 = (int)((long)k * block / blocks), p1 = (int)((long)k * (block + 1) / blocks);
                    _kc = p1 - p0;
                    _aSource = pa + (long)p0 * _aDepthStride;
                    _bSource = pb + (long)p0 * _bDepthStride;
                    _accumulate = accumulate || block > 0;
                    _packing = true;
                    WorkTeam.Run(this, _tileRows + _tileColumns, threads);
                    _packing = false;
                    WorkTeam.Run(this, _tileRows * _tileColumns, threads);
                }
                _aSource = _bSource = _aPacked = _bPacked = _c = null;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int item)
        {
            if (_packing) Pack(item);
            else MultiplyTile(item / _tileColumns, item % _tileColumns);
        }

        /// <summary>Items 0..tileRows-1 pack one tile row of op(A) (64 rows, times alpha), the rest one tile column of op(B).</summary>
        private void Pack(int item)
        {
            if (item < _tileRows)
            {
                int i0 = item * TileRows;
                GemmKernel.Pack(_aSource + (long)i0 * _aLineStride, _aLineStride, _aDepthStride, Math.Min(TileRows, _m - i0),
                    _kc, GemmKernel.Rows, _alpha, _aPacked + (long)i0 * _kc);
            }
            else
            {
                int j0 = (item - _tileRows) * TilePanels * _nr;
                GemmKernel.Pack(_bSource + (long)j0 * _bLineStride, _bLineStride, _bDepthStride, Math.Min(TilePanels * _nr, _n - j0),
                    _kc, _nr, 1f, _bPacked + (long)j0 * _kc);
            }
        }

        /// <summary>Rows 64 * tileRow.. and columns of panels 4 * tileColumn.. of C, 64 rows and four panels at most.</summary>
        private void MultiplyTile(int tileRow, int tileColumn)
        {
            const int mr = GemmKernel.Rows;
            int i0 = tileRow * TileRows, j0 = tileColumn * TilePanels * _nr;
            int i1 = Math.Min(_m, i0 + TileRows), j1 = Math.Min(_n, j0 + TilePanels * _nr);
            float* scratch = stackalloc float[mr * 32];
            // Each B panel stays in cache while the A panels of the tile stream past it.
            for (int j = j0; j < j1; j += _nr)
            {
                float* bPanel = _bPacked + (long)j * _kc;
                for (int i = i0; i < i1; i += mr)
                {
                    float* aPanel = _aPacked + (long)i * _kc;
                    float* block = _c + (long)i * _n + j;
                    if (i + mr <= _m && j + _nr <= _n)
                    {
                        GemmKernel.Run(_kernel, aPanel, bPanel, block, _n, _kc, _accumulate);
                        continue;
                    }
                    // A block on the edge of C: compute a whole one in scratch and keep the part inside C.
                    int rows = Math.Min(mr, _m - i), cols = Math.Min(_nr, _n - j);
                    for (int r = 0; r < rows; r++)
                        new Span<float>(block + (long)r * _n, cols).CopyTo(new Span<float>(scratch + r * _nr, cols));
                    GemmKernel.Run(_kernel, aPanel, bPanel, scratch, _nr, _kc, _accumulate);
                    for (int r = 0; r < rows; r++)
                        new Span<float>(scratch + r * _nr, cols).CopyTo(new Span<float>(block + (long)r * _n, cols));
                }
            }
        }

        private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

        private static void EnsureLength(ref float[] buffer, int length)
        {
            if (buffer.Length < length) buffer = GC.AllocateUninitializedArray<float>(length);
        }
    }
}

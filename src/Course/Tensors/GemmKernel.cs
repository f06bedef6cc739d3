using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Course.Tensors;

/// <summary>Which micro-kernel <see cref="Gemm"/> runs: the widest one the processor executes natively.</summary>
internal enum GemmKernelKind
{
    Scalar,
    Vector256,
    Vector512,
}

/// <summary>
/// The innermost part of <see cref="Gemm"/>: packing operands into panels and the register-tiled micro-kernels.
/// A micro-kernel updates an 8 x NR block of C held in registers: for each p it loads one row of the B panel
/// (NR floats), broadcasts each of the 8 values of the A panel's column p, and adds their products with fused
/// multiply-adds. Every element of C is thus a chain c = fma(a[p], b[p], c) over p in order, the same chain in
/// every kernel, so all three kernels give the same bits.
/// </summary>
internal static unsafe class GemmKernel
{
    /// <summary>Rows of C per micro-kernel call.</summary>
    public const int Rows = 8;

    public static readonly GemmKernelKind Best =
        Vector512.IsHardwareAccelerated ? GemmKernelKind.Vector512
        : Vector256.IsHardwareAccelerated ? GemmKernelKind.Vector256
        : GemmKernelKind.Scalar;

    /// <summary>Columns of C per micro-kernel call (NR): two vectors, so each broadcast feeds two multiply-adds.</summary>
    public static int Columns(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Vector512 => 32,
        GemmKernelKind.Vector256 => 16,
        _ => 8,
    };

    /// <summary>
    /// C[0..8, 0..NR] = (accumulate ? C : 0) + A panel * B panel, where the A panel holds kc columns of 8 values
    /// and the B panel kc rows of NR values, both contiguous. C has row stride <paramref name="ldc"/>.
    /// </summary>
    public static void Run(GemmKernelKind kind, float* a, float* b, float* c, int ldc, int kc, bool accumulate)
    {
        switch (kind)
        {
            case GemmKernelKind.Vector512: Kernel512(a, b, c, ldc, kc, accumulate); break;
            case GemmKernelKind.Vector256: Kernel256(a, b, c, ldc, kc, accumulate); break;
            default: KernelScalar(a, b, c, ldc, kc, accumulate); break;
        }
    }

    // The kernels spell out their 16 accumulators so that the JIT keeps every one in a register.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(float* a, float* b, float* c, int ldc, int kc, bool accumulate)
    {
        var c00 = Load512(c, accumulate); var c01 = Load512(c + 16, accumulate);
        var c10 = Load512(c + ldc, accumulate); var c11 = Load512(c + ldc + 16, accumulate);
        var c20 = Load512(c + 2 * ldc, accumulate); var c21 = Load512(c + 2 * ldc + 16, accumulate);
        var c30 = Load512(c + 3 * ldc, accumulate); var c31 = Load512(c + 3 * ldc + 16, accumulate);
        var c40 = Load512(c + 4 * ldc, accumulate); var c41 = Load512(c + 4 * ldc + 16, accumulate);
        var c50 = Load512(c + 5 * ldc, accumulate); var c51 = Load512(c + 5 * ldc + 16, accumulate);
        var c60 = Load512(c + 6 * ldc, accumulate); var c61 = Load512(c + 6 * ldc + 16, accumulate);
        var c70 = Load512(c + 7 * ldc, accumulate); var c71 = Load512(c + 7 * ldc + 16, accumulate);
        for (int p = 0; p < kc; p++, a += 8, b += 32)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var ar = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(ar, b0, c00); c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(ar, b0, c10); c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(ar, b0, c20); c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(ar, b0, c30); c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(ar, b0, c40); c41 = Vector512.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(ar, b0, c50); c51 = Vector512.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(ar, b0, c60); c61 = Vector512.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(ar, b0, c70); c71 = Vector512.FusedMultiplyAdd(ar, b1, c71);
        }
        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16);
        c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(float* a, float* b, float* c, int ldc, int kc, bool accumulate)
    {
        var c00 = Load256(c, accumulate); var c01 = Load256(c + 8, accumulate);
        var c10 = Load256(c + ldc, accumulate); var c11 = Load256(c + ldc + 8, accumulate);
        var c20 = Load256(c + 2 * ldc, accumulate); var c21 = Load256(c + 2 * ldc + 8, accumulate);
        var c30 = Load256(c + 3 * ldc, accumulate); var c31 = Load256(c + 3 * ldc + 8, accumulate);
        var c40 = Load256(c + 4 * ldc, accumulate); var c41 = Load256(c + 4 * ldc + 8, accumulate);
        var c50 = Load256(c + 5 * ldc, accumulate); var c51 = Load256(c + 5 * ldc + 8, accumulate);
        var c60 = Load256(c + 6 * ldc, accumulate); var c61 = Load256(c + 6 * ldc + 8, accumulate);
        var c70 = Load256(c + 7 * ldc, accumulate); var c71 = Load256(c + 7 * ldc + 8, accumulate);
        for (int p = 0; p < kc; p++, a += 8, b += 16)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var ar = Vector256.Create(a[0]); c00 = Vector256.FusedMultiplyAdd(ar, b0, c00); c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]); c10 = Vector256.FusedMultiplyAdd(ar, b0, c10); c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]); c20 = Vector256.FusedMultiplyAdd(ar, b0, c20); c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]); c30 = Vector256.FusedMultiplyAdd(ar, b0, c30); c31 = Vector256.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector256.Create(a[4]); c40 = Vector256.FusedMultiplyAdd(ar, b0, c40); c41 = Vector256.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector256.Create(a[5]); c50 = Vector256.FusedMultiplyAdd(ar, b0, c50); c51 = Vector256.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector256.Create(a[6]); c60 = Vector256.FusedMultiplyAdd(ar, b0, c60); c61 = Vector256.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector256.Create(a[7]); c70 = Vector256.FusedMultiplyAdd(ar, b0, c70); c71 = Vector256.FusedMultiplyAdd(ar, b1, c71);
        }
        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + ldc); c11.Store(c + ldc + 8);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 8);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 8);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 8);
        c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 8);
    }

    /// <summary>The same 8 x 8 update one element at a time, for processors without 256-bit vectors.</summary>
    private static void KernelScalar(float* a, float* b, float* c, int ldc, int kc, bool accumulate)
    {
        const int nr = 8;
        float* acc = stackalloc float[Rows * nr];
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < nr; j++)
                acc[r * nr + j] = accumulate ? c[r * ldc + j] : 0f;
        for (int p = 0; p < kc; p++, a += Rows, b += nr)
            for (int r = 0; r < Rows; r++)
                for (int j = 0; j < nr; j++)
                    acc[r * nr + j] = MathF.FusedMultiplyAdd(a[r], b[j], acc[r * nr + j]);
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < nr; j++)
                c[r * ldc + j] = acc[r * nr + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load512(float* c, bool accumulate) => accumulate ? Vector512.Load(c) : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load256(float* c, bool accumulate) => accumulate ? Vector256.Load(c) : Vector256<float>.Zero;

    /// <summary>
    /// Copies a count x kc block of an operand, times <paramref name="scale"/>, into panels of
    /// <paramref name="width"/> (8 or NR) lines: panel q holds lines q*width.. as kc rows of width values,
    /// zero-padded past <paramref name="count"/>. Element (line w, depth p) is src[w * lineStride + p * depthStride].
    /// </summary>
    /// <remarks>
    /// When lines are contiguous (lineStride 1) each panel row is a vector copy. When depth is contiguous
    /// (depthStride 1), as for the rows of A in A*B, the block is transposed 8 x 8 at a time in registers.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* src, int lineStride, int depthStride, int count, int kc, int width, float scale, float* dest)
    {
        for (int w0 = 0; w0 < count; w0 += width, dest += width * kc)
        {
            int lines = Math.Min(width, count - w0);
            float* panelSrc = src + (long)w0 * lineStride;
            if (lineStride == 1 && Vector256.IsHardwareAccelerated)
                CopyRows(panelSrc, depthStride, lines, kc, width, scale, dest);
            else if (depthStride == 1 && Avx.IsSupported)
                for (int g = 0; g < width; g += 8)
                    Transpose(panelSrc + (long)g * lineStride, lineStride, Math.Max(0, Math.Min(8, lines - g)), kc, width, scale, dest + g);
            else
                PackScalar(panelSrc, lineStride, depthStride, lines, width, 0, kc, scale, dest, width);
        }
    }

    /// <summary>Packs lines that are contiguous: each panel row is a copy of <paramref name="lines"/> values, then zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRows(float* src, int depthStride, int lines, int kc, int width, float scale, float* dest)
    {
        var s = Vector256.Create(scale);
        for (int p = 0; p < kc; p++, src += depthStride, dest += width)
        {
            int j = 0;
            for (; j + 8 <= lines; j += 8)
                (Vector256.Load(src + j) * s).Store(dest + j);
            for (; j < lines; j++)
                dest[j] = src[j] * scale;
            for (; j < width; j++)
                dest[j] = 0f;
        }
    }

    /// <summary>Packs 8 lines (fewer at the edge, zero-padded) whose depth is contiguous, 8 x 8 blocks at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(float* src, int lineStride, int lines, int kc, int width, float scale, float* dest)
    {
        int p = 0;
        if (lines == 8)
        {
            var s = Vector256.Create(scale);
            for (; p + 8 <= kc; p += 8)
            {
                float* block = src + p;
                var r0 = Vector256.Load(block);
                var r1 = Vector256.Load(block + lineStride);
                var r2 = Vector256.Load(block + 2 * lineStride);
                var r3 = Vector256.Load(block + 3 * lineStride);
                var r4 = Vector256.Load(block + 4 * lineStride);
                var r5 = Vector256.Load(block + 5 * lineStride);
                var r6 = Vector256.Load(block + 6 * lineStride);
                var r7 = Vector256.Load(block + 7 * lineStride);
                // Interleave pairs, then quads, then swap 128-bit halves: row i of the result is column i.
                var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
                var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
                var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
                var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
                var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
                var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
                var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
                var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
                float* d = dest + p * width;
                (Avx.Permute2x128(u0, u4, 0x20) * s).Store(d);
                (Avx.Permute2x128(u1, u5, 0x20) * s).Store(d + width);
                (Avx.Permute2x128(u2, u6, 0x20) * s).Store(d + 2 * width);
                (Avx.Permute2x128(u3, u7, 0x20) * s).Store(d + 3 * width);
                (Avx.Permute2x128(u0, u4, 0x31) * s).Store(d + 4 * width);
                (Avx.Permute2x128(u1, u5, 0x31) * s).Store(d + 5 * width);
                (Avx.Permute2x128(u2, u6, 0x31) * s).Store(d + 6 * width);
                (Avx.Permute2x128(u3, u7, 0x31) * s).Store(d + 7 * width);
            }
        }
        PackScalar(src, lineStride, 1, lines, 8, p, kc, scale, dest, width);
    }

    /// <summary>
    /// Packs <paramref name="width"/> lines element by element, depth <paramref name="p0"/> to kc, into rows
    /// <paramref name="destStride"/> apart; lines past <paramref name="lines"/> become 0.
    /// </summary>
    private static void PackScalar(float* src, int lineStride, int depthStride, int lines, int width, int p0, int kc,
        float scale, float* dest, int destStride)
    {
        for (int p = p0; p < kc; p++)
            for (int w = 0; w < width; w++)
                dest[p * destStride + w] = w < lines ? src[(long)w * lineStride + (long)p * depthStride] * scale : 0f;
    }
}
